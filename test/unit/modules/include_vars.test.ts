import { expect } from 'chai'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import includeVars from '../../../modules/include_vars.js'
import { fakeContext, FakeHost } from './fake-host.js'

const host = new FakeHost()
const base = { extensions: ['yaml', 'yml', 'json'] }

describe('include_vars module', () => {
  let root: string
  let ctx: ReturnType<typeof fakeContext>
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'tsplay-vars-'))
    const files: Record<string, string> = {
      'vars/main.yml': 'a: 1\nnested: {x: 1, y: 2}\n',
      'vars/empty.yml': '',
      'vars/list.yml': '- 1\n- 2\n',
      'vars/nodes/10-first.yml': 'first: true\nshared: first\n',
      'vars/nodes/20-second.json': '{"second": true, "shared": "second"}',
      'vars/nodes/README.md': 'not vars',
      'vars/nodes/deeper/30-deep.yml': 'deep: true\n',
    }
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(root, name, '..'), { recursive: true })
      writeFileSync(join(root, name), text)
    }
    ctx = fakeContext({
      playbookDir: root,
      pos: { file: join(root, 'play.yml'), line: 3, column: 5 },
      findFile: (name, kind) => (kind === 'vars' && !name.includes('missing') ? join(root, 'vars', name) : undefined),
      vars: { nested: { x: 0, z: 3 } },
    })
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('loads one file (free form) and lists it', async () => {
    const out = await includeVars.run(host, { ...base, _raw_params: 'main.yml\n' }, ctx)
    expect(out).to.deep.equal({
      kind: 'ok',
      result: { ansible_facts: { a: 1, nested: { x: 1, y: 2 } }, ansible_included_var_files: [join(root, 'vars/main.yml')] },
    })
  })

  it('puts the variables under name, and merges with hash_behaviour=merge', async () => {
    const named = await includeVars.run(host, { ...base, file: 'main.yml', name: 'cfg' }, ctx)
    expect(named.result.ansible_facts).to.deep.equal({ cfg: { a: 1, nested: { x: 1, y: 2 } } })
    const merged = await includeVars.run(host, { ...base, file: 'main.yml', hash_behaviour: 'merge' }, ctx)
    expect(merged.result.ansible_facts).to.deep.equal({ a: 1, nested: { x: 1, y: 2, z: 3 } })
  })

  it('treats an empty file as no variables', async () => {
    const out = await includeVars.run(host, { ...base, file: 'empty.yml' }, ctx)
    expect(out.result.ansible_facts).to.deep.equal({})
  })

  const dirCases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['all files, in order, skipping ignored ones', { ignore_files: ['README.md'] }, { first: true, second: true, shared: 'second', deep: true }],
    ['one level', { depth: 1, ignore_unknown_extensions: true }, { first: true, second: true, shared: 'second' }],
    ['matching files only', { files_matching: '^\\d+-(first|deep)', ignore_unknown_extensions: true }, { first: true, shared: 'first', deep: true }],
  ]
  for (const [title, p, facts] of dirCases) {
    it(`loads a folder: ${title}`, async () => {
      const out = await includeVars.run(host, { ...base, dir: 'nodes', ...p }, ctx)
      expect(out.kind).to.equal('ok')
      expect(out.result.ansible_facts).to.deep.equal(facts)
    })
  }

  // Ansible reports load failures under `message` (no `msg`); argument errors under `msg`.
  const failures: [string, Record<string, unknown>, 'message' | 'msg', RegExp][] = [
    ['a missing file', { file: 'missing.yml' }, 'message', /Could not find or access 'missing.yml'/],
    ['a file that is not a mapping', { file: 'list.yml' }, 'message', /must be stored as a dictionary\/hash/],
    ['a folder with a file of another extension', { dir: 'nodes' }, 'message', /README.md does not have a valid extension: yaml, yml, json/],
    ['a missing folder', { dir: '/nonexistent/vars' }, 'message', /directory does not exist/],
    ['file and folder arguments together', { file: 'main.yml', depth: 1 }, 'msg', /mixing file only and dir only arguments/],
  ]
  for (const [title, p, key, text] of failures) {
    it(`fails for ${title}`, async () => {
      const out = await includeVars.run(host, { ...base, ...p }, ctx)
      expect(out.kind).to.equal('fail')
      expect(String(out.result[key])).to.match(text)
      if (key === 'message') expect(out.result.msg).to.equal(undefined)
    })
  }
})
