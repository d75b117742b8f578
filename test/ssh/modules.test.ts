// The general modules over SSH: the idempotency scenarios of test/unit/modules (check mode,
// apply, apply again), run through a real ssh connection to a loopback sshd host instead of
// the local connection — once as the login user in a folder of its own, once with become
// (sudo to root) in a folder only root may enter, plus user and group with become. The sshd
// is on this machine, so the snapshots that prove "check mode changed nothing" and "the second
// run changed nothing" are taken directly on the files and account databases.
import { expect } from 'chai'
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BecomeSpec } from '../../engine/connection/connection.js'
import { TaskHost } from '../../engine/module.js'
import { builtinModules } from '../../modules/index.js'
import { localScenarios, prepareController } from '../unit/modules/idempotency/local-scenarios.js'
import { idempotencyProblems, traceScenario, type Scenario } from '../unit/modules/idempotency/scenario.js'
import { treeSnapshot } from '../unit/modules/idempotency/snapshot.js'
import { TestServer } from '../unit/modules/system/http-server.js'
import { useSshHosts } from './fixture.js'
import { TEST_USER } from './lab.js'

const ROOT: BecomeSpec = { method: 'sudo', user: 'root' }
const PROBE_USER = 'tsplaysshuser'
const PROBE_GROUP = 'tsplaysshgroup'

/** What each variant runs as, and where its scenarios keep their files. */
interface Variant {
  title: string
  become?: BecomeSpec
  /** Folder for this variant's scenario folders: writable by whom the modules run as. */
  makeRoot(scratch: string): string
  /** After a scenario's setup (done here as root): hand its files to whom the modules run as. */
  handOver(root: string): void
}

const VARIANTS: Variant[] = [
  {
    title: `as the login user (${TEST_USER}), SFTP and exec channels`,
    makeRoot: (scratch) => mkdtempSync(join(scratch, 'modules-')),
    handOver: (root) => void execFileSync('chown', ['-R', `${TEST_USER}:${TEST_USER}`, root]),
  },
  {
    title: 'with become (sudo to root) in a folder only root may enter',
    become: ROOT,
    makeRoot: () => {
      const root = mkdtempSync(join(tmpdir(), 'tsplay-sshmodules-'))
      chmodSync(root, 0o700)
      return root
    },
    handOver: () => undefined,
  },
]

/** Scenarios that touch the target: controller-only modules behave the same on any connection. */
const onTarget = (scenario: Scenario) => !builtinModules[scenario.module]?.controllerOnly

function removeProbeAccounts(): void {
  // userdel/groupdel exit non-zero when there is nothing to remove: that is fine here.
  spawnSync('userdel', ['--remove', PROBE_USER], { stdio: 'ignore' })
  spawnSync('groupdel', [PROBE_GROUP], { stdio: 'ignore' })
}

/** The probe account's entries (not whole files: other tests may add their own users meanwhile). */
function accountEntries(): Promise<string> {
  const entry = (db: string, key: string) => spawnSync('getent', [db, key], { encoding: 'utf8' }).stdout.trim() || `${db} ${key}: none`
  return Promise.resolve([entry('passwd', PROBE_USER), entry('group', PROBE_USER), entry('shadow', PROBE_USER), entry('group', PROBE_GROUP)].join('\n'))
}

function accountScenarios(): Scenario[] {
  const home = `/home/${PROBE_USER}`
  return [
    {
      module: 'user',
      how: 'become root; the account is made and removed by the test',
      expect: 'converges',
      params: { name: PROBE_USER, shell: '/bin/sh', comment: 'tsplay ssh probe', create_home: true },
      host: () => undefined as never,
      setup: async () => removeProbeAccounts(),
      snapshot: async () => `${await accountEntries()}\n${await treeSnapshot(home)}`,
    },
    {
      module: 'group',
      how: 'become root; the group is made and removed by the test',
      expect: 'converges',
      params: { name: PROBE_GROUP },
      host: () => undefined as never,
      setup: async () => removeProbeAccounts(),
      snapshot: () => accountEntries(),
    },
  ]
}

describe('modules over SSH: check mode changes nothing, apply, a rerun changes nothing', function () {
  this.timeout(60_000)
  const ssh = useSshHosts(1)
  const server = new TestServer({ '/image.qcow2': { body: 'qcow2 image bytes\n', lastModified: new Date('2024-03-01T00:00:00Z') } })
  const roots: string[] = []
  let controller = ''

  before(async function () {
    if (!ssh.lab) this.skip()
    await server.start()
    controller = mkdtempSync(join(tmpdir(), 'tsplay-sshmodules-controller-'))
    await prepareController(controller)
  })
  after(async () => {
    await server.stop()
    removeProbeAccounts()
    for (const dir of [controller, ...roots]) if (dir) rmSync(dir, { recursive: true, force: true })
  })

  /** Runs the scenario through a fresh ssh connection (closed after the test by the fixture). */
  async function traceOverSsh(scenario: Scenario, become: BecomeSpec | undefined, handOver: () => void) {
    const conn = ssh.connect(ssh.hosts[0]!)
    const overSsh: Scenario = {
      ...scenario,
      host: () => new TaskHost('sshhost', conn, { become }),
      setup: async () => {
        await scenario.setup?.()
        handOver()
      },
    }
    const logins = () => ssh.hosts[0]!.output.split('Accepted publickey').length
    const before = logins()
    const trace = await traceScenario(builtinModules[scenario.module]!, overSsh)
    // The module went through sshd (a fresh connection per test logs in once).
    expect(logins() - before, 'logins during the scenario').to.equal(1)
    return trace
  }

  for (const variant of VARIANTS) {
    describe(variant.title, () => {
      const setting = { root: '', controller: '', downloadUrl: '' }
      const scenarios = () => localScenarios(setting).filter(onTarget)
      before(function () {
        if (!ssh.lab) this.skip()
        const root = variant.makeRoot(ssh.lab.scratch)
        roots.push(root)
        Object.assign(setting, { root: join(root, 'sandbox'), controller, downloadUrl: server.url('/image.qcow2') })
        mkdirSync(setting.root)
        variant.handOver(root)
      })
      // Titles are built before the folders exist; each test takes its scenario again by index.
      for (const [index, listed] of localScenarios({ root: '/pending', controller: '', downloadUrl: '' }).filter(onTarget).entries()) {
        it(`${listed.module} (${listed.how.replace('local connection', 'over ssh')})`, async () => {
          const scenario = scenarios()[index]!
          const trace = await traceOverSsh(scenario, variant.become, () => variant.handOver(setting.root))
          expect(idempotencyProblems(trace, scenario.expect), JSON.stringify(trace, null, 1)).to.deep.equal([])
        })
      }
    })
  }

  describe('accounts, with become (sudo to root)', () => {
    for (const scenario of accountScenarios()) {
      it(`${scenario.module} (${scenario.how})`, async () => {
        const trace = await traceOverSsh(scenario, ROOT, () => undefined)
        expect(idempotencyProblems(trace, scenario.expect), JSON.stringify(trace, null, 1)).to.deep.equal([])
        expect(await accountEntries()).to.include(scenario.module === 'user' ? `${PROBE_USER}:x:` : `${PROBE_GROUP}:x:`)
      })
    }
  })
})
