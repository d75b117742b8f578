// YAML as Ansible (PyYAML, YAML 1.1) reads it: scalar typing, merge keys, duplicate
// keys, anchors, tags, positions, and syntax errors with position and hint. The scalar
// table was checked against ansible-playbook 2.14 (`debug: msg="{{ x | to_json }}"`).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { ParseError, TsplayError, type SourcePos } from '../../../engine/errors.js'
import { getKeyPos, getPos } from '../../../engine/load/position.js'
import { LockedVaultValue } from '../../../engine/vault/vault.js'
import { loadYamlFile, loadYamlFileSync, parseYaml } from '../../../engine/load/yaml.js'

function value(text: string): unknown {
  return (parseYaml(`v: ${text}\n`, 't.yml') as Record<string, unknown>).v
}

function parseError(text: string): ParseError {
  try {
    parseYaml(text, 'bad.yml')
  } catch (err) {
    expect(err).to.be.instanceOf(ParseError)
    return err as ParseError
  }
  throw new Error('expected a ParseError')
}

describe('parseYaml scalars (YAML 1.1 as PyYAML resolves them)', () => {
  const cases: Array<[string, unknown]> = [
    ['yes', true],
    ['On', true],
    ['TRUE', true],
    ['NO', false],
    ['off', false],
    ['y', 'y'],
    ['n', 'n'],
    ['0644', 420],
    ['0o644', '0o644'],
    ['0x1F', 31],
    ['0b101', 5],
    ['08', '08'],
    ['012345678', '012345678'],
    ['190:20:30', 685230],
    ['52:54:00:12:34:56', 52 * 60 ** 5 + 54 * 60 ** 4 + 0 + 12 * 60 ** 2 + 34 * 60 + 56],
    ['52:54:00:ab:cd:ef', '52:54:00:ab:cd:ef'],
    ['1_000', 1000],
    ['+12', 12],
    ['-0o17', '-0o17'],
    ['1e3', '1e3'],
    ['1.0e+3', 1000],
    ['1.5', 1.5],
    ['6.8523015e+5', 685230.15],
    ['190:20:30.15', 685230.15],
    ['.5', 0.5],
    ['-.inf', -Infinity],
    ['1.2.3', '1.2.3'],
    ['~', null],
    ['null', null],
    ['', null],
    ['"yes"', 'yes'],
    ["'0644'", '0644'],
    ['2001-12-14', '2001-12-14'],
    ['2001-12-14 21:59:43.10 -5', '2001-12-14 21:59:43.100000-05:00'],
    ['2001-12-14t21:59:43Z', '2001-12-14 21:59:43+00:00'],
    ['!!str 123', '123'],
    ['!!int "0x10"', 16],
    ['!!float "5"', 5],
    ['!!bool "on"', true],
    ['hello world', 'hello world'],
  ]
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${String(expected)}`, () => {
      expect(value(text)).to.deep.equal(expected)
    })
  }

  it('.nan is NaN', () => {
    expect(Number.isNaN(value('.nan') as number)).to.equal(true)
  })

  it('non-string keys become the text Python prints for them', () => {
    expect(parseYaml('1: a\nyes: b\n~: c\n', 't.yml')).to.deep.equal({ 1: 'a', True: 'b', None: 'c' })
  })
})

describe('parseYaml structure', () => {
  it('keeps positions of mappings, sequences and keys', () => {
    const data = parseYaml('- hosts: all\n  tasks:\n    - name: one\n      debug: msg=hi\n', 'play.yml') as Array<Record<string, unknown>>
    const play = data[0]!
    expect(getPos(data)).to.deep.equal({ file: 'play.yml', line: 1, column: 1 })
    expect(getPos(play)).to.deep.equal({ file: 'play.yml', line: 1, column: 3 })
    expect(getKeyPos(play, 'tasks')).to.deep.equal({ file: 'play.yml', line: 2, column: 3 })
    const task = (play.tasks as Array<Record<string, unknown>>)[0]!
    expect(getKeyPos(task, 'debug')).to.deep.equal({ file: 'play.yml', line: 4, column: 7 })
  })

  it('shares anchored values and resolves aliases', () => {
    const data = parseYaml('a: &x {k: 1}\nb: *x\n', 't.yml') as Record<string, unknown>
    expect(data.b).to.equal(data.a)
  })

  it('merges `<<` with PyYAML precedence (own keys, then the first listed mapping)', () => {
    const text = 'b: &b {x: 1, y: 2}\no: &o {x: 10, z: 3}\nm:\n  <<: [*b, *o]\n  y: 20\n'
    const data = parseYaml(text, 't.yml') as Record<string, Record<string, unknown>>
    expect(data.m).to.deep.equal({ x: 1, z: 3, y: 20 })
    expect(Object.keys(data.m!)).to.deep.equal(['x', 'z', 'y'])
    expect(getKeyPos(data.m, 'x')).to.deep.equal({ file: 't.yml', line: 1, column: 8 })
  })

  it('a quoted "<<" is an ordinary key', () => {
    expect(parseYaml('"<<": 1\n', 't.yml')).to.deep.equal({ '<<': 1 })
  })

  it('warns about a duplicate key (Ansible wording) and keeps the later value', () => {
    const warnings: Array<[string, SourcePos]> = []
    const data = parseYaml('vars:\n  a: 1\n  a: 2\n', 'd.yml', { onWarning: (m, p) => warnings.push([m, p]) })
    expect(data).to.deep.equal({ vars: { a: 2 } })
    expect(warnings).to.deep.equal([
      [
        'While constructing a mapping from d.yml, line 2, column 3, found a duplicate dict key (a). Using last defined value only.',
        { file: 'd.yml', line: 3, column: 3 },
      ],
    ])
  })

  it('does not warn when a key overrides a merged one', () => {
    const warnings: string[] = []
    parseYaml('b: &b {x: 1}\nm: {<<: *b, x: 2}\n', 't.yml', { onWarning: (m) => warnings.push(m) })
    expect(warnings).to.deep.equal([])
  })

  it('empty input and comment-only input are null', () => {
    expect(parseYaml('', 'e.yml')).to.equal(null)
    expect(parseYaml('# nothing\n', 'e.yml')).to.equal(null)
  })

  it('!unsafe text renders back to itself instead of being templated', () => {
    const data = parseYaml("a: !unsafe '{{ not_a_var }}'\nb: !unsafe plain\nc: !unsafe {k: '{% x %}'}\n", 't.yml')
    expect(data).to.deep.equal({
      a: '{% raw %}{{ not_a_var }}{% endraw %}',
      b: 'plain',
      c: { k: '{% raw %}{% x %}{% endraw %}' },
    })
  })

  it('accepts continuation lines of quoted scalars and flow collections without extra indent, as PyYAML does', () => {
    const text = 'set_fact:\n  ip: "{{\n  (out.stdout.split() | first)\n  }}"\n  ids: ["a",\n  "b"]\n'
    expect(parseYaml(text, 't.yml')).to.deep.equal({ set_fact: { ip: '{{ (out.stdout.split() | first) }}', ids: ['a', 'b'] } })
  })

  it('a block scalar ending the file without a newline has no final newline (PyYAML)', () => {
    expect(parseYaml('a: |\n  x\n  y', 't.yml')).to.deep.equal({ a: 'x\ny' })
    expect(parseYaml('a: |\n  x\n  y\n', 't.yml')).to.deep.equal({ a: 'x\ny\n' })
  })

  it('a key named __proto__ is data, not a prototype', () => {
    const data = parseYaml('__proto__: {polluted: 1}\n', 't.yml') as Record<string, unknown>
    expect(Object.keys(data)).to.deep.equal(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined)
  })
})

describe('parseYaml errors', () => {
  const cases: Array<{ name: string; text: string; line: number; column: number; message: RegExp; hint?: RegExp }> = [
    {
      name: 'unquoted template at the start of a value',
      text: '- debug:\n    msg: {{ foo }}\n',
      line: 2,
      column: 11,
      message: /found unacceptable key/,
      hint: /must be quoted/,
    },
    {
      name: 'tab indentation',
      text: 'tasks:\n\t- debug: msg=hi\n',
      line: 2,
      column: 1,
      message: /Tabs are not allowed/,
      hint: /tabs/,
    },
    {
      name: 'unclosed quote',
      text: 'msg: "abc\n',
      line: 2,
      column: 1,
      message: /Missing closing "quote/,
      hint: /must end with the same quote/,
    },
    {
      name: 'extra colon in a value',
      text: '- shell: echo "a" > b: c\n',
      line: 1,
      column: 10,
      message: /Nested mappings are not allowed/,
      hint: /more than one unquoted ': '/,
    },
    {
      name: 'k=v shorthand followed by YAML keys',
      text: '- debug: msg=hi\n   when: true\n',
      line: 1,
      column: 10,
      message: /Syntax error while loading YAML/,
      hint: /mixes 'k=v' shorthand/,
    },
    {
      name: 'two documents',
      text: 'a: 1\n---\nb: 2\n',
      line: 2,
      column: 1,
      message: /expected a single document/,
    },
    { name: 'unknown tag', text: 'p: !foo bar\n', line: 1, column: 4, message: /could not determine a constructor for the tag '!foo'/ },
    { name: 'bad explicit int', text: 'p: !!int abc\n', line: 1, column: 4, message: /'abc' is not a valid !!int value/ },
    { name: 'merge of a scalar', text: 'm:\n  <<: 5\n', line: 2, column: 3, message: /expected a mapping or list of mappings for merging/ },
  ]
  it('a !vault value without vault secrets is locked: an error, at its position, only where it is used', () => {
    const value = parseYaml('p: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  3031\n', 'vars.yml') as { p: LockedVaultValue }
    expect(value.p).to.be.instanceOf(LockedVaultValue)
    expect(value.p.error.message).to.equal('Attempting to decrypt but no vault secrets found')
    expect(value.p.error.pos).to.deep.include({ file: 'vars.yml', line: 1, column: 4 })
  })

  for (const c of cases) {
    it(`${c.name} → ${c.line}:${c.column}`, () => {
      const err = parseError(c.text)
      expect(err.pos).to.deep.include({ file: 'bad.yml', line: c.line, column: c.column })
      expect(err.message).to.match(c.message)
      if (c.hint) expect(err.hint).to.match(c.hint)
      expect(err.exitCode).to.equal(4)
    })
  }

  it('shows the offending line and a caret under the column', () => {
    const err = parseError('- debug:\n    msg: {{ foo }}\n')
    expect(err.message).to.contain('- debug:\n    msg: {{ foo }}\n          ^ here')
  })
})

describe('loadYamlFile / loadYamlFileSync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-yaml-'))
  const file = join(dir, 'vars.yml')
  writeFileSync(file, 'a: 1\n')

  it('reads and parses a file, positions naming the path', async () => {
    const data = await loadYamlFile(file)
    expect(data).to.deep.equal({ a: 1 })
    expect(getPos(data)?.file).to.equal(file)
    expect(loadYamlFileSync(file)).to.deep.equal({ a: 1 })
  })

  it('a missing file is a clear error', async () => {
    const missing = join(dir, 'nope.yml')
    let caught: unknown
    try {
      await loadYamlFile(missing)
    } catch (err) {
      caught = err
    }
    expect(caught).to.be.instanceOf(TsplayError)
    expect((caught as Error).message).to.equal(`Could not find or access '${missing}': no such file`)
    expect(() => loadYamlFileSync(missing)).to.throw(TsplayError, /no such file/)
  })

  it('parses thousands of lines quickly', () => {
    let text = ''
    for (let i = 0; i < 1000; i++) text += `- name: task ${i}\n  copy:\n    src: "{{ item }}"\n    dest: /etc/x${i}\n  loop: [a, b]\n`
    const started = performance.now()
    const data = parseYaml(text, 'big.yml') as unknown[]
    expect(data).to.have.length(1000)
    expect(performance.now() - started).to.be.below(2000)
  })
})
