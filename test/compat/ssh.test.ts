// The differential suite over SSH: the same compat cases, but every inventory host is a
// loopback sshd test host (test/ssh), reached with ansible_connection=ssh, key login as the
// test user and become root — for ansible-playbook and tsplay alike (ssh-transport.ts).
// What both observed must still match.
//   COMPAT_SSH_CASES=all    every case instead of the chosen subset below
//   COMPAT_CASES=loop       only (chosen) cases whose folder name contains "loop"
import { expect } from 'chai'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import pLimit from 'p-limit'
import { listCases, type CaseConfig } from './case-config.js'
import { caseFailure, CASES_DIR, runTool, settleRun, type CaseRuns } from './harness.js'
import { ensureOracle } from './oracle.js'
import { SSH_COMPAT_HOST_COUNT } from './ssh-hosts.js'
import { sshTransport, type SshTransport } from './ssh-transport.js'
import { useSshHosts } from '../ssh/fixture.js'
import { TEST_USER } from '../ssh/lab.js'
import type { TestSshd } from '../ssh/sshd.js'

const inCI = process.env.CI === 'true' || process.env.CI === '1'
const nameFilter = process.env.COMPAT_CASES ?? ''
const everyCase = process.env.COMPAT_SSH_CASES === 'all'

/**
 * The cases where the transport matters, so the run stays near five minutes on two cores
 * (all 142 cases over SSH took 8 min here, 45 file cases with three runs each being most of
 * it): one or two file cases per file module, chosen for what goes over the wire — SFTP
 * writes, reads, stat with owner/nlink/checksum, links, recursive copies, remote_src,
 * validate and backup (commands on the target), fetch back to the controller, diff and check
 * mode (every file case runs --check first), several hosts; then commands and their output,
 * environment, facts, and the multi-host cases (one connection per host, per-host failures,
 * serial batches, free strategy, run_once/delegate_to, add_host). Templating, variable and
 * parsing cases run no differently over SSH: tsplay evaluates them on the controller.
 * Never chosen, even with COMPAT_SSH_CASES=all: cases that write to relative paths
 * (`dest: out/x`). Over SSH those resolve in the test user's home on the target, which every
 * run shares, so runs would race and out/ would stay empty.
 */
const TRANSPORT_CASES = [
  /^(101|105|106|107|108|109|111|113|114|115|117|120|125|128|130|133|134|135|136|137|138|139|140|143|145)-files-/,
  /-(command-shell-register|environment-keyword|facts-stable)$/,
  /-(any-errors-fatal|max-fail-percentage|failed-hosts-removed|block-rescue-multihost|handler-failing-host)$/,
  /-(run-once-delegate|serial-batches|strategy-free|meta-end-host-play|changed-failed-when|add-host-group-by|magic-vars)$/,
]
const RELATIVE_PATH_CASES = ['28-loop-until-retries', '53-role-full-layout', '64-check-mode-basic', '65-check-mode-per-task', '66-diff-mode', '67-check-diff-template', '81-template-module-whitespace', '82-file-edit-modules']

const chosen = (name: string) => !RELATIVE_PATH_CASES.includes(name) && (everyCase || TRANSPORT_CASES.some((pattern) => pattern.test(name)))
const cases = listCases(CASES_DIR).filter((c) => chosen(c.name) && c.name.includes(nameFilter))

/** ansible-playbook forks a worker per host, sshd a process per session: two runs at a time. */
const runSlots = pLimit(2)

/** Where `out/…` of a case lands over SSH: the login user's home on the target. */
const strayOut = join('/home', TEST_USER, 'out')

function scheduleCase(config: CaseConfig, ssh: SshTransport): Promise<CaseRuns> {
  const ansible = settleRun(runSlots(() => runTool('ansible', config, { ssh })))
  const tsplay = settleRun(runSlots(() => runTool('tsplay', config, { ssh })))
  return Promise.all([ansible, tsplay]).then(([a, t]) => ({ ansible: a, tsplay: t }))
}

describe('compat over SSH: tsplay against ansible-playbook, hosts on loopback sshd', function () {
  const ssh = useSshHosts(SSH_COMPAT_HOST_COUNT)
  const scheduled = new Map<string, Promise<CaseRuns>>()

  before(function () {
    this.timeout(20 * 60_000)
    if (!ssh.lab) this.skip() // no SSH test hosts here (test/ssh/lab.ts says why; under CI it fails instead)
    const oracle = ensureOracle((line) => console.warn(line))
    if (!oracle.available) {
      if (inCI) throw new Error(`the compat suite needs ansible-playbook: ${oracle.reason}`)
      console.warn(`\n${'!'.repeat(72)}\n!! SKIPPING the compat suite over SSH: ${oracle.reason}\n${'!'.repeat(72)}\n`)
      this.skip()
    }
    rmSync(strayOut, { recursive: true, force: true })
    const transport = sshTransport({
      endpoints: ssh.hosts.map((h) => ({ address: h.address, port: h.port })),
      user: TEST_USER,
      privateKeyFiles: { ansible: ssh.lab.keys.rsa.file, tsplay: ssh.lab.keys.ed25519.file },
    })
    for (const config of cases) scheduled.set(config.name, scheduleCase(config, transport))
  })

  it('covers the file module cases and the multi-host cases', function () {
    if (nameFilter) this.skip()
    expect(cases.filter((c) => /-files-/.test(c.name)).length).to.be.at.least(25)
    expect(cases.filter((c) => c.defaultInventory === null).length, 'cases with their own (multi-host) inventory').to.be.at.least(10)
  })

  for (const config of cases) {
    const title = config.description ? `${config.name}: ${config.description}` : config.name
    it(title, async function () {
      this.timeout(15 * 60_000)
      const failure = caseFailure(config, await scheduled.get(config.name)!)
      if (failure) expect.fail(failure)
    })
  }

  it('ran over SSH: both tools logged in to every test host, and no case wrote to a relative path', function () {
    if (nameFilter) this.skip()
    // A case writing `out/x` writes to the test user's home on the target: add it to RELATIVE_PATH_CASES.
    expect(existsSync(strayOut), `${strayOut} was written by a case with relative paths`).to.equal(false)
    // ansible-playbook logs in with the RSA key, tsplay with the ed25519 key (see `before`).
    const logins = (host: TestSshd, type: string) => (host.output.match(new RegExp(`Accepted publickey for ${TEST_USER} from \\S+ port \\d+ ssh2: ${type} `, 'g')) ?? []).length
    // Every run logs in anew, and the first inventory host is always the first test host (some
    // cases only run tasks on the controller, so not every case shows up here).
    const first = ssh.hosts[0]!
    const atLeast = Math.ceil(cases.length / 2)
    expect(logins(first, 'RSA'), `ansible-playbook's logins on ${first.address}`).to.be.at.least(atLeast)
    expect(logins(first, 'ED25519'), `tsplay's logins on ${first.address}`).to.be.at.least(atLeast)
    // Hosts past the first are used by the multi-host cases; tsplay connects only when a task needs the host.
    for (const host of ssh.hosts) expect(logins(host, 'RSA') + logins(host, 'ED25519'), `logins on ${host.address}`).to.be.at.least(1)
  })

  after(async function () {
    // Not a timed test: the sums show where the suite's minutes go.
    const total = { ansible: 0, tsplay: 0 }
    for (const runs of await Promise.all(scheduled.values())) {
      for (const tool of ['ansible', 'tsplay'] as const) {
        const run = runs[tool]
        if (!(run instanceof Error)) total[tool] += run.steps.reduce((sum, step) => sum + step.durationMs, 0)
      }
    }
    if (scheduled.size) console.log(`      compat over SSH, ${scheduled.size} cases, summed run times: ansible-playbook ${(total.ansible / 1000).toFixed(1)} s, tsplay ${(total.tsplay / 1000).toFixed(1)} s`)
  })
})
