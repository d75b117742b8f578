// node_introspect against a scripted Ironic behind the fake Host (introspect-ironic.ts):
// what Ironic holds → which `openstack baremetal` commands run, the progress lines, the
// per-node results. A real Ironic run is an integration test kept elsewhere.
import { expect } from 'chai'
import nodeIntrospect from '../../../../modules/node_introspect.js'
import { FakeIronic, mutations } from './introspect-ironic.js'
import { runLab } from './lab-helpers.js'

const AUTH = { OS_AUTH_TYPE: 'none', OS_ENDPOINT: 'http://127.0.0.1:6385' }
const node = (name: string, extra: Record<string, unknown> = {}) => ({
  name, pm_type: 'ipmi', pm_addr: '127.0.0.1', pm_port: 6230, pm_user: 'admin', pm_password: 'ipmi-secret',
  mac: ['52:54:00:AA:00:01'], cpu: 2, memory: 4096, disk: 20, arch: 'x86_64', ...extra,
})
const args = (nodes: unknown[], extra: Record<string, unknown> = {}) => ({ nodes, auth: AUTH, poll_interval: 0, ...extra })
const INSPECTED = { inspection_finished_at: '2025-12-01T10:00:00+00:00' }
const FULL = ['manage uuid-c0', 'inspect uuid-c0', 'provide uuid-c0'].map((v) => `baremetal node ${v}`)

interface Case {
  name: string
  ironic: (i: FakeIronic) => void
  params?: Record<string, unknown>
  changed: boolean
  failed?: boolean
  runs: string[]
  state: string
}

const cases: Case[] = [
  {
    name: 'missing node → created with its port, then manage, inspect, provide',
    ironic: () => {},
    changed: true,
    runs: [
      'baremetal node create --driver ipmi --name c0 --driver-info ipmi_address=127.0.0.1 --driver-info ipmi_username=admin --driver-info ipmi_password=ipmi-secret --driver-info ipmi_port=6230 --property cpus=2 --property memory_mb=4096 --property local_gb=20 --property cpu_arch=x86_64 -f json',
      'baremetal port create 52:54:00:aa:00:01 --node new-1-c0',
      ...['manage', 'inspect', 'provide'].map((v) => `baremetal node ${v} new-1-c0`),
    ],
    state: 'available',
  },
  { name: 'available and inspected → left alone', ironic: (i) => withPort(i, i.add('c0', 'available', INSPECTED)), changed: false, runs: [], state: 'available' },
  { name: 'available and inspected, force → introspected again', ironic: (i) => withPort(i, i.add('c0', 'available', INSPECTED)), params: { force: true }, changed: true, runs: FULL, state: 'available' },
  { name: 'available, never inspected → introspected', ironic: (i) => withPort(i, i.add('c0', 'available')), changed: true, runs: FULL, state: 'available' },
  { name: 'manageable → inspect and provide', ironic: (i) => withPort(i, i.add('c0', 'manageable')), changed: true, runs: FULL.slice(1), state: 'available' },
  { name: 'inspected node without its port → port added only', ironic: (i) => void i.add('c0', 'available', INSPECTED), changed: true, runs: ['baremetal port create 52:54:00:aa:00:01 --node uuid-c0'], state: 'available' },
  {
    name: 'inspection fails → last_error reported, task failed',
    ironic: (i) => {
      withPort(i, i.add('c0', 'manageable'))
      i.inspectErrors.set('c0', 'Timeout waiting for node to boot the inspection ramdisk')
    },
    changed: true,
    failed: true,
    runs: FULL.slice(1, 2),
    state: 'inspect failed',
  },
  { name: 'wait: false → returns once inspection started', ironic: (i) => withPort(i, i.add('c0', 'manageable')), params: { wait: false }, changed: true, runs: FULL.slice(1, 2), state: 'inspecting' },
]

function withPort(i: FakeIronic, n: { uuid: string }): void {
  i.ports.push({ address: '52:54:00:aa:00:01', node_uuid: n.uuid })
}

describe('node_introspect module (scripted Ironic)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const ironic = new FakeIronic()
      c.ironic(ironic)
      const { result } = await runLab(nodeIntrospect, ironic.host, args([node('c0')], c.params))
      expect(result.changed).to.equal(c.changed)
      expect(result.failed, String(result.msg)).to.equal(c.failed)
      expect(mutations(ironic.host.execs)).to.deep.equal(c.runs)
      const [report] = result.nodes as Record<string, unknown>[]
      expect(report!.provision_state).to.equal(c.state)
      expect(JSON.stringify(result)).to.not.include('ipmi-secret')
    })
  }

  it('reports every state change as a progress line', async () => {
    const ironic = new FakeIronic()
    withPort(ironic, ironic.add('c0', 'enroll'))
    const lines: string[] = []
    const { result } = await runLab(nodeIntrospect, ironic.host, args([node('c0')]), { progress: (l) => lines.push(l) })
    expect(result.changed).to.equal(true)
    expect(lines).to.deep.equal([
      'c0: enroll → verifying', 'c0: verifying → manageable',
      'c0: manageable → inspecting', 'c0: inspecting → inspect wait', 'c0: inspect wait → manageable',
      'c0: manageable → cleaning', 'c0: cleaning → available',
    ])
  })

  it('one failing node does not stop the others, and the message names its last_error', async () => {
    const ironic = new FakeIronic()
    for (const name of ['c0', 'c1', 'c2']) withPort(ironic, ironic.add(name, 'manageable'))
    ironic.inspectErrors.set('c1', 'IPMI call failed: power status')
    const lines: string[] = []
    const nodes = ['c0', 'c1', 'c2'].map((n) => node(n, { mac: [] }))
    const { result } = await runLab(nodeIntrospect, ironic.host, args(nodes, { concurrency: 3 }), { progress: (l) => lines.push(l) })
    expect(result.failed).to.equal(true)
    expect(String(result.msg)).to.equal('introspection failed for 1 of 3 node(s): c1 (inspect failed): IPMI call failed: power status')
    const states = (result.nodes as { name: string; provision_state: string; last_error: string | null }[]).map((n) => [n.name, n.provision_state, n.last_error])
    expect(states).to.deep.equal([['c0', 'available', null], ['c1', 'inspect failed', 'IPMI call failed: power status'], ['c2', 'available', null]])
    expect(lines).to.include.members(['c0: manageable → inspecting', 'c0: inspect wait → manageable', 'c0: cleaning → available', 'c1: inspecting → inspect failed'])
  })

  it('manual-management nodes get the manual driver with a fake power interface and a note', async () => {
    const ironic = new FakeIronic()
    const manual = { name: 'c0', pm_type: 'manual-management', mac: ['52:54:00:aa:00:09'] }
    const { result } = await runLab(nodeIntrospect, ironic.host, args([manual], { manual_driver: 'fake-hardware' }))
    expect(mutations(ironic.host.execs)[0]).to.equal('baremetal node create --driver fake-hardware --name c0 --power-interface fake -f json')
    expect(result.manual_power_nodes).to.deep.equal(['c0'])
    expect(String((result.warnings as string[])[0])).to.include('power each node on by hand')
    expect((result.nodes as Record<string, unknown>[])[0]).to.include({ manual_power: true, provision_state: 'available' })
  })

  it('a node Ironic cannot inspect (no-inspect) goes manage → provide, with a warning, and is then left alone', async () => {
    const ironic = new FakeIronic()
    ironic.inspectInterfaces.set('manual-management', 'no-inspect')
    const manual = { name: 'c0', pm_type: 'manual-management', mac: ['52:54:00:aa:00:09'] }
    const { result } = await runLab(nodeIntrospect, ironic.host, args([manual]))
    expect(result.failed, String(result.msg)).to.equal(undefined)
    expect(mutations(ironic.host.execs).slice(2)).to.deep.equal(['baremetal node manage new-1-c0', 'baremetal node provide new-1-c0'])
    expect((result.nodes as Record<string, unknown>[])[0]).to.include({ provision_state: 'available', inspected: false, not_inspectable: true })
    expect(String((result.warnings as string[])[1])).to.include('c0 has no inspect interface (no-inspect): made available without inspection')
    const again = await runLab(nodeIntrospect, ironic.host, args([manual]))
    expect(again.result.changed).to.equal(false)
  })

  it('a node in maintenance fails the task before anything runs', async () => {
    const ironic = new FakeIronic()
    ironic.add('c0', 'manageable', { maintenance: true })
    const { result } = await runLab(nodeIntrospect, ironic.host, args([node('c0', { mac: [] })]))
    expect(result.failed).to.equal(true)
    expect(String(result.msg)).to.include('c0 is manageable and in maintenance; see its maintenance_reason, then `openstack baremetal node maintenance unset c0`')
    expect(mutations(ironic.host.execs)).to.deep.equal([])
  })

  it('check mode reads only and describes the plan', async () => {
    const ironic = new FakeIronic()
    withPort(ironic, ironic.add('c1', 'manageable'))
    const { result } = await runLab(nodeIntrospect, ironic.host, args([node('c0'), node('c1', { mac: [] })]), { checkMode: true })
    expect(result.changed).to.equal(true)
    expect(mutations(ironic.host.execs)).to.deep.equal([])
    expect((result.diff as { prepared: string }).prepared).to.equal(
      'c0: enroll (ipmi); add port 52:54:00:aa:00:01; enroll → manage → inspect → provide\nc1: manageable → inspect → provide\n',
    )
  })

  it('a node busy elsewhere (active) fails the task before anything runs', async () => {
    const ironic = new FakeIronic()
    ironic.add('c0', 'active')
    const { result } = await runLab(nodeIntrospect, ironic.host, args([node('c0', { mac: [] })]))
    expect(result.failed).to.equal(true)
    expect(String(result.msg)).to.include('c0 is active; introspection starts from enroll, manageable, available or inspect failed')
    expect(mutations(ironic.host.execs)).to.deep.equal([])
  })

  it('a node that never settles fails with a timeout', async () => {
    const ironic = new FakeIronic()
    ironic.add('c0', 'manageable')
    ironic.stuck.add('c0')
    const { result } = await runLab(nodeIntrospect, ironic.host, args([node('c0', { mac: [] })], { timeout: 1, poll_interval: 0.01 }))
    expect(result.failed).to.equal(true)
    expect((result.nodes as Record<string, unknown>[])[0]!.last_error).to.match(/^timed out after 1s waiting for manageable \(now inspect wait\)/)
  })

  it('reads credentials from an rc file and nodes from instackenv.json on the target', async () => {
    const ironic = new FakeIronic()
    withPort(ironic, ironic.add('c0', 'available', INSPECTED))
    ironic.host.withFile('/home/stack/stackrc', "export OS_AUTH_TYPE=password\nexport OS_PASSWORD='s3 cret'\nexport OS_AUTH_URL=\"http://192.0.2.1:5000\"\nNOVA_VERSION=1.1\n")
    ironic.host.withFile('/home/stack/instackenv.json', JSON.stringify({ nodes: [node('c0')] }))
    const { result } = await runLab(nodeIntrospect, ironic.host, { nodes_file: '/home/stack/instackenv.json', rc_file: '/home/stack/stackrc', auth: { OS_AUTH_TYPE: 'v3password' } })
    expect(result.changed, String(result.msg)).to.equal(false)
    expect(ironic.envs[0]).to.deep.equal({ OS_AUTH_TYPE: 'v3password', OS_PASSWORD: 's3 cret', OS_AUTH_URL: 'http://192.0.2.1:5000' })
  })

  const inputFailures: { name: string; files: Record<string, string>; params: Record<string, unknown>; msg: string }[] = [
    { name: 'rc file value computed by the shell', files: { '/rc': 'export OS_PASSWORD=$(sudo hiera admin_password)\n' }, params: { rc_file: '/rc', nodes: [node('c0')] }, msg: '/rc:1: OS_PASSWORD is computed by the shell' },
    { name: 'rc file missing', files: {}, params: { rc_file: '/nope', nodes: [node('c0')] }, msg: 'rc_file /nope does not exist on fakehost' },
    { name: 'nodes file without a list', files: { '/n.json': '{"nodez": []}' }, params: { nodes_file: '/n.json' }, msg: 'nodes_file /n.json holds no node list' },
    { name: 'node without pm_type', files: {}, params: { nodes: [{ name: 'c0' }] }, msg: 'nodes[0] (c0): pm_type (or driver) is missing' },
    { name: 'ipmi node without address', files: {}, params: { nodes: [{ name: 'c0', pm_type: 'pxe_ipmitool' }] }, msg: 'pm_addr (or driver_info.ipmi_address) is required' },
    { name: 'duplicate names', files: {}, params: { nodes: [node('c0'), node('c0')] }, msg: 'listed more than once: c0' },
  ]
  for (const f of inputFailures) {
    it(`fails clearly: ${f.name}`, async () => {
      const ironic = new FakeIronic()
      for (const [path, text] of Object.entries(f.files)) ironic.host.withFile(path, text)
      const { result } = await runLab(nodeIntrospect, ironic.host, f.params)
      expect(result.failed).to.equal(true)
      expect(String(result.msg)).to.include(f.msg)
      expect(mutations(ironic.host.execs)).to.deep.equal([])
    })
  }
})
