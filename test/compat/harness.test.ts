// Unit tests of the compat harness itself: observation extraction, the first-difference
// report and case.yml loading. They need neither ansible-playbook nor tsplay.
import { expect } from 'chai'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_HOSTS_FILE, loadCase } from './case-config.js'
import { ABSENT, describeDifference, firstDifference } from './diff.js'
import { compareObservations } from './harness.js'
import { extractJsonDocument, observeResult, observeRun, type OrderedPlayObs, type PerHostPlayObs } from './observe.js'

function task(name: string, hosts: Record<string, Record<string, unknown>>) {
  return { task: { name, id: 'x', duration: { start: 'a', end: 'b' } }, hosts }
}

function document(tasks: unknown[], stats: Record<string, unknown> = {}) {
  return { plays: [{ play: { name: 'lab', id: 'p' }, tasks }], stats, custom_stats: {} }
}

describe('compat harness: observe', () => {
  const statuses: Array<[string, Record<string, unknown>, string]> = [
    ['plain ok', { changed: false }, 'ok'],
    ['changed', { changed: true }, 'changed'],
    ['skipped', { skipped: true, changed: false }, 'skipped'],
    ['failed wins over changed', { failed: true, changed: true }, 'failed'],
    ['unreachable wins over all', { unreachable: true, failed: true }, 'unreachable'],
  ]
  for (const [title, result, status] of statuses) {
    it(`status: ${title}`, () => {
      expect(observeResult(result).status).to.equal(status)
    })
  }

  it('keeps msg and the debug var key, drops noise', () => {
    const observed = observeResult({
      action: 'debug', changed: false, 'vms | length': 3, msg: 'hi', _ansible_no_log: false,
      _ansible_verbose_always: true, warnings: ['w'], invocation: { module_args: {} },
    })
    expect(observed).to.deep.equal({ status: 'ok', msg: 'hi', 'vms | length': 3 })
  })

  it('does not treat unknown keys of other modules as payload', () => {
    const observed = observeResult({ action: 'copy', changed: true, checksum: 'abc', dest: '/x', uid: 0 })
    expect(observed).to.deep.equal({ status: 'changed' })
  })

  it('keeps command output and drops timing and the discovered interpreter', () => {
    const observed = observeResult({
      action: 'command', changed: true, rc: 0, stdout: 'x', stderr: '', start: 's', end: 'e', delta: 'd',
      ansible_facts: { discovered_interpreter_python: '/usr/bin/python3' },
    })
    expect(observed).to.deep.equal({ status: 'changed', rc: 0, stdout: 'x', stderr: '' })
  })

  it('lists loop items with status and label (loop_control.label or the item)', () => {
    const observed = observeResult({
      action: 'debug', changed: false, msg: 'All items completed',
      results: [
        { item: { name: 'a' }, _ansible_item_label: 'a', ansible_loop_var: 'item', msg: 'one', changed: false },
        { vm: 'b', ansible_loop_var: 'vm', skipped: true, changed: false },
      ],
    })
    expect(observed).to.deep.equal({
      status: 'ok', msg: 'All items completed',
      items: [{ status: 'ok', label: 'a', msg: 'one' }, { status: 'skipped', label: 'b' }],
    })
  })

  it('reduces diffs to their texts, only in diff mode', () => {
    const result = {
      action: 'copy', changed: true,
      diff: [{ before: 'a\n', after: 'b\n', before_header: 'x', after_header: '/tmp/tmpabc' }, { before: { path: 'x' } }],
    }
    expect(observeResult(result)).to.deep.equal({ status: 'changed' })
    const doc = document([task('copy', { h: result })])
    const plays = observeRun(doc, 0, null, { diffMode: true }).plays as OrderedPlayObs[]
    expect(plays[0].tasks[0].hosts.h).to.deep.equal({ status: 'changed', diff: [{ before: 'a\n', after: 'b\n' }] })
  })

  it('leaves out facts of fact gathering but keeps set_fact facts', () => {
    expect(observeResult({ action: 'gather_facts', ansible_facts: { ansible_system: 'Linux' } })).to.deep.equal({ status: 'ok' })
    expect(observeResult({ action: 'set_fact', ansible_facts: { x: 1 } })).to.deep.equal({ status: 'ok', ansible_facts: { x: 1 } })
  })

  it('replaces temp paths, longest first, in keys and values', () => {
    const doc = document([task('debug', { h: { action: 'debug', '/tmp/r/case/x': '/tmp/r/case/f and /tmp/r/home' } })])
    const aliases = [{ path: '/tmp/r', alias: '<tmp>' }, { path: '/tmp/r/case', alias: '<case>' }, { path: '/tmp/r/home', alias: '<home>' }]
    const plays = observeRun(doc, 0, null, { aliases }).plays as OrderedPlayObs[]
    expect(plays[0].tasks[0].hosts.h).to.deep.equal({ status: 'ok', '<case>/x': '<case>/f and <home>' })
  })

  it('drops result-less entries and joins split entries of one task', () => {
    const doc = document([
      task('end', { h1: { action: 'meta', skipped: true } }),
      task('end', {}),
      task('end', { h3: { action: 'meta', skipped: true } }),
      task('next', { h1: { action: 'debug', msg: 1 } }),
      task('next', { h1: { action: 'debug', msg: 2 } }),
    ])
    const plays = observeRun(doc, 0, null).plays as OrderedPlayObs[]
    expect(plays[0].tasks.map((t) => [t.name, Object.keys(t.hosts)])).to.deep.equal([
      ['end', ['h1', 'h3']], ['next', ['h1']], ['next', ['h1']],
    ])
  })

  it('groups results per host when asked', () => {
    const doc = document([task('a', { h2: { action: 'debug', msg: 'x' }, h1: { action: 'debug', msg: 'y' } }), task('b', { h1: {} })])
    const plays = observeRun(doc, 0, null, { perHost: true }).plays as PerHostPlayObs[]
    expect(plays[0].hosts).to.deep.equal({
      h1: [{ task: 'a', status: 'ok', msg: 'y' }, { task: 'b', status: 'ok' }],
      h2: [{ task: 'a', status: 'ok', msg: 'x' }],
    })
  })

  it('reads the recap counts and honours ignore_keys', () => {
    const doc = document([task('t', { h: { action: 'fail', failed: true, msg: 'wording' } })], {
      h: { ok: 1, changed: 0, failures: 1, skipped: 0, unreachable: 0, rescued: 0, ignored: 0 },
    })
    const observation = observeRun(doc, 2, null, { ignoreKeys: ['msg'] })
    expect((observation.plays as OrderedPlayObs[])[0].tasks[0].hosts.h).to.deep.equal({ status: 'failed' })
    expect(observation.stats).to.deep.equal({ h: { ok: 1, changed: 0, unreachable: 0, failures: 1, skipped: 0, rescued: 0, ignored: 0 } })
  })

  it('finds the JSON document after leading noise, or reports none', () => {
    expect(extractJsonDocument('{"plays": []}')).to.deep.equal({ plays: [] })
    expect(extractJsonDocument('[WARNING]: x\n{\n  "plays": []\n}\n')).to.deep.equal({ plays: [] })
    expect(extractJsonDocument('playbook: p.yml\n  play #1')).to.equal(null)
    expect(extractJsonDocument('\n{ not json')).to.equal(null)
  })
})

describe('compat harness: first difference', () => {
  it('is null for equal observations', () => {
    expect(firstDifference({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).to.equal(null)
  })

  it('names the task and host where a value differs', () => {
    const ansible = { plays: [{ name: 'lab', tasks: [{ name: 'one', hosts: { h1: { status: 'ok', msg: 'a' } } }] }] }
    const tsplay = { plays: [{ name: 'lab', tasks: [{ name: 'one', hosts: { h1: { status: 'ok', msg: 'b' } } }] }] }
    const difference = firstDifference(ansible, tsplay)
    expect(difference?.path).to.deep.equal(['plays[0] "lab"', 'tasks[0] "one"', 'hosts', 'h1', 'msg'])
    expect(describeDifference(difference!)).to.equal(
      'first difference at: plays[0] "lab" › tasks[0] "one" › hosts › h1 › msg\n  ansible: "a"\n  tsplay:  "b"',
    )
  })

  it('reports a missing list entry with both lengths', () => {
    const difference = firstDifference({ tasks: [{ name: 'a' }, { name: 'b' }] }, { tasks: [{ name: 'a' }] })
    expect(difference?.path).to.deep.equal(['tasks[1] "b"'])
    expect(difference?.tsplay).to.equal(ABSENT)
    expect(difference?.note).to.equal('ansible has 2 tasks, tsplay has 1')
    expect(describeDifference(difference!)).to.contain('tsplay:  (absent)')
  })

  it('reports a key only one side has', () => {
    const difference = firstDifference({ h: { status: 'ok' } }, { h: { status: 'ok', msg: 'extra' } })
    expect(difference).to.deep.equal({ path: ['h', 'msg'], ansible: ABSENT, tsplay: 'extra' })
  })

  it('says which tool printed no JSON document instead of dumping the other', () => {
    const ansible = observeRun(document([task('t', { h: {} })]), 0, null)
    const tsplay = observeRun(null, 1, null)
    const difference = compareObservations(ansible, tsplay)
    expect(difference).to.deep.equal({
      path: ['plays'], ansible: 'a JSON document with 1 play(s)', tsplay: ABSENT,
      note: 'tsplay printed no JSON document, exit 1',
    })
  })

  it('compares plays before the exit code', () => {
    const ansible = observeRun(document([task('t', { h: { failed: true } })]), 2, null)
    const tsplay = observeRun(document([task('t', { h: {} })]), 0, null)
    expect(compareObservations(ansible, tsplay)?.path).to.deep.equal(['plays[0] "lab"', 'tasks[0] "t"', 'hosts', 'h', 'status'])
    expect(compareObservations(ansible, ansible)).to.equal(null)
  })

  it('tells a string from a number and a list from a dict', () => {
    expect(firstDifference({ v: '1' }, { v: 1 })?.path).to.deep.equal(['v'])
    expect(firstDifference({ v: [] }, { v: {} })?.path).to.deep.equal(['v'])
  })
})

describe('compat harness: case.yml', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'compat-case-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('defaults to playbook.yml and a generated local inventory', () => {
    const config = loadCase(dir)
    expect(config).to.include({ playbook: 'playbook.yml', inventory: 'hosts', exitCode: 0, compare: 'ordered' })
    expect(config.defaultInventory).to.equal(DEFAULT_HOSTS_FILE)
    expect(config.args).to.deep.equal([])
  })

  it('uses the case hosts file and reads every setting', () => {
    writeFileSync(join(dir, 'hosts'), 'h1 ansible_connection=local\n')
    writeFileSync(
      join(dir, 'case.yml'),
      'description: d\nargs: ["-e", "a=1", 5]\nexit_code: 2\ncompare: per-host\nignore_keys: [msg]\nplaybook: site.yml\n',
    )
    const config = loadCase(dir)
    expect(config).to.include({ description: 'd', exitCode: 2, compare: 'per-host', playbook: 'site.yml', defaultInventory: null })
    expect(config.args).to.deep.equal(['-e', 'a=1', '5'])
    expect(config.ignoreKeys).to.deep.equal(['msg'])
  })

  const invalid: Array<[string, string, RegExp]> = [
    ['unknown setting', 'argz: []\n', /unknown case setting 'argz'/],
    ['args not a list', 'args: --check\n', /'args' must be a list/],
    ['bad compare', 'compare: sorted\n', /'compare' must be/],
    ['bad exit code', 'exit_code: two\n', /'exit_code' must be an integer/],
  ]
  for (const [title, text, error] of invalid) {
    it(`rejects ${title}`, () => {
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'case.yml'), text)
      expect(() => loadCase(dir)).to.throw(error)
    })
  }
})
