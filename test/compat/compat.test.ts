// The differential suite: every folder in cases/ runs under ansible-playbook (the oracle) and
// under tsplay, and what each observed (tasks, per-host status and messages, loop items, PLAY
// RECAP counts, exit code, the tree under out/) must match, run by run when a case runs the
// playbook several times (case.yml `runs:`).
//   COMPAT_CASES=loop     only cases whose folder name contains "loop"
//   COMPAT_ORACLE_ONLY=1  only check that every case runs as expected under ansible-playbook
import { expect } from 'chai'
import pLimit from 'p-limit'
import { listCases, type CaseConfig } from './case-config.js'
import { caseFailure, CASES_DIR, runTool, settleRun, type CaseRuns } from './harness.js'
import { ensureOracle } from './oracle.js'

const oracleOnly = process.env.COMPAT_ORACLE_ONLY === '1'
const nameFilter = process.env.COMPAT_CASES ?? ''
const inCI = process.env.CI === 'true' || process.env.CI === '1'
const cases = listCases(CASES_DIR).filter((c) => c.name.includes(nameFilter))

/** ansible-playbook forks a worker per host: two runs at a time is what two cores can carry. */
const runSlots = pLimit(2)

/** Queues both runs of a case; the queue is first-in first-out, so cases finish in test order. */
function scheduleCase(config: CaseConfig): Promise<CaseRuns> {
  const ansible = settleRun(runSlots(() => runTool('ansible', config)))
  const tsplay = oracleOnly ? Promise.resolve(null) : settleRun(runSlots(() => runTool('tsplay', config)))
  return Promise.all([ansible, tsplay]).then(([a, t]) => ({ ansible: a, tsplay: t }))
}

describe('compat: tsplay against ansible-playbook', function () {
  const scheduled = new Map<string, Promise<CaseRuns>>()

  before(function () {
    this.timeout(20 * 60_000)
    const oracle = ensureOracle((line) => console.warn(line))
    if (!oracle.available) {
      if (inCI) throw new Error(`the compat suite needs ansible-playbook: ${oracle.reason}`)
      console.warn(`\n${'!'.repeat(72)}\n!! SKIPPING the compat suite: ${oracle.reason}\n${'!'.repeat(72)}\n`)
      this.skip()
    }
    for (const config of cases) scheduled.set(config.name, scheduleCase(config))
  })

  it('has at least 60 cases', function () {
    if (nameFilter) this.skip()
    expect(cases.length).to.be.at.least(60)
  })

  for (const config of cases) {
    const title = config.description ? `${config.name}: ${config.description}` : config.name
    it(title, async function () {
      this.timeout(15 * 60_000)
      const failure = caseFailure(config, await scheduled.get(config.name)!)
      if (failure) expect.fail(failure)
    })
  }
})
