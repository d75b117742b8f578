// Cases that run their playbook several times (case.yml `runs:`): how the runs are read,
// when ansible's runs show the case is broken (exit code, out/ touched, changed count), and
// how the first differing run is reported. Needs neither ansible-playbook nor tsplay.
import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadCase, type CaseConfig } from './case-config.js'
import { ABSENT } from './diff.js'
import { brokenCaseReason, compareRuns, explainMismatch, type RunResult, type StepResult } from './harness.js'
import type { HostStats, Observation } from './observe.js'
import type { OutTree } from './out-tree.js'

function withCaseYml(text: string, test: (config: CaseConfig) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'compat-runs-'))
  try {
    writeFileSync(join(dir, 'case.yml'), text)
    test(loadCase(dir))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const THREE_RUNS = `runs:
  - { args: [--check], untouched: true }
  - []
  - { args: [], untouched: true, changed: 0 }
`

describe('compat harness: case.yml runs', () => {
  it('runs once with the case exit code when runs is not given', () => {
    withCaseYml('exit_code: 2\n', (config) => {
      expect(config.runs).to.deep.equal([{ args: [], exitCode: 2, untouched: false, changed: null }])
    })
  })

  it('reads argument lists and mappings', () => {
    withCaseYml(`${THREE_RUNS}  - { args: [--tags, x], exit_code: 4 }\n`, (config) => {
      expect(config.runs).to.deep.equal([
        { args: ['--check'], exitCode: 0, untouched: true, changed: null },
        { args: [], exitCode: 0, untouched: false, changed: null },
        { args: [], exitCode: 0, untouched: true, changed: 0 },
        { args: ['--tags', 'x'], exitCode: 4, untouched: false, changed: null },
      ])
    })
  })

  const invalid: Array<[string, string, RegExp]> = [
    ['an empty list', 'runs: []\n', /'runs' must be a non-empty list/],
    ['a string', 'runs: --check\n', /'runs' must be a non-empty list/],
    ['a scalar entry', 'runs: [3]\n', /'runs\[0\]' must be an argument list or a mapping/],
    ['an unknown key', 'runs: [{ argz: [] }]\n', /unknown setting 'argz' in runs\[0\]/],
    ['a non-boolean untouched', 'runs: [{ untouched: yes please }]\n', /'runs\[0\].untouched' must be true or false/],
    ['a non-integer changed', 'runs: [{ changed: none }]\n', /'changed' must be an integer/],
  ]
  for (const [title, text, error] of invalid) {
    it(`rejects ${title}`, () => {
      expect(() => withCaseYml(text, () => {})).to.throw(error)
    })
  }
})

const STATS: HostStats = { ok: 3, changed: 0, unreachable: 0, failures: 0, skipped: 0, rescued: 0, ignored: 0 }

function step(options: { exitCode?: number; changed?: number; tree?: OutTree | null; msg?: string } = {}): StepResult {
  const observation: Observation = {
    exitCode: options.exitCode ?? 0,
    plays: [{ name: 'p', tasks: [{ name: 't', hosts: { localhost: { status: 'ok', msg: options.msg ?? 'same' } } }] }],
    stats: { localhost: { ...STATS, changed: options.changed ?? 0 } },
    outFiles: options.tree ?? null,
  }
  return { command: ['tool', 'playbook.yml'], exitCode: observation.exitCode, stdout: '', stderr: 'last words', timedOut: false, observation }
}

function result(tool: 'ansible' | 'tsplay', steps: StepResult[], initialTree: OutTree | null = null): RunResult {
  return { tool, initialTree, steps, keptDir: null }
}

const EMPTY: OutTree = { '': { type: 'dir', mode: '0755' } }
const WRITTEN: OutTree = { ...EMPTY, 'a.conf': { type: 'file', mode: '0644', content: 'a\n' } }

describe('compat harness: expectations of runs', () => {
  const cases: Array<[string, StepResult[], RegExp | null]> = [
    ['all met', [step({ tree: EMPTY, changed: 1 }), step({ tree: WRITTEN, changed: 1 }), step({ tree: WRITTEN })], null],
    ['check run wrote a file', [step({ tree: WRITTEN }), step({ tree: WRITTEN }), step({ tree: WRITTEN })], /changed out\/ \(a\.conf\) where case.yml expects it untouched in run 1/],
    ['rerun still changed', [step({ tree: EMPTY }), step({ tree: WRITTEN, changed: 1 }), step({ tree: WRITTEN, changed: 1 })], /reported changed=1 on localhost, case.yml expects changed=0 in run 3/],
    ['rerun exited 2', [step({ tree: EMPTY }), step({ tree: WRITTEN }), step({ tree: WRITTEN, exitCode: 2 })], /exited 2, case.yml expects 0 in run 3[^]*last words/],
  ]
  for (const [title, steps, expected] of cases) {
    it(title, () => {
      withCaseYml(THREE_RUNS, (config) => {
        const reason = brokenCaseReason(config, result('ansible', steps, EMPTY))
        if (expected === null) expect(reason).to.equal(null)
        else expect(reason).to.match(expected)
      })
    })
  }

  it('keeps the single-run wording', () => {
    withCaseYml('exit_code: 2\n', (config) => {
      expect(brokenCaseReason(config, result('ansible', [step()]))).to.match(/^broken case compat-runs-\w+: ansible-playbook exited 0, case.yml expects 2\n/)
    })
  })
})

describe('compat harness: comparing runs', () => {
  it('names the first run that differs and its tsplay stderr', () => {
    withCaseYml(THREE_RUNS, (config) => {
      const ansible = result('ansible', [step(), step({ msg: 'x' }), step()])
      const tsplay = result('tsplay', [step(), step({ msg: 'y' }), step({ msg: 'z' })])
      const difference = compareRuns(config, ansible, tsplay)
      expect(difference?.step).to.equal(1)
      expect(difference?.path).to.deep.equal(['run 2/3 (no extra arguments)', 'plays[0] "p"', 'tasks[0] "t"', 'hosts', 'localhost', 'msg'])
      const message = explainMismatch({ config, ansible, tsplay, broken: null, difference })
      expect(message).to.contain('run 2/3').and.contain('--- tsplay stderr ---\nlast words')
    })
  })

  it('compares trees by mode too', () => {
    withCaseYml(THREE_RUNS, (config) => {
      const locked: OutTree = { ...EMPTY, 'a.conf': { type: 'file', mode: '0600', content: 'a\n' } }
      const difference = compareRuns(config, result('ansible', [step(), step({ tree: WRITTEN }), step()]), result('tsplay', [step(), step({ tree: locked }), step()]))
      expect(difference?.path.slice(-3)).to.deep.equal(['outFiles', 'a.conf', 'mode'])
    })
  })

  it('reports a run that tsplay never got to', () => {
    withCaseYml(THREE_RUNS, (config) => {
      const difference = compareRuns(config, result('ansible', [step(), step(), step()]), result('tsplay', [step()]))
      expect(difference).to.include({ step: 1, ansible: 'a run', tsplay: ABSENT })
      expect(difference?.path).to.deep.equal(['run 2/3 (no extra arguments)'])
      expect(difference?.note).to.match(/tsplay did not get to this run/)
    })
  })

  it('is null when every run matches, and single runs have no run label', () => {
    withCaseYml(THREE_RUNS, (config) => {
      expect(compareRuns(config, result('ansible', [step(), step(), step()]), result('tsplay', [step(), step(), step()]))).to.equal(null)
    })
    withCaseYml('description: one run\n', (config) => {
      const difference = compareRuns(config, result('ansible', [step({ msg: 'a' })]), result('tsplay', [step({ msg: 'b' })]))
      expect(difference?.path[0]).to.equal('plays[0] "p"')
    })
  })
})
