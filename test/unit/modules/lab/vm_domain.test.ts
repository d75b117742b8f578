// vm_domain against the fake virsh: what libvirt and the target's files hold → what
// would run, changed or not, and the diff. The stored domain is real libvirt 9.0 output
// for NODE (fixtures/domain-node.xml).
import { expect } from 'chai'
import { validateModuleParams } from '../../../../engine/load/module-params.js'
import type { Diff, ModuleOutcome, ModuleResult } from '../../../../engine/module.js'
import vmDomain from '../../../../modules/vm_domain.js'
import { script } from '../system/system-host.js'
import { fakeContext, fixture, LibvirtHost, TEMP } from './libvirt-host.js'

const POOL = '/tmp/h13vm/pool'
const BASE = '/tmp/h13vm/base.qcow2'
const SEED = `${POOL}/lab-node-0-cidata`
const ISO = `${POOL}/lab-node-0-cidata.iso`
const STORED = fixture('domain-node.xml')
const NODE = {
  name: 'lab-node-0',
  memory: 2048,
  vcpus: 2,
  machine: 'q35',
  disk_dir: POOL,
  boot: ['network', 'hd'],
  disks: [{ overlay: BASE }, { size: 1 }],
  nics: [{ network: 'lab-prov' }, { network: 'lab-ext', mac: '52:54:00:aa:00:01' }],
  cloud_init: { user_data: { users: [{ name: 'stack' }] } },
}
const USER_DATA = '#cloud-config\nusers:\n  - name: stack\n'
const DEFINE = ['mktemp -t tsplay-libvirt.XXXXXXXX', `virsh define ${TEMP}`, `rm -f -- ${TEMP}`]

/** The target with the networks, base image and /dev/kvm; `built` adds NODE's images and seed. */
function world(opts: { built?: boolean; domain?: Parameters<LibvirtHost['withDomain']>[1] } = {}): LibvirtHost {
  const host = new LibvirtHost()
    .withNetwork('lab-prov', { xml: '' })
    .withNetwork('lab-ext', { xml: '' })
    .withFile(BASE, '')
    .withFile('/dev/kvm', '')
  host.onExec(script('for c in'), { stdout: 'genisoimage\n' })
  if (opts.built) {
    host.withDir(POOL).withFile(`${POOL}/lab-node-0-vda.qcow2`, '').withFile(`${POOL}/lab-node-0-vdb.qcow2`, '').withFile(ISO, '')
    host.withFile(`${SEED}/user-data`, USER_DATA).withFile(`${SEED}/meta-data`, 'instance-id: lab-node-0\nlocal-hostname: lab-node-0\n')
  }
  if (opts.domain) host.withDomain('lab-node-0', opts.domain)
  return host
}

interface Ran {
  out: ModuleOutcome
  /** Commands the apply ran (not the reads of run()). */
  runs: string[]
  applied?: ModuleResult
  writes: string[]
}

async function run(host: LibvirtHost, params: Record<string, unknown>): Promise<Ran> {
  const args = validateModuleParams(vmDomain, params)
  const out = await vmDomain.run(host, args as never, fakeContext())
  const reads = host.changes
  expect(reads.filter((c) => !c.startsWith('<script>')), 'run() itself only reads').to.deep.equal([])
  expect(host.ops, 'run() writes nothing').to.not.include('write')
  const applied = out.kind === 'change' && out.apply ? ((await out.apply()) ?? undefined) : undefined
  const writes = host.calls.flatMap((c) => (c.op === 'write' && c.path !== TEMP ? [c.path] : []))
  return { out, runs: host.changes.slice(reads.length), applied, writes }
}

const diffs = (out: ModuleOutcome): Diff[] => (out.kind === 'change' ? ((out.diff as Diff[] | undefined) ?? []) : [])

describe('vm_domain module (fake virsh)', () => {
  const cases: { title: string; host: () => LibvirtHost; params: Record<string, unknown>; runs: string[]; result?: Record<string, unknown> }[] = [
    { title: 'leaves a domain that matches libvirt\'s stored definition', host: () => world({ built: true, domain: { xml: STORED } }), params: NODE, runs: [] },
    {
      title: 'redefines a running domain whose memory changes and reports reboot_required',
      host: () => world({ built: true, domain: { xml: STORED, state: 'running' } }),
      params: { ...NODE, memory: 4096 },
      runs: DEFINE,
      result: { reboot_required: true, domain_state: 'running' },
    },
    {
      title: 'redefines and starts a stopped domain without reboot_required',
      host: () => world({ built: true, domain: { xml: STORED } }),
      params: { ...NODE, memory: 4096, state: 'running' },
      runs: [...DEFINE, 'virsh start lab-node-0'],
      result: { domain_state: 'running' },
    },
    { title: 'starts a stopped domain', host: () => world({ built: true, domain: { xml: STORED } }), params: { ...NODE, state: 'running' }, runs: ['virsh start lab-node-0'] },
    { title: 'resumes a paused domain', host: () => world({ built: true, domain: { xml: STORED, state: 'paused' } }), params: { ...NODE, state: 'running' }, runs: ['virsh resume lab-node-0'] },
    { title: 'leaves a running domain running', host: () => world({ built: true, domain: { xml: STORED, state: 'running' } }), params: { ...NODE, state: 'running' }, runs: [] },
    { title: 'powers off for destroyed', host: () => world({ built: true, domain: { xml: STORED, state: 'running' } }), params: { ...NODE, state: 'destroyed' }, runs: ['virsh destroy lab-node-0'] },
    {
      title: 'shuts down and waits for shut off',
      host: () => world({ built: true, domain: { xml: STORED, state: 'running', domstates: ['shut off'] } }),
      params: { ...NODE, state: 'shutdown' },
      runs: ['virsh shutdown lab-node-0', 'virsh domstate lab-node-0'],
      result: { domain_state: 'shut off' },
    },
    { title: 'sets autostart', host: () => world({ built: true, domain: { xml: STORED } }), params: { ...NODE, autostart: true }, runs: ['virsh autostart lab-node-0'] },
    { title: 'clears autostart', host: () => world({ built: true, domain: { xml: STORED, autostart: true } }), params: { ...NODE, autostart: false }, runs: ['virsh autostart --disable lab-node-0'] },
    {
      title: 'redefines when a NIC is added',
      host: () => world({ built: true, domain: { xml: STORED } }),
      params: { ...NODE, nics: [...NODE.nics, { network: 'lab-prov' }] },
      runs: DEFINE,
    },
    {
      title: 'absent powers off and undefines, keeping the images',
      host: () => world({ built: true, domain: { xml: STORED, state: 'running' } }),
      params: { name: 'lab-node-0', state: 'absent' },
      runs: ['virsh destroy lab-node-0', 'virsh undefine --nvram --managed-save lab-node-0'],
      result: { exists: false },
    },
    {
      title: 'absent with remove_disks deletes the files the module recorded',
      host: () => world({ built: true, domain: { xml: STORED } }),
      params: { name: 'lab-node-0', state: 'absent', remove_disks: true },
      runs: [
        'virsh undefine --nvram --managed-save lab-node-0',
        `rm -f -- ${POOL}/lab-node-0-vda.qcow2 ${POOL}/lab-node-0-vdb.qcow2 ${SEED}/user-data ${SEED}/meta-data ${ISO}`,
        `rmdir --ignore-fail-on-non-empty -- ${SEED}`,
      ],
    },
    { title: 'absent leaves a missing domain alone', host: () => world(), params: { name: 'lab-node-0', state: 'absent', remove_disks: true }, runs: [] },
  ]
  for (const c of cases) {
    it(c.title, async () => {
      const { out, runs, applied } = await run(c.host(), c.params)
      expect(out.kind).to.equal(c.runs.length ? 'change' : 'ok')
      expect(applied, 'apply succeeded').to.equal(undefined)
      expect(runs).to.deep.equal(c.runs)
      if (c.result) expect(out.result).to.include(c.result)
      if (!c.result || !('reboot_required' in c.result)) expect(out.result).to.not.have.property('reboot_required')
    })
  }

  it('creates images, the cloud-init seed and the definition of a new domain', async () => {
    const host = world()
    const { out, runs, writes } = await run(host, { ...NODE, state: 'running' })
    expect(runs).to.deep.equal([
      `mkdir -p -- ${POOL}`,
      `qemu-img create -q -f qcow2 -F qcow2 -b ${BASE} ${POOL}/lab-node-0-vda.qcow2`,
      `qemu-img create -q -f qcow2 ${POOL}/lab-node-0-vdb.qcow2 1G`,
      `mkdir -p -m 0700 -- ${SEED}`,
      `genisoimage -quiet -output ${ISO}.partial -volid cidata -joliet -rock ${SEED}/user-data ${SEED}/meta-data`,
      `mv -f -- ${ISO}.partial ${ISO}`,
      ...DEFINE,
      'virsh start lab-node-0',
    ])
    expect(writes).to.deep.equal([`${SEED}/user-data`, `${SEED}/meta-data`])
    expect(out.result).to.include({ exists: true, domain_state: 'running', virt_type: 'kvm' })
    expect(out.result.macs).to.deep.equal(['52:54:00:b1:e1:f8', '52:54:00:aa:00:01'])
    expect(out.result.disks).to.deep.equal([`${POOL}/lab-node-0-vda.qcow2`, `${POOL}/lab-node-0-vdb.qcow2`, ISO])
    // What real libvirt stored for this very definition is what the first case compares with.
    const defined = host.defined[0]!
    for (const part of ["<domain type='kvm'>", "<memory unit='KiB'>2097152</memory>", "<type machine='q35'>hvm</type>", "<boot dev='network'/>", "<cpu mode='host-passthrough'/>", `<tsplay:file path='${POOL}/lab-node-0-vda.qcow2'/>`, "<serial type='pty'/>"]) {
      expect(defined).to.include(part)
    }
    expect(diffs(out).map((d) => d.after_header)).to.deep.equal(['domain lab-node-0 (normalised XML)', `${SEED}/user-data`, `${SEED}/meta-data`])
  })

  it('rebuilds the seed ISO when user-data changes, without redefining', async () => {
    const { out, runs, writes } = await run(world({ built: true, domain: { xml: STORED } }), { ...NODE, cloud_init: { user_data: { users: [{ name: 'tripleo' }] } } })
    expect(runs).to.deep.equal([
      `mkdir -p -m 0700 -- ${SEED}`,
      `genisoimage -quiet -output ${ISO}.partial -volid cidata -joliet -rock ${SEED}/user-data ${SEED}/meta-data`,
      `mv -f -- ${ISO}.partial ${ISO}`,
    ])
    expect(writes).to.deep.equal([`${SEED}/user-data`, `${SEED}/meta-data`])
    expect(diffs(out)).to.deep.equal([{ before_header: `${SEED}/user-data`, after_header: `${SEED}/user-data`, before: USER_DATA, after: '#cloud-config\nusers:\n  - name: tripleo\n' }])
  })

  it('keeps the uuid and other tools\' metadata when redefining, and diffs the normalised XML', async () => {
    const foreign = "<metadata>\n    <libosinfo:libosinfo xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'/>"
    const host = world({ built: true, domain: { xml: STORED.replace('<metadata>', foreign) } })
    const { out } = await run(host, { ...NODE, vcpus: 4 })
    const defined = host.defined[0]!
    expect(defined).to.include('<uuid>1a3f5987-31e6-42d3-9683-1c388494657a</uuid>')
    expect(defined).to.match(/<metadata>\n\s+<libosinfo:libosinfo xmlns:libosinfo='http:\/\/libosinfo.org\/xmlns\/libvirt\/domain\/1.0'\/>\n\s+<tsplay:vm/)
    const [xmlDiff] = diffs(out)
    expect(xmlDiff!.before).to.include('<vcpu>2</vcpu>').and.not.include('uuid').and.not.include('controller').and.not.include('libosinfo')
    expect(xmlDiff!.after).to.include('<vcpu>4</vcpu>')
    expect(xmlDiff!.before.replace('<vcpu>2</vcpu>', '<vcpu>4</vcpu>')).to.equal(xmlDiff!.after)
  })

  it('shows the definition going for absent, without what libvirt filled in', async () => {
    const { out } = await run(world({ built: true, domain: { xml: STORED } }), { name: 'lab-node-0', state: 'absent' })
    const [removal] = diffs(out)
    expect(removal!.after).to.equal('')
    expect(removal!.before).to.include("<memory unit='KiB'>2097152</memory>").and.include("<source network='lab-prov'/>")
    expect(removal!.before).to.not.include('controller').and.not.include('currentMemory').and.not.include('uuid')
  })

  it('falls back to qemu emulation without /dev/kvm, with the maximum CPU model', async () => {
    const host = world()
    host.files.delete('/dev/kvm')
    const { out } = await run(host, NODE)
    expect(out.result).to.include({ virt_type: 'qemu' })
    expect(out.result.warnings).to.deep.equal(["fakehost has no /dev/kvm: domain 'lab-node-0' uses virt_type qemu (emulation, much slower)"])
    expect(host.defined[0]).to.include("<domain type='qemu'>").and.include("<cpu mode='maximum'/>")
  })

  it('fails, having shut nothing off, when the guest ignores the shutdown', async () => {
    const host = world({ built: true, domain: { xml: STORED, state: 'running', domstates: ['running'] } })
    const { applied } = await run(host, { ...NODE, state: 'shutdown', shutdown_timeout: 0 })
    expect(applied).to.include({ failed: true, changed: false })
    expect(applied!.msg).to.match(/^shut down domain 'lab-node-0' failed: still running after 0 s: .*use state: destroyed to power it off$/)
  })

  const failures: { title: string; host?: () => LibvirtHost; params: Record<string, unknown>; msg: string | RegExp }[] = [
    {
      title: 'a NIC on an undefined network',
      params: { ...NODE, nics: [{ network: 'nope' }] },
      msg: "network 'nope' not found on qemu:///system (defined networks: lab-prov, lab-ext); create it first, e.g. with libvirt_net",
    },
    { title: 'a missing base image', params: { ...NODE, disks: [{ overlay: '/images/missing.qcow2' }] }, msg: "base image '/images/missing.qcow2' of vda not found on the target" },
    { title: 'a missing existing image', params: { ...NODE, disks: [{ path: '/images/gone.qcow2' }] }, msg: "disk image '/images/gone.qcow2' (vda) not found on the target" },
    { title: 'a missing ISO', params: { ...NODE, disks: [{ iso: '/isos/gone.iso' }] }, msg: "ISO image '/isos/gone.iso' (sda) not found on the target" },
    { title: 'a disk entry that says nothing', params: { ...NODE, disks: [{}] }, msg: /^disks\[0\] needs one of size/ },
    { title: 'a NIC with network and bridge', params: { ...NODE, nics: [{ network: 'lab-prov', bridge: 'br0' }] }, msg: 'nics[0] needs exactly one of network or bridge' },
    {
      title: 'no qemu-img to create images',
      host: () => world().onExec(script('command -v', 'qemu-img'), { rc: 1 }),
      params: NODE,
      msg: 'qemu-img was not found on the target; install qemu-utils (Debian/Ubuntu) or qemu-img (RHEL)',
    },
    {
      title: 'no ISO tool for the seed',
      host: () => {
        const h = new LibvirtHost().withNetwork('lab-prov', { xml: '' }).withNetwork('lab-ext', { xml: '' }).withFile(BASE, '')
        return h.onExec(script('for c in'), { rc: 1 })
      },
      params: NODE,
      msg: 'none of genisoimage, mkisofs, xorriso was found on the target to build the cloud-init ISO; install genisoimage',
    },
    {
      title: 'libvirtd unreachable',
      host: () => Object.assign(world(), { unreachable: true }),
      params: NODE,
      msg: /^cannot list the domains of qemu:\/\/\/system: failed to connect to the hypervisor/,
    },
  ]
  for (const f of failures) {
    it(`fails clearly on ${f.title}`, async () => {
      const host = (f.host ?? (() => world()))()
      const out = await vmDomain.run(host, validateModuleParams(vmDomain, f.params) as never, fakeContext())
      expect(out.kind).to.equal('fail')
      if (typeof f.msg === 'string') expect(out.result.msg).to.equal(f.msg)
      else expect(out.result.msg).to.match(f.msg)
      expect(host.changes.filter((c) => !c.startsWith('<script>'))).to.deep.equal([])
    })
  }
})
