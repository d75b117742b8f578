// kvm_nested against the recording fake host (modprobe is only recorded, never run) and
// against a mirror tree (root = temporary folder, where the module never runs modprobe).
// No test reloads a real kernel module.
import { expect } from 'chai'
import kvmNested from '../../../../modules/kvm_nested.js'
import { cpuVirtualisation } from '../../../../modules/lib/lab/kvm-cpu.js'
import { nestedSetting, parseNestedFlag, withNested } from '../../../../modules/lib/lab/kvm-conf.js'
import { FakeHost } from '../fake-host.js'
import { argv, script, shown } from '../system/system-host.js'
import { MirrorTree, RecordingHost, runLab } from './lab-helpers.js'

const INTEL = 'processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme vmx ept\n\nprocessor\t: 1\nvendor_id\t: GenuineIntel\n'
const AMD = 'processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu svm npt\n'
const NO_VT = 'processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme\n'
const CONF = '/etc/modprobe.d/kvm.conf'
const INTEL_NESTED = '/sys/module/kvm_intel/parameters/nested'

describe('kvm_nested helpers', () => {
  const cpus: [string, string, ReturnType<typeof cpuVirtualisation>][] = [
    ['Intel with vmx', INTEL, { vendor: 'intel', hardware: true }],
    ['AMD with svm', AMD, { vendor: 'amd', hardware: true }],
    ['Intel without vmx (vendor_id only)', NO_VT, { vendor: 'intel', hardware: false }],
    ['Hygon without svm', 'vendor_id\t: HygonGenuine\nflags\t: fpu\n', { vendor: 'amd', hardware: false }],
    ['an unknown vendor', 'vendor_id\t: Other\n', { vendor: undefined, hardware: false }],
  ]
  for (const [title, cpuinfo, expected] of cpus) {
    it(`reads ${title} from /proc/cpuinfo`, () => expect(cpuVirtualisation(cpuinfo)).to.deep.equal(expected))
  }

  it('reads Y/N and 1/0 kernel flags', () => {
    expect(['Y\n', '1', 'N', '0\n', 'maybe'].map(parseNestedFlag)).to.deep.equal([true, true, false, false, undefined])
  })

  const edits: [string, string, boolean, string][] = [
    ['appends an options line', '# kvm\noptions kvm ignore_msrs=1\n', true, '# kvm\noptions kvm ignore_msrs=1\noptions kvm_intel nested=1\n'],
    ['keeps other options of the line', 'options kvm_intel enable_apicv=0 nested=0\n', true, 'options kvm_intel nested=1 enable_apicv=0\n'],
    ['drops later nested settings and emptied lines', 'options kvm_intel nested=1\noptions kvm-intel nested=1\noptions kvm_intel nested=Y ept=1\n', false, 'options kvm_intel nested=0\noptions kvm_intel ept=1\n'],
    ['ignores commented lines', '#options kvm_intel nested=1\n', true, '#options kvm_intel nested=1\noptions kvm_intel nested=1\n'],
  ]
  for (const [title, before, enabled, after] of edits) {
    it(title, () => {
      expect(withNested(before, 'kvm_intel', enabled)).to.equal(after)
      expect(nestedSetting(after, 'kvm_intel')).to.equal(enabled)
    })
  }
})

interface KernelState {
  cpuinfo?: string
  conf?: string
  /** Live nested text of the module, undefined = module not loaded. */
  live?: string
  module?: 'kvm_intel' | 'kvm_amd'
  refcnt?: number
  vms?: string[]
  /** stderr of a failing `modprobe MODULE …` (the load after an unload). */
  loadError?: string
}

/** A fake hypervisor whose `modprobe MODULE nested=N` changes the live parameter file. */
function hypervisor(k: KernelState): FakeHost {
  const host = new FakeHost()
  const module = k.module ?? 'kvm_intel'
  host.withFile('/proc/cpuinfo', k.cpuinfo ?? INTEL).withDir('/etc/modprobe.d')
  if (k.conf !== undefined) host.withFile(CONF, k.conf)
  if (k.live !== undefined) host.withFile(`/sys/module/${module}/parameters/nested`, k.live)
  if (k.refcnt !== undefined) host.withFile(`/sys/module/${module}/refcnt`, `${k.refcnt}\n`)
  host.onExec(script('virsh'), { stdout: (k.vms ?? []).map((v) => `${v}\n`).join('') })
  if (k.loadError !== undefined) host.onExec(argv('modprobe', module), { rc: 1, stderr: k.loadError })
  host.onExec(argv('modprobe', module), (cmd) => {
    const value = (cmd as string[])[2] === 'nested=1' ? 'Y' : 'N'
    host.withFile(`/sys/module/${module}/parameters/nested`, `${value}\n`)
    return {}
  })
  return host
}

const modprobes = (host: FakeHost) => host.execs.map(shown).filter((c) => c.startsWith('modprobe'))

describe('kvm_nested module on the fake host (root /)', () => {
  const cases: {
    title: string
    kernel: KernelState
    args?: Record<string, unknown>
    changed: boolean
    conf?: string
    runs: string[]
    result: Record<string, unknown>
    live?: string
  }[] = [
    {
      title: 'writes the options line and reloads kvm_intel when no VM runs',
      kernel: { live: 'N\n', refcnt: 0 },
      changed: true,
      conf: 'options kvm_intel nested=1\n',
      runs: ['modprobe -r kvm_intel', 'modprobe kvm_intel nested=1'],
      result: { vendor: 'intel', module: 'kvm_intel', nested: true, persistent: true, reloaded: true, reload_pending: false },
      live: 'live kvm_intel nested: N → Y (module reloaded)\n',
    },
    {
      title: 'leaves running VMs alone and reports the reload as pending',
      kernel: { live: 'N\n', refcnt: 3, vms: ['undercloud-0', 'overcloud-ctrl-0'] },
      changed: true,
      conf: 'options kvm_intel nested=1\n',
      runs: [],
      result: { nested: false, reloaded: false, reload_pending: true, reboot_required: true },
      live: 'live kvm_intel nested: N (reload pending: running VMs: undercloud-0, overcloud-ctrl-0)\n',
    },
    {
      title: 'counts any /dev/kvm user as a running VM, with or without libvirt',
      kernel: { live: 'N\n', refcnt: 1 },
      changed: true,
      conf: 'options kvm_intel nested=1\n',
      runs: [],
      result: { reload_pending: true },
      live: 'live kvm_intel nested: N (reload pending: kvm_intel is in use (1 reference to /dev/kvm or VMs))\n',
    },
    {
      title: 'finds nothing to do when file and kernel agree',
      kernel: { conf: 'options kvm_intel nested=1\n', live: 'Y\n', refcnt: 2 },
      changed: false,
      runs: [],
      result: { nested: true, persistent: true, reload_pending: false, reboot_required: false },
    },
    {
      title: 'reports a pending reload without a change when only the kernel differs',
      kernel: { conf: 'options kvm_intel nested=1\n', live: 'N\n', vms: ['vm1'] },
      changed: false,
      runs: [],
      result: { nested: false, reload_pending: true, reboot_required: true },
    },
    {
      title: 'only writes the file with reload: never',
      kernel: { live: 'N\n' },
      args: { reload: 'never' },
      changed: true,
      conf: 'options kvm_intel nested=1\n',
      runs: [],
      result: { reload_pending: true },
    },
    {
      title: 'handles AMD (1/0 flags, kvm_amd)',
      kernel: { cpuinfo: AMD, module: 'kvm_amd', live: '0\n', refcnt: 0 },
      changed: true,
      conf: 'options kvm_amd nested=1\n',
      runs: ['modprobe -r kvm_amd', 'modprobe kvm_amd nested=1'],
      result: { vendor: 'amd', module: 'kvm_amd', reloaded: true },
    },
    {
      title: 'only writes the file when the module is not loaded',
      kernel: {},
      changed: true,
      conf: 'options kvm_intel nested=1\n',
      runs: [],
      result: { nested: null, reload_pending: false },
    },
    {
      title: 'disables nesting, keeping other options',
      kernel: { conf: '# tuned\noptions kvm_intel nested=1 enable_apicv=0\n', live: 'Y\n', refcnt: 0 },
      args: { state: 'disabled' },
      changed: true,
      conf: '# tuned\noptions kvm_intel nested=0 enable_apicv=0\n',
      runs: ['modprobe -r kvm_intel', 'modprobe kvm_intel nested=0'],
      result: { nested: false, persistent: false, reloaded: true },
    },
    {
      title: 'uses the vendor given instead of /proc/cpuinfo',
      kernel: { cpuinfo: NO_VT, conf: 'options kvm_intel nested=1\n' },
      args: { vendor: 'intel' },
      changed: false,
      runs: [],
      result: { vendor: 'intel' },
    },
  ]
  for (const c of cases) {
    it(c.title, async () => {
      const host = hypervisor(c.kernel)
      const { result } = await runLab(kvmNested, host, c.args ?? {})
      expect(result.failed, String(result.msg)).to.equal(undefined)
      expect(result.changed).to.equal(c.changed)
      expect(result).to.deep.include(c.result)
      expect(modprobes(host)).to.deep.equal(c.runs)
      const diffs = (result.diff ?? []) as Record<string, unknown>[]
      if (c.conf !== undefined) {
        expect(String(host.files.get(CONF))).to.equal(c.conf)
        expect(diffs[0]).to.deep.include({ before_header: CONF, after: c.conf })
      }
      if (c.live !== undefined) expect(diffs.at(-1)?.prepared).to.equal(c.live)
      const again = await runLab(kvmNested, host, c.args ?? {})
      expect(again.result.changed, 'second run').to.equal(false)
      expect(modprobes(host), 'second run').to.deep.equal(c.runs)
    })
  }

  it('warns, while VMs run, that the kernel still has the old value', async () => {
    const { result } = await runLab(kvmNested, hypervisor({ live: 'N\n', vms: ['vm1'] }), {})
    expect(result.warnings).to.deep.equal([
      'kvm_intel nested is still N in the running kernel (running VMs: vm1); it takes effect when kvm_intel is reloaded or at the next boot',
    ])
  })

  it('fails with reload: always while VMs run, changing nothing', async () => {
    const host = hypervisor({ live: 'N\n', vms: ['vm1'] })
    const { result } = await runLab(kvmNested, host, { reload: 'always' })
    expect(result).to.include({ failed: true, changed: false })
    expect(String(result.msg)).to.equal('reload is always, but kvm_intel cannot be reloaded without breaking VMs (running VMs: vm1); stop them first or use reload: auto')
    expect(host.ops).to.not.include('write')
  })

  it('fails on a CPU without hardware virtualisation', async () => {
    const { result } = await runLab(kvmNested, hypervisor({ cpuinfo: NO_VT }), {})
    expect(result.failed).to.equal(true)
    expect(String(result.msg)).to.match(/neither the vmx nor the svm flag/)
  })

  it('turns a refused unload into a pending reload (a VM started meanwhile)', async () => {
    const host = hypervisor({ live: 'N\n', refcnt: 0 })
    host.onExec(argv('modprobe', '-r'), { rc: 1, stderr: 'modprobe: FATAL: Module kvm_intel is in use.\n' })
    const { result } = await runLab(kvmNested, host, {})
    expect(result).to.deep.include({ changed: true, reloaded: false, reload_pending: true, reboot_required: true })
    expect(result.warnings).to.deep.equal([
      'modprobe -r kvm_intel failed: modprobe: FATAL: Module kvm_intel is in use.; nested takes effect after the VMs stop and kvm_intel is reloaded, or at the next boot',
    ])
    expect(modprobes(host)).to.deep.equal(['modprobe -r kvm_intel'])
  })

  it('fails loudly when the module cannot be loaded again', async () => {
    const host = hypervisor({ live: 'N\n', refcnt: 0, loadError: 'modprobe: ERROR: could not insert kvm_intel\n' })
    const { result } = await runLab(kvmNested, host, {})
    expect(result).to.include({ failed: true, changed: true })
    expect(String(result.msg)).to.equal('kvm_intel was unloaded but loading it again failed, so KVM is unavailable until it loads: modprobe: ERROR: could not insert kvm_intel')
  })

  it('warns about another modprobe.d file that sets nested the other way', async () => {
    const host = hypervisor({ conf: 'options kvm_intel nested=1\n', live: 'Y\n' })
    host.onExec(script('for d in'), { stdout: `${CONF}\0options kvm_intel nested=1\n\0/etc/modprobe.d/zz-vendor.conf\0options kvm_intel nested=0\n\0` })
    const { result } = await runLab(kvmNested, host, {})
    expect(result.warnings).to.deep.equal(['/etc/modprobe.d/zz-vendor.conf also sets nested=0 for kvm_intel; modprobe may apply it instead of /etc/modprobe.d/kvm.conf'])
  })

  it('changes nothing in check mode but shows the diff', async () => {
    const host = hypervisor({ live: 'N\n', refcnt: 0 })
    const { result } = await runLab(kvmNested, host, {}, { checkMode: true })
    expect(result.changed).to.equal(true)
    expect(host.ops).to.not.include('write')
    expect(modprobes(host)).to.deep.equal([])
    expect((result.diff as Record<string, unknown>[]).map((d) => d.prepared ?? d.after)).to.deep.equal(['options kvm_intel nested=1\n', 'live kvm_intel nested: N → Y (module reloaded)\n'])
  })
})

describe('kvm_nested module on a mirror tree (root = temporary folder)', () => {
  let tree: MirrorTree
  beforeEach(async () => {
    tree = await MirrorTree.create({
      '/proc/cpuinfo': INTEL,
      [INTEL_NESTED]: 'N\n',
      '/sys/module/kvm_intel/refcnt': '0\n',
      [CONF]: '# keep me\noptions kvm ignore_msrs=1\n',
    })
  })
  afterEach(() => tree.cleanup())

  it('writes the tree\'s kvm.conf, never runs modprobe, and is idempotent', async () => {
    const host = new RecordingHost(tree.host)
    const args = { root: tree.root }
    const first = await runLab(kvmNested, host, args)
    expect(first.result).to.deep.include({ changed: true, vendor: 'intel', nested: false, persistent: true, reload_pending: true })
    expect(await tree.read(CONF)).to.equal('# keep me\noptions kvm ignore_msrs=1\noptions kvm_intel nested=1\n')
    const second = await runLab(kvmNested, host, args)
    expect(second.result).to.deep.include({ changed: false, reload_pending: true })
    expect(host.commands.filter((c) => c.includes('modprobe ') && !c.includes('for d in'))).to.deep.equal([])
  })

  it('creates the modprobe.d folder when it is missing', async () => {
    const bare = await MirrorTree.create({ '/proc/cpuinfo': AMD })
    try {
      const { result } = await runLab(kvmNested, bare.host, { root: bare.root })
      expect(result).to.deep.include({ changed: true, module: 'kvm_amd', nested: null, reload_pending: false })
      expect(await bare.read(CONF)).to.equal('options kvm_amd nested=1\n')
    } finally {
      await bare.cleanup()
    }
  })
})
