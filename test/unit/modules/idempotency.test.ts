// "For every module, a real apply followed by a second run reports changed: false" — and
// check mode before the first apply changes nothing. Every registered module has a scenario:
// - real, in-process: file modules in a temp folder, command/shell/script with creates,
//   get_url from a loopback server, unarchive of a test archive, read-only modules;
// - real, in an isolated root (a child process under `unshare --mount --uts` with overlays on
//   /etc, /home, /root, /opt and the dpkg/apt state): user, group, authorized_key, hostname,
//   apt, package, service (init script), modprobe (boot files real, kernel a stand-in);
// - against stand-ins of their command-line tools: systemd (no systemd is pid 1 here), dnf and
//   yum (this is Debian), vbmc and undercloud_install (VirtualBMC, TripleO), node_introspect
//   (a scripted Ironic); sysctl, kvm_nested and netplan for real on a mirror tree (`root`).
// meta is handled by the engine, not run as a module; its scenario checks just that.
import { expect } from 'chai'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TsplayError } from '../../../engine/errors.js'
import { builtinModules } from '../../../modules/index.js'
import { fakeContext } from './fake-host.js'
import { TestServer } from './system/http-server.js'
import { isolatedScenarioList, runIsolated, type IsolatedOutcome } from './idempotency/isolated.js'
import { labScenarios } from './idempotency/lab-scenarios.js'
import { localScenarios, prepareController } from './idempotency/local-scenarios.js'
import { idempotencyProblems, traceScenario, type Scenario } from './idempotency/scenario.js'
import { standInScenarios } from './idempotency/stand-in-scenarios.js'

const DOWNLOAD = 'qcow2 image bytes\n'

describe('module idempotency: apply, then a second run reports changed=false', function () {
  this.timeout(60_000)
  let root: string
  const server = new TestServer({ '/image.qcow2': { body: DOWNLOAD, lastModified: new Date('2024-03-01T00:00:00Z') } })
  // Test titles need the scenario lists before the folders and the server exist: the lists are
  // built once with these placeholders for the titles, and again inside each test.
  const setting = { root: join(tmpdir(), 'tsplay-idempotency-pending'), controller: '', downloadUrl: '' }
  const inProcess = () => [...localScenarios(setting), ...standInScenarios(setting.root), ...labScenarios(setting.root)]

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'tsplay-idempotency-'))
    await server.start()
    Object.assign(setting, { root: join(root, 'sandbox'), controller: join(root, 'controller'), downloadUrl: server.url('/image.qcow2') })
    await prepareController(setting.controller)
  })
  after(async () => {
    await server.stop()
    await rm(root, { recursive: true, force: true })
  })

  // libvirt_net and vm_domain need a running libvirtd: their apply → rerun → no change (and
  // check mode touching nothing) is tested against a real daemon in test/integration/libvirt/.
  const coveredByIntegration = ['libvirt_net', 'vm_domain']
  // async_status only reads the engine's table of async jobs (test/cli/async.test.ts); it changes nothing.
  const covered = new Set<string>(['meta', 'async_status', ...coveredByIntegration])
  const describeScenario = (scenario: Scenario) => `${scenario.module} (${scenario.how})`
  for (const scenario of [...inProcess(), ...isolatedScenarioList()]) covered.add(scenario.module)

  it('has a scenario for every registered module', () => {
    expect(Object.keys(builtinModules).filter((name) => !covered.has(name))).to.deep.equal([])
  })

  describe('in-process', () => {
    for (const [index, listed] of inProcess().entries()) {
      it(describeScenario(listed), async () => {
        const scenario = inProcess()[index]!
        const trace = await traceScenario(builtinModules[scenario.module]!, scenario)
        expect(idempotencyProblems(trace, scenario.expect), JSON.stringify(trace, null, 1)).to.deep.equal([])
      })
    }
  })

  describe('in an isolated root (unshare --mount --uts)', function () {
    let outcomes: Promise<Map<string, IsolatedOutcome>>
    before(function () {
      outcomes = runIsolated()
    })
    for (const listed of isolatedScenarioList()) {
      it(`${listed.module} (${listed.how})`, async function () {
        this.timeout(180_000)
        const outcome = (await outcomes).get(listed.module)!
        if (outcome.error) expect.fail(`${listed.module}: ${outcome.error}`)
        expect(idempotencyProblems(outcome.trace!, listed.expect), JSON.stringify(outcome.trace, null, 1)).to.deep.equal([])
      })
    }
  })

  it('meta (handled by the engine: as a module it refuses to run)', async () => {
    const meta = builtinModules.meta!
    let error: unknown
    await meta.run({} as never, { _raw_params: 'noop' }, fakeContext()).catch((err: unknown) => (error = err))
    expect(error).to.be.instanceOf(TsplayError)
    expect((error as Error).message).to.match(/must be handled by the engine/)
  })
})
