import { expect } from 'chai'
import setup from '../../../modules/setup.js'
import { buildFactScript, parseSections, Sections } from '../../../modules/lib/facts/collector.js'
import { distributionFacts, lsbCollector } from '../../../modules/lib/facts/distribution.js'
import { cpuFacts, memoryFacts } from '../../../modules/lib/facts/hardware.js'
import { selectCollectors } from '../../../modules/lib/facts/index.js'
import { parseIni } from '../../../modules/lib/facts/local.js'
import { parseMounts, parseUuids } from '../../../modules/lib/facts/mounts.js'
import { networkFacts } from '../../../modules/lib/facts/network.js'
import { pickFqdn } from '../../../modules/lib/facts/platform.js'
import { packageManager, serviceManager } from '../../../modules/lib/facts/services.js'
import { daylightZoneName, parseCmdline, parseResolvConf } from '../../../modules/lib/facts/system.js'
import { virtualFacts } from '../../../modules/lib/facts/virtual.js'
import { LocalConnection } from '../../../engine/connection/local.js'
import { TaskHost } from '../../../engine/module.js'
import { FakeHost, fakeContext } from './fake-host.js'

const sections = (entries: Record<string, string>): Sections => new Sections(new Map(Object.entries(entries)))
const setupParams = { gather_subset: ['all'], gather_timeout: 10, filter: [] as string[], fact_path: '/etc/ansible/facts.d' }

describe('setup module', () => {
  it('gathers with a single command', async () => {
    const host = new FakeHost()
    await setup.run(host, setupParams, fakeContext())
    expect(host.calls.map((c) => c.op)).to.deep.equal(['exec'])
  })

  it('gathers this machine with the names and shapes of ansible-core', async function () {
    this.timeout(30000)
    const host = new TaskHost('localhost', new LocalConnection(), {})
    const out = await setup.run(host, setupParams, fakeContext())
    const facts = out.result.ansible_facts as Record<string, any>
    const types: [string, string][] = [
      ['ansible_hostname', 'string'], ['ansible_fqdn', 'string'], ['ansible_nodename', 'string'], ['ansible_domain', 'string'],
      ['ansible_distribution', 'string'], ['ansible_distribution_version', 'string'], ['ansible_distribution_major_version', 'string'],
      ['ansible_distribution_release', 'string'], ['ansible_os_family', 'string'], ['ansible_system', 'string'],
      ['ansible_kernel', 'string'], ['ansible_kernel_version', 'string'], ['ansible_architecture', 'string'], ['ansible_machine', 'string'],
      ['ansible_processor', 'array'], ['ansible_processor_count', 'number'], ['ansible_processor_cores', 'number'],
      ['ansible_processor_vcpus', 'number'], ['ansible_memtotal_mb', 'number'], ['ansible_memfree_mb', 'number'],
      ['ansible_swaptotal_mb', 'number'], ['ansible_interfaces', 'array'], ['ansible_default_ipv4', 'object'],
      ['ansible_default_ipv6', 'object'], ['ansible_all_ipv4_addresses', 'array'], ['ansible_all_ipv6_addresses', 'array'],
      ['ansible_env', 'object'], ['ansible_user_id', 'string'], ['ansible_user_uid', 'number'], ['ansible_user_gid', 'number'],
      ['ansible_user_dir', 'string'], ['ansible_user_shell', 'string'], ['ansible_date_time', 'object'], ['ansible_pkg_mgr', 'string'],
      ['ansible_service_mgr', 'string'], ['ansible_virtualization_type', 'string'], ['ansible_virtualization_role', 'string'],
      ['ansible_selinux', 'object'], ['ansible_lsb', 'object'], ['ansible_dns', 'object'], ['ansible_mounts', 'array'],
      ['ansible_uptime_seconds', 'number'], ['gather_subset', 'array'], ['module_setup', 'boolean'],
    ]
    for (const [name, type] of types) expect(facts[name], name).to.be.a(type)
    expect(facts.ansible_system).to.equal('Linux')
    expect(facts.ansible_kernel).to.equal((await host.exec(['uname', '-r'])).stdout.trim())
    expect(facts.ansible_user_uid).to.equal(process.getuid!())
    expect(facts.ansible_env.PATH).to.equal(process.env.PATH)
    expect(facts.ansible_lo).to.deep.include({ device: 'lo', active: true, type: 'loopback' })
    expect(facts.ansible_lo.ipv4).to.include({ address: '127.0.0.1', netmask: '255.0.0.0', network: '127.0.0.0', prefix: '8' })
    expect(facts.ansible_date_time.epoch).to.match(/^\d+$/)
    expect(facts.ansible_processor_nproc).to.equal((await import('node:os')).availableParallelism())
  })

  it('gathers only the minimal facts with !all, and only what the filter keeps', async () => {
    const host = new TaskHost('localhost', new LocalConnection(), {})
    const min = await setup.run(host, { ...setupParams, gather_subset: '!all' }, fakeContext())
    const names = Object.keys(min.result.ansible_facts as object)
    expect(names).to.include.members(['ansible_distribution', 'ansible_user_id', 'ansible_date_time', 'ansible_service_mgr'])
    expect(names).not.to.include.members(['ansible_interfaces'])
    expect(names).not.to.include('ansible_memtotal_mb')
    const filtered = await setup.run(host, { ...setupParams, gather_subset: ['!all', '!min', 'network'], filter: ['default_ipv*'] }, fakeContext())
    expect(Object.keys(filtered.result.ansible_facts as object).sort()).to.deep.equal(['ansible_default_ipv4', 'ansible_default_ipv6'])
  })

  it('refuses an unknown subset', async () => {
    const out = await setup.run(new FakeHost(), { ...setupParams, gather_subset: ['hardwear'] }, fakeContext())
    expect(out.kind).to.equal('fail')
    expect(String(out.result.msg)).to.match(/Bad subset 'hardwear'/)
  })
})

describe('gather_subset selection', () => {
  const names = (subsets: string[]) => selectCollectors(subsets).map((c) => c.name)
  const cases: [string[], string[], string[]][] = [
    [['all'], ['network', 'virtual', 'processor', 'platform', 'chroot'], []],
    [['!all'], ['platform', 'distribution', 'user'], ['network', 'processor', 'virtual', 'chroot']],
    [['!all', '!min'], [], ['platform', 'network']],
    [['!all', '!min', 'network'], ['network', 'iscsi'], ['platform', 'processor']],
    [['!hardware'], ['platform'], ['network', 'processor']],
    [['all', '!hardware'], ['network', 'platform'], ['processor', 'memory', 'mounts']],
    [['!all', 'mounts'], ['mounts', 'platform'], ['processor']],
    [['!all', '!min', 'platform', '!platform'], ['platform'], ['user']],
  ]
  for (const [subsets, present, absent] of cases) {
    it(JSON.stringify(subsets), () => {
      expect(names(subsets)).to.include.members(present)
      for (const name of absent) expect(names(subsets)).not.to.include(name)
    })
  }
})

describe('fact script', () => {
  it('marks sections so that their output can be split apart', () => {
    const { script } = buildFactScript([{ name: 'x', group: 'min', sections: { one: 'echo a', two: 'printf "b\\nc"' }, collect: () => ({}) }])
    const marker = /M='([^']+)'/.exec(script)![1]!
    const parsed = parseSections(`\n${marker} one\na\n\n${marker} two\nb\nc\n${marker} end\n`, marker)
    expect(parsed.get('one')).to.equal('a\n')
    expect(parsed.get('two')).to.equal('b\nc')
    expect(parsed.get('three')).to.equal(undefined)
  })
})

describe('fact parsers', () => {
  const distributions: [string, Record<string, string>, Record<string, unknown>][] = [
    [
      'Debian',
      { os_release: 'ID=debian\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\n', debian_version: '12.11\n' },
      { distribution: 'Debian', distribution_version: '12.11', distribution_major_version: '12', distribution_minor_version: '11', distribution_release: 'bookworm', os_family: 'Debian' },
    ],
    [
      'Ubuntu',
      { os_release: 'NAME="Ubuntu"\nID=ubuntu\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy\n', debian_version: 'bookworm/sid\n' },
      { distribution: 'Ubuntu', distribution_version: '22.04', distribution_major_version: '22', distribution_release: 'jammy', os_family: 'Debian' },
    ],
    [
      'RHEL',
      { os_release: 'ID="rhel"\nVERSION_ID="9.3"\n', redhat_release: 'Red Hat Enterprise Linux release 9.3 (Plow)\n' },
      { distribution: 'RedHat', distribution_version: '9.3', distribution_major_version: '9', distribution_release: 'Plow', os_family: 'RedHat' },
    ],
    [
      'CentOS Stream',
      { os_release: 'ID="centos"\nVERSION_ID="9"\n', redhat_release: 'CentOS Stream release 9\n' },
      { distribution: 'CentOS', distribution_version: '9', distribution_major_version: '9', distribution_release: 'Stream', os_family: 'RedHat' },
    ],
  ]
  for (const [title, input, expected] of distributions) {
    it(`recognises ${title}`, () => expect(distributionFacts(sections(input))).to.deep.include(expected))
  }

  it('reads lsb_release output', () => {
    const lsb = lsbCollector.collect(sections({ lsb_release: 'Distributor ID:\tDebian\nDescription:\tDebian GNU/Linux 12\nRelease:\t12\nCodename:\tbookworm\n' }), {})
    expect(lsb).to.deep.equal({ lsb: { id: 'Debian', description: 'Debian GNU/Linux 12', release: '12', codename: 'bookworm', major_release: '12' } })
  })

  const packageManagers: [string[], Record<string, unknown>, string][] = [
    [['/usr/bin/apt-get', '/usr/bin/yum'], { os_family: 'Debian' }, 'apt'],
    [['/usr/bin/yum', '/usr/bin/dnf'], { os_family: 'RedHat', distribution: 'RedHat', distribution_major_version: '7' }, 'yum'],
    [['/usr/bin/dnf'], { os_family: 'RedHat', distribution: 'Rocky', distribution_major_version: '9' }, 'dnf'],
    [['/sbin/apk'], { os_family: 'Alpine' }, 'apk'],
    [[], { os_family: 'Gentoo' }, 'unknown'],
  ]
  for (const [paths, earlier, expected] of packageManagers) {
    it(`picks ${expected} for ${JSON.stringify(paths)}`, () => expect(packageManager(sections({ pkg_paths: paths.join('\n') }), earlier)).to.equal(expected))
  }

  const serviceManagers: [Record<string, string>, string][] = [
    [{ proc1: 'systemd\n' }, 'systemd'],
    [{ proc1: 'bash\n', init_hints: 'sysvinit\n' }, 'sysvinit'],
    [{ proc1: 'init\n', init_hints: 'systemd_running\nsysvinit\n' }, 'systemd'],
    [{ proc1: 'runit-init\n' }, 'runit'],
    [{ proc1: 'sh\n' }, 'service'],
  ]
  for (const [input, expected] of serviceManagers) {
    it(`says service_mgr=${expected} for ${JSON.stringify(input)}`, () => expect(serviceManager(sections(input))).to.equal(expected))
  }

  it('counts processors from /proc/cpuinfo', () => {
    const cpu = (n: number) => `processor\t: ${n}\nvendor_id\t: GenuineIntel\nmodel name\t: Xeon\nphysical id\t: 0\nsiblings\t: 4\ncore id\t: ${n % 2}\ncpu cores\t: 2\n\n`
    expect(cpuFacts([0, 1, 2, 3].map(cpu).join(''), '4\n', 'x86_64')).to.deep.equal({
      processor: ['0', 'GenuineIntel', 'Xeon', '1', 'GenuineIntel', 'Xeon', '2', 'GenuineIntel', 'Xeon', '3', 'GenuineIntel', 'Xeon'],
      processor_count: 1,
      processor_cores: 2,
      processor_threads_per_core: 2,
      processor_vcpus: 4,
      processor_nproc: 4,
    })
  })

  it('computes memory in MB like Ansible', () => {
    const meminfo = 'MemTotal: 2048000 kB\nMemFree: 1024000 kB\nBuffers: 10240 kB\nCached: 102400 kB\nSwapCached: 0 kB\nSwapTotal: 1024 kB\nSwapFree: 1024 kB\n'
    expect(memoryFacts(meminfo)).to.deep.equal({
      memtotal_mb: 2000, memfree_mb: 1000, swaptotal_mb: 1, swapfree_mb: 1,
      memory_mb: { real: { total: 2000, used: 1000, free: 1000 }, nocache: { free: 1110, used: 890 }, swap: { total: 1, free: 1, used: 0, cached: 0 } },
    })
  })

  it('reads mounts with escaped paths, sizes and UUIDs', () => {
    const mounts = parseMounts('/dev/sda1 /mnt/my\\040disk ext4 rw,relatime 4096 4096 100 40 30 1000 900\n', parseUuids('/dev/sda1 1234-abcd\n/dev/sda2\n'))
    expect(mounts).to.deep.equal([{
      mount: '/mnt/my disk', device: '/dev/sda1', fstype: 'ext4', options: 'rw,relatime', uuid: '1234-abcd',
      size_total: 409600, size_available: 122880, block_size: 4096, block_total: 100, block_available: 30, block_used: 70,
      inode_total: 1000, inode_available: 900, inode_used: 100,
    }])
  })

  it('builds interfaces, aliases and the default routes', () => {
    const ipJson = JSON.stringify([
      { ifname: 'br0', addr_info: [
        { family: 'inet', local: '192.168.10.1', prefixlen: 24, broadcast: '192.168.10.255', scope: 'global', label: 'br0' },
        { family: 'inet', local: '192.168.10.2', prefixlen: 24, scope: 'global', label: 'br0:1', secondary: true },
        { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link' },
      ] },
      { ifname: 'eth0', addr_info: [] },
    ])
    const sysNet = 'iface=br0\naddress=52:54:00:aa:bb:cc\nmtu=1500\noperstate=up\ntype=1\nflags=0x1103\nbridge_id=8000.525400aabbcc\nstp_state=0\nbrif=eth0 \n' +
      'iface=eth0\naddress=52:54:00:aa:bb:cc\nmtu=1500\noperstate=down\ntype=1\nflags=0x1002\npciid=0000:00:03.0\nspeed=1000\n'
    const facts = networkFacts(sections({ ip_addr: ipJson, sys_net: sysNet, route4: '8.8.8.8 via 192.168.10.254 dev br0 src 192.168.10.1 uid 0\n' }))
    expect(facts.interfaces).to.deep.equal(['br0', 'br0_1', 'eth0'])
    expect(facts.br0).to.deep.equal({
      device: 'br0', macaddress: '52:54:00:aa:bb:cc', mtu: 1500, active: true, type: 'bridge', interfaces: ['eth0'],
      id: '8000.525400aabbcc', stp: false, promisc: true,
      ipv4: { address: '192.168.10.1', broadcast: '192.168.10.255', netmask: '255.255.255.0', network: '192.168.10.0', prefix: '24' },
      ipv4_secondaries: [{ address: '192.168.10.2', broadcast: '', netmask: '255.255.255.0', network: '192.168.10.0', prefix: '24' }],
      ipv6: [{ address: 'fe80::1', prefix: '64', scope: 'link' }],
    })
    expect(facts.eth0).to.deep.include({ active: false, pciid: '0000:00:03.0', speed: 1000, promisc: false })
    expect(facts.br0_1).to.deep.equal({ ipv4_secondaries: [{ address: '192.168.10.2', broadcast: '', netmask: '255.255.255.0', network: '192.168.10.0', prefix: '24' }] })
    expect(facts.default_ipv4).to.deep.equal({
      interface: 'br0', address: '192.168.10.1', gateway: '192.168.10.254', broadcast: '192.168.10.255', netmask: '255.255.255.0',
      network: '192.168.10.0', prefix: '24', macaddress: '52:54:00:aa:bb:cc', mtu: 1500, type: 'bridge', alias: 'br0',
    })
    expect(facts.default_ipv6).to.deep.equal({})
    expect(facts.all_ipv4_addresses).to.deep.equal(['192.168.10.1', '192.168.10.2'])
    expect(facts.all_ipv6_addresses).to.deep.equal(['fe80::1'])
  })

  const virtualization: [string, string, Record<string, unknown>][] = [
    ['a docker container on a KVM host', 'cgroup=0::/\ndockerenv=1\ndev_kvm=1\n', { virtualization_type: 'docker', virtualization_role: 'guest', virtualization_tech_guest: ['docker', 'container'], virtualization_tech_host: ['kvm'] }],
    ['a KVM guest', 'dmi_product_name=Standard PC\ndmi_sys_vendor=QEMU\nmodule=virtio\n', { virtualization_type: 'kvm', virtualization_role: 'guest', virtualization_tech_guest: ['kvm'], virtualization_tech_host: ['kvm'] }],
    ['a hypervisor', 'dmi_sys_vendor=Dell Inc.\nmodule=kvm\ndev_kvm=1\n', { virtualization_type: 'kvm', virtualization_role: 'host', virtualization_tech_guest: [], virtualization_tech_host: ['kvm'] }],
    ['bare metal', 'dmi_sys_vendor=Dell Inc.\n', { virtualization_type: 'NA', virtualization_role: 'NA', virtualization_tech_guest: [], virtualization_tech_host: [] }],
  ]
  for (const [title, text, expected] of virtualization) {
    it(`detects ${title}`, () => expect(virtualFacts(sections({ virt: text }))).to.deep.equal(expected))
  }

  it('parses resolv.conf, the kernel command line, zone names, fqdn and INI local facts', () => {
    expect(parseResolvConf('# c\nnameserver 10.0.0.1\nnameserver 10.0.0.2\nsearch lab example.com\noptions ndots:2 rotate\n')).to.deep.equal({
      nameservers: ['10.0.0.1', '10.0.0.2'], search: ['lab', 'example.com'], options: { ndots: '2', rotate: true },
    })
    expect(parseCmdline('ro quiet console=tty0 console=ttyS0 x="a b"', true)).to.deep.equal({ ro: true, quiet: true, console: ['tty0', 'ttyS0'], x: '"a b"' })
    expect(parseCmdline('console=tty0 console=ttyS0', false)).to.deep.equal({ console: 'ttyS0' })
    expect(daylightZoneName('CET +0100', 'CEST +0200')).to.equal('CEST')
    expect(daylightZoneName('AEDT +1100', 'AEST +1000')).to.equal('AEDT')
    expect(pickFqdn('127.0.1.1 vm vm.lab.example vm2', 'vm')).to.equal('vm.lab.example')
    expect(pickFqdn(undefined, 'vm')).to.equal('vm')
    expect(parseIni('[general]\nname = lab\nSize: 3\n')).to.deep.equal({ general: { name: 'lab', size: '3' } })
    expect(parseIni('not ini')).to.equal(undefined)
  })
})
