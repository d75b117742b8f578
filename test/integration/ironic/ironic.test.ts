// undercloud_install (flavor ironic) and node_introspect against a real standalone
// Ironic from Debian's packages: the module starts the single `ironic` process on a free
// loopback port with everything in a temporary folder, and node_introspect drives it
// with the openstack client. Nodes are fake-hardware (Ironic's own stand-in for a
// machine), manual-management, and one ipmi node whose BMC is a loopback port nobody
// listens on, so its verification fails for real. The process is stopped by its pid.
import { expect } from 'chai'
import nodeIntrospect from '../../../modules/node_introspect.js'
import undercloud from '../../../modules/undercloud_install.js'
import { freePort, IronicSandbox, requireIronicPackages, runsOurConf, runTask } from './ironic.js'

interface NodeRow {
  Name: string
  'Provisioning State': string
  'Last Error': string | null
}

describe('standalone Ironic: undercloud_install and node_introspect', function () {
  this.timeout(120_000)
  let ironic: IronicSandbox
  let deadBmcPort: number
  const timings: Record<string, number> = {}

  const nodes = () => [
    { name: 'controller-0', pm_type: 'fake-hardware', mac: ['52:54:00:AA:00:01'], cpu: 4, memory: 8192, disk: 40, arch: 'x86_64' },
    { name: 'compute-0', pm_type: 'fake-hardware', mac: ['52:54:00:aa:00:02'] },
    { name: 'manual-0', pm_type: 'manual-management', mac: ['52:54:00:aa:00:03'] },
  ]
  const deadBmcNode = () => ({ name: 'dead-bmc-0', pm_type: 'ipmi', pm_addr: '127.0.0.1', pm_port: deadBmcPort, pm_user: 'admin', pm_password: 'ipmi-secret' })
  const introspect = (list: unknown[], extra: Record<string, unknown> = {}, check = false) =>
    runTask(nodeIntrospect, { nodes: list, rc_file: ironic.rc, poll_interval: 0.5, timeout: 120, ...extra }, { check })
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = Date.now()
    const result = await work()
    timings[name] = Date.now() - start
    return result
  }
  const rows = () => Object.fromEntries(ironic.baremetal<NodeRow[]>('node', 'list', '--fields', 'name', 'provision_state', 'last_error').map((r) => [r.Name, r]))

  before(async function () {
    this.timeout(1_200_000)
    requireIronicPackages(this)
    ironic = new IronicSandbox(await freePort('tcp'))
    deadBmcPort = await freePort('udp')
  })

  after(async function () {
    this.timeout(30_000)
    if (ironic) await ironic.destroy()
    if (Object.keys(timings).length) console.log(`    timings (ms): ${JSON.stringify(timings)}`)
  })

  it('check mode on a fresh target writes nothing and starts nothing', async () => {
    const checked = await runTask(undercloud, ironic.params(), { check: true })
    expect(checked).to.include({ changed: true })
    expect(checked.steps).to.include.members([`write ${ironic.conf}`, 'create the database schema', 'start ironic', `write ${ironic.rc}`])
    expect(() => ironic.pid()).to.throw()
    expect(await fetch(`http://127.0.0.1:${ironic.port}/`).then(() => true, () => false)).to.equal(false)
  })

  it('configures Ironic, creates its schema, starts it detached and writes the rc file', async () => {
    const first = await timed('install', () => runTask(undercloud, ironic.params()))
    expect(first.failed, String(first.msg)).to.equal(undefined)
    expect(first).to.include({ changed: true, service_manager: 'process', endpoint: `http://127.0.0.1:${ironic.port}` })
    const root = (await (await fetch(`http://127.0.0.1:${ironic.port}/v1`)).json()) as { id: string }
    expect(root.id).to.equal('v1')
    expect(runsOurConf(ironic.pid(), ironic.conf)).to.equal(true)
    expect(ironic.baremetal<{ 'Supported driver(s)': string }[]>('driver', 'list').map((d) => d['Supported driver(s)']).sort()).to.deep.equal(['fake-hardware', 'ipmi', 'manual-management'])
  })

  it('a second run changes nothing', async () => {
    const pid = ironic.pid()
    const second = await timed('install rerun', () => runTask(undercloud, ironic.params()))
    expect(second).to.include({ changed: false })
    expect(ironic.pid()).to.equal(pid)
  })

  it('a changed config restarts the process (new pid), then changes nothing again', async () => {
    const pid = ironic.pid()
    const changed = await timed('restart', () => runTask(undercloud, ironic.params({ conductor: { sync_power_state_interval: 120 } })))
    expect(changed.failed, String(changed.msg)).to.equal(undefined)
    expect(changed.steps).to.deep.equal([`write ${ironic.conf}`, 'restart ironic'])
    expect(ironic.pid()).to.not.equal(pid)
    expect(runsOurConf(pid, ironic.conf)).to.equal(false)
    expect(runsOurConf(ironic.pid(), ironic.conf)).to.equal(true)
    expect(await runTask(undercloud, ironic.params({ conductor: { sync_power_state_interval: 120 } }))).to.include({ changed: false })
  })

  it('node_introspect in check mode enrolls nothing', async () => {
    const checked = await introspect([...nodes(), deadBmcNode()], {}, true)
    expect(checked.changed).to.equal(true)
    expect((checked.diff as { prepared: string }).prepared).to.include('controller-0: enroll (fake-hardware); add port 52:54:00:aa:00:01; enroll → manage → inspect → provide\n')
    expect(ironic.baremetal('node', 'list')).to.deep.equal([])
  })

  it('enrolls, inspects and provides the nodes, and reports the dead BMC with Ironic\'s last_error', async () => {
    const run = await timed('introspect 4 nodes', () => introspect([...nodes(), deadBmcNode()]))
    expect(run.changed).to.equal(true)
    expect(run.failed).to.equal(true)
    expect(String(run.msg)).to.match(/^introspection failed for 1 of 4 node\(s\): dead-bmc-0 \(enroll\): Failed to get power state for node [0-9a-f-]+\. Error: IPMI call failed: power status\.$/)
    const report = Object.fromEntries((run.nodes as Record<string, unknown>[]).map((n) => [n.name, n]))
    expect(report['controller-0']).to.include({ provision_state: 'available', inspected: true, created: true, last_error: null })
    expect(report['compute-0']).to.include({ provision_state: 'available', inspected: true })
    expect(report['manual-0']).to.include({ provision_state: 'available', inspected: false, not_inspectable: true, manual_power: true })
    expect(report['dead-bmc-0']).to.include({ provision_state: 'enroll', failed: true })
    expect(String((run.warnings as string[]).join('\n'))).to.include('manual-0 has no inspect interface (no-inspect): made available without inspection')
    // Which intermediate states a poll sees depends on timing; where each node ended does not.
    expect(run.progress.filter((l) => /^controller-0: \S+ → available$/.test(l))).to.have.length(1)
    expect(run.progress.some((l) => /^controller-0: enrolled as [0-9a-f-]{36} \(fake-hardware\)$/.test(l))).to.equal(true)
    // What Ironic holds, read with the client directly.
    const now = rows()
    expect(Object.fromEntries(Object.entries(now).map(([name, r]) => [name, r['Provisioning State']]))).to.deep.equal({
      'controller-0': 'available', 'compute-0': 'available', 'manual-0': 'available', 'dead-bmc-0': 'enroll',
    })
    expect(now['dead-bmc-0']!['Last Error']).to.include('IPMI call failed: power status')
    const controller = ironic.baremetal<{ properties: Record<string, unknown>; inspection_finished_at: string | null }>('node', 'show', 'controller-0')
    expect(controller.properties).to.deep.include({ cpus: 4, memory_mb: 8192, local_gb: 40, cpu_arch: 'x86_64' })
    expect(controller.inspection_finished_at).to.be.a('string')
    const ports = ironic.baremetal<{ Address: string }[]>('port', 'list', '--fields', 'address').map((p) => p.Address).sort()
    expect(ports).to.deep.equal(['52:54:00:aa:00:01', '52:54:00:aa:00:02', '52:54:00:aa:00:03'])
    expect(JSON.stringify(run)).to.not.include('ipmi-secret')
  })

  it('a second run leaves the introspected nodes alone', async () => {
    const again = await timed('introspect rerun', () => introspect(nodes()))
    expect(again.changed, JSON.stringify(again.nodes)).to.equal(false)
    expect(again.failed).to.equal(undefined)
  })

  it('the dead BMC fails again on every run, with the same reason', async () => {
    const again = await introspect([deadBmcNode()])
    expect(again).to.include({ changed: true, failed: true })
    expect(String(again.msg)).to.include('IPMI call failed: power status')
  })

  it('force introspects an inspected node again', async () => {
    const before = ironic.baremetal<{ inspection_finished_at: string }>('node', 'show', 'compute-0').inspection_finished_at
    const forced = await timed('force 1 node', () => introspect([nodes()[1]], { force: true }))
    expect(forced.failed, String(forced.msg)).to.equal(undefined)
    expect(forced.changed).to.equal(true)
    expect(forced.progress.filter((l) => /^compute-0: \S+ → available$/.test(l))).to.have.length(1)
    const after = ironic.baremetal<{ inspection_finished_at: string }>('node', 'show', 'compute-0').inspection_finished_at
    expect(Date.parse(after)).to.be.greaterThan(Date.parse(before))
  })
})
