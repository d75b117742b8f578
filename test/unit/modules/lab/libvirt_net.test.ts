// libvirt_net against the fake virsh: what libvirt holds → what would run, changed or
// not, and the diff. The stored XML is real libvirt 9.0 output (fixtures/).
import { expect } from 'chai'
import type { ModuleOutcome, ModuleResult } from '../../../../engine/module.js'
import libvirtNet from '../../../../modules/libvirt_net.js'
import { fakeContext, fixture, LibvirtHost, TEMP } from './libvirt-host.js'

const defaults = { state: 'active', uri: 'qemu:///system', restart_on_change: false }
const PROV = { name: 'lab-prov', bridge: 'br-prov', mtu: 1500 }
const EXT = {
  name: 'lab-ext',
  forward: 'nat',
  ip: '192.168.254.1',
  netmask: '255.255.255.0',
  dhcp_range: { start: '192.168.254.100', end: '192.168.254.200' },
  dhcp_hosts: [{ mac: '52:54:00:aa:00:01', ip: '192.168.254.10', name: 'undercloud' }],
  domain: 'lab.test',
}
const stored = fixture('network-isolated.xml')

async function run(host: LibvirtHost, params: Record<string, unknown>): Promise<{ out: ModuleOutcome; applied?: ModuleResult }> {
  const out = await libvirtNet.run(host, { ...defaults, ...params } as never, fakeContext())
  const readsOnly = host.changes
  expect(readsOnly, 'run() itself only reads').to.deep.equal([])
  const applied = out.kind === 'change' && out.apply ? ((await out.apply()) ?? undefined) : undefined
  return { out, applied }
}

describe('libvirt_net module (fake virsh)', () => {
  const cases: {
    title: string
    nets?: Record<string, Parameters<LibvirtHost['withNetwork']>[1]>
    params: Record<string, unknown>
    runs: string[]
    result?: Record<string, unknown>
  }[] = [
    {
      title: 'defines and starts a missing network',
      params: PROV,
      runs: ['mktemp -t tsplay-libvirt.XXXXXXXX', `virsh net-define ${TEMP}`, `rm -f -- ${TEMP}`, 'virsh net-start lab-prov'],
      result: { active: true },
    },
    { title: 'leaves a network that matches (uuid, mac, stp and delay are libvirt\'s)', nets: { 'lab-prov': { xml: stored, active: true } }, params: PROV, runs: [] },
    {
      title: 'netmask and prefix spell the same network',
      nets: { 'lab-ext': { xml: fixture('network-nat.xml') } },
      params: { ...EXT, netmask: undefined, prefix: 24, state: 'present' },
      runs: [],
    },
    {
      title: 'only starts a stopped network that matches',
      nets: { 'lab-prov': { xml: stored } },
      params: PROV,
      runs: ['virsh net-start lab-prov'],
    },
    {
      title: 'redefines a running network and reports restart_needed',
      nets: { 'lab-prov': { xml: stored, active: true } },
      params: { ...PROV, mtu: 9000 },
      runs: ['mktemp -t tsplay-libvirt.XXXXXXXX', `virsh net-define ${TEMP}`, `rm -f -- ${TEMP}`],
      result: { restart_needed: true, active: true },
    },
    {
      title: 'restarts a running network on change with restart_on_change',
      nets: { 'lab-prov': { xml: stored, active: true } },
      params: { ...PROV, mtu: 9000, restart_on_change: true },
      runs: ['mktemp -t tsplay-libvirt.XXXXXXXX', `virsh net-define ${TEMP}`, `rm -f -- ${TEMP}`, 'virsh net-destroy lab-prov', 'virsh net-start lab-prov'],
    },
    {
      title: 'reports a restart still pending from an earlier redefinition, without a change',
      nets: { 'lab-prov': { xml: stored, active: true, liveXml: stored.replace("<mtu size='1500'/>", "<mtu size='9000'/>") } },
      params: PROV,
      runs: [],
      result: { restart_needed: true },
    },
    {
      title: 'restarts for a pending redefinition with restart_on_change',
      nets: { 'lab-prov': { xml: stored, active: true, liveXml: stored.replace("<mtu size='1500'/>", "<mtu size='9000'/>") } },
      params: { ...PROV, restart_on_change: true },
      runs: ['virsh net-destroy lab-prov', 'virsh net-start lab-prov'],
    },
    { title: 'present does not start a network', nets: { 'lab-prov': { xml: stored } }, params: { ...PROV, state: 'present' }, runs: [] },
    { title: 'inactive stops a running network', nets: { 'lab-prov': { xml: stored, active: true } }, params: { ...PROV, state: 'inactive' }, runs: ['virsh net-destroy lab-prov'], result: { active: false } },
    {
      title: 'sets autostart',
      nets: { 'lab-prov': { xml: stored, active: true } },
      params: { ...PROV, autostart: true },
      runs: ['virsh net-autostart lab-prov'],
      result: { autostart: true },
    },
    { title: 'clears autostart', nets: { 'lab-prov': { xml: stored, active: true, autostart: true } }, params: { ...PROV, autostart: false }, runs: ['virsh net-autostart --disable lab-prov'] },
    {
      title: 'absent stops and undefines',
      nets: { 'lab-prov': { xml: stored, active: true } },
      params: { name: 'lab-prov', state: 'absent' },
      runs: ['virsh net-destroy lab-prov', 'virsh net-undefine lab-prov'],
    },
    { title: 'absent leaves a missing network alone', params: { name: 'lab-prov', state: 'absent' }, runs: [] },
    {
      title: 'accepts the definition as XML',
      nets: { 'lab-prov': { xml: stored, active: true } },
      params: { xml: "<network><name>lab-prov</name><bridge name='br-prov' stp='on'/><mtu size='1500'/></network>" },
      runs: [],
    },
  ]
  for (const c of cases) {
    it(c.title, async () => {
      const host = new LibvirtHost()
      for (const [name, net] of Object.entries(c.nets ?? {})) host.withNetwork(name, net)
      const { out, applied } = await run(host, c.params)
      expect(out.kind).to.equal(c.runs.length ? 'change' : 'ok')
      expect(applied, 'apply succeeded').to.equal(undefined)
      expect(host.changes).to.deep.equal(c.runs)
      if (c.result) expect(out.result).to.include(c.result)
      if (c.runs.length) expect(out.result.actions).to.have.length(c.runs.filter((r) => r.startsWith('virsh')).length)
    })
  }

  it('defines the XML the parameters describe', async () => {
    const host = new LibvirtHost()
    await run(host, { ...EXT, dhcp_hosts: [...EXT.dhcp_hosts, { name: 'node-1', ip: '192.168.254.11' }], mtu: 9000, state: 'present' })
    expect(host.defined).to.deep.equal([
      [
        '<network>',
        '  <name>lab-ext</name>',
        "  <forward mode='nat'/>",
        "  <mtu size='9000'/>",
        "  <domain name='lab.test'/>",
        "  <ip address='192.168.254.1' netmask='255.255.255.0'>",
        '    <dhcp>',
        "      <range start='192.168.254.100' end='192.168.254.200'/>",
        "      <host mac='52:54:00:aa:00:01' name='undercloud' ip='192.168.254.10'/>",
        "      <host name='node-1' ip='192.168.254.11'/>",
        '    </dhcp>',
        '  </ip>',
        '</network>',
        '',
      ].join('\n'),
    ])
  })

  it('keeps uuid, bridge MAC and generated bridge name when redefining', async () => {
    const host = new LibvirtHost().withNetwork('lab-ext', { xml: fixture('network-nat.xml') })
    const { out } = await run(host, { ...EXT, mtu: 9000, state: 'present' })
    expect(out.kind).to.equal('change')
    const xml = host.defined[0]!
    expect(xml).to.include('<uuid>812b7414-c22b-4a4e-bb09-ac3ffe47bfe6</uuid>')
    expect(xml).to.include("<mac address='52:54:00:9a:89:48'/>")
    expect(xml).to.include("<bridge name='virbr1'/>")
  })

  it('shows the normalised XML change as the diff', async () => {
    const host = new LibvirtHost().withNetwork('lab-prov', { xml: stored, active: true })
    const { out } = await run(host, { ...PROV, mtu: 9000 })
    expect(out.kind === 'change' && out.diff).to.deep.equal({
      before_header: 'network lab-prov (normalised XML)',
      after_header: 'network lab-prov (normalised XML)',
      before: "<network>\n  <name>lab-prov</name>\n  <bridge name='br-prov'/>\n  <mtu size='1500'/>\n</network>\n",
      after: "<network>\n  <name>lab-prov</name>\n  <bridge name='br-prov'/>\n  <mtu size='9000'/>\n</network>\n",
    })
  })

  it('shows the whole definition going for absent', async () => {
    const host = new LibvirtHost().withNetwork('lab-prov', { xml: stored })
    const { out } = await run(host, { name: 'lab-prov', state: 'absent' })
    expect(out.kind === 'change' && out.diff).to.deep.include({ before: "<network>\n  <name>lab-prov</name>\n  <bridge name='br-prov'/>\n  <mtu size='1500'/>\n</network>\n", after: '' })
  })

  it('reports the failing virsh command and the changes made before it', async () => {
    const host = new LibvirtHost()
    host.onExec((cmd) => Array.isArray(cmd) && cmd[3] === 'net-start', { rc: 1, stderr: "error: Failed to start network lab-prov\nerror: internal error: Network is already in use by interface eth0\n" })
    const { applied } = await run(host, PROV)
    expect(applied).to.include({
      failed: true,
      changed: true,
      rc: 1,
      msg: "start network 'lab-prov' failed: Failed to start network lab-prov: internal error: Network is already in use by interface eth0",
    })
  })

  const failures: { title: string; params: Record<string, unknown>; msg: string | RegExp; setup?: (h: LibvirtHost) => void }[] = [
    { title: 'neither name nor xml', params: {}, msg: "one of 'name' or 'xml' is required" },
    { title: 'xml and structured parameters', params: { xml: '<network><name>a</name></network>', bridge: 'b' }, msg: 'xml and the structured parameters (bridge) are mutually exclusive' },
    { title: 'xml that is not well-formed', params: { xml: '<network><name>a</network>' }, msg: /^the xml parameter is not well-formed XML \(line 1, column 17\)/ },
    { title: 'xml of another kind', params: { xml: '<domain><name>a</name></domain>' }, msg: 'the xml parameter must be a <network> definition, not <domain>' },
    { title: 'xml without a name', params: { xml: '<network/>' }, msg: 'the xml parameter has no <name>' },
    { title: 'name differing from the xml', params: { name: 'b', xml: '<network><name>a</name></network>' }, msg: "name 'b' does not match the <name> of the xml parameter ('a')" },
    { title: 'bridge mode without a bridge', params: { name: 'a', forward: 'bridge' }, msg: "forward: bridge needs 'bridge': the name of an existing host bridge" },
    { title: 'bridge mode with an address', params: { name: 'a', forward: 'bridge', bridge: 'br0', ip: '10.0.0.1', prefix: 24 }, msg: /^forward: bridge networks cannot have ip/ },
    { title: 'dhcp without ip', params: { name: 'a', dhcp_range: { start: '10.0.0.2', end: '10.0.0.9' } }, msg: "netmask, prefix and dhcp settings need 'ip' (the host's address on the network)" },
    { title: 'netmask and prefix', params: { name: 'a', ip: '10.0.0.1', netmask: '255.0.0.0', prefix: 8 }, msg: 'give either netmask or prefix, not both' },
    { title: 'a bad netmask', params: { name: 'a', ip: '10.0.0.1', netmask: '255.0.255.0' }, msg: "netmask '255.0.255.0' is not a valid netmask (e.g. 255.255.255.0)" },
    { title: 'a bad address', params: { name: 'a', ip: '10.0.0.300', prefix: 24 }, msg: "ip '10.0.0.300' is not an IPv4 or IPv6 address" },
    { title: 'an address without its size', params: { name: 'a', ip: '10.0.0.1' }, msg: "an IPv4 'ip' needs netmask or prefix" },
    { title: 'a DHCP host without mac or name', params: { name: 'a', ip: '10.0.0.1', prefix: 24, dhcp_hosts: [{ ip: '10.0.0.5' }] }, msg: 'dhcp_hosts[0] needs mac or name to identify the guest' },
    { title: 'no virsh on the target', params: PROV, setup: (h) => (h.noVirsh = true), msg: /^virsh was not found on the target/ },
    { title: 'libvirtd unreachable', params: PROV, setup: (h) => (h.unreachable = true), msg: /^cannot list the networks of qemu:\/\/\/system: failed to connect to the hypervisor/ },
  ]
  for (const f of failures) {
    it(`fails clearly on ${f.title}`, async () => {
      const host = new LibvirtHost()
      f.setup?.(host)
      const out = await libvirtNet.run(host, { ...defaults, ...f.params } as never, fakeContext())
      expect(out.kind).to.equal('fail')
      if (typeof f.msg === 'string') expect(out.result.msg).to.equal(f.msg)
      else expect(out.result.msg).to.match(f.msg)
      expect(host.changes).to.deep.equal([])
    })
  }
})
