// vm_domain against a real libvirtd (see libvirtd.ts): a tiny VM on an overlay of a 16 MiB
// blank base image, with a cloud-init seed ISO and a NIC on an isolated network (no
// forwarding, no address). It runs emulated (virt_type qemu: no KVM needed) only long
// enough to be redefined while running and powered off; it has no OS and sends nothing.
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import libvirtNet from '../../../modules/libvirt_net.js'
import vmDomain from '../../../modules/vm_domain.js'
import { runTask } from './modules.js'
import { useLibvirtd, virsh } from './libvirtd.js'

const NET = 'tsplaytest-vmnet'
const VM = 'tsplaytest-vm1'

// A definition can take a minute: libvirt re-probes QEMU when /dev/kvm exists but its QEMU
// user cannot open it (containers without udev), and does so on every lookup.
describe('vm_domain on a real libvirtd', function () {
  this.timeout(300_000)
  useLibvirtd()
  let dir: string
  let pool: string
  let base: string
  const vm = (extra: Record<string, unknown> = {}, check = false) =>
    runTask(vmDomain, {
      name: VM,
      memory: 128,
      virt_type: 'qemu',
      machine: 'q35',
      disk_dir: pool,
      disks: [{ overlay: base }],
      nics: [{ network: NET }],
      boot: ['network', 'hd'],
      graphics: 'none',
      cloud_init: { user_data: { hostname: VM } },
      ...extra,
    }, { check })
  const inactiveXml = () => virsh('dumpxml', '--inactive', VM)
  const domstate = () => virsh('domstate', VM).trim()
  const overlay = () => join(pool, `${VM}-vda.qcow2`)

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'tsplaytest-libvirt-'))
    chmodSync(dir, 0o755) // QEMU runs as its own user and must reach the images
    pool = join(dir, 'pool')
    base = join(dir, 'base.qcow2')
    const made = spawnSync('qemu-img', ['create', '-q', '-f', 'qcow2', base, '16M'], { encoding: 'utf8' })
    if (made.status !== 0) throw new Error(`qemu-img create failed: ${made.stderr}`)
    const network = await runTask(libvirtNet, { name: NET, bridge: 'tsplaytest1' })
    if (network.failed) throw new Error(`the test network could not be made: ${network.msg}`)
  })
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('check mode creates nothing', async () => {
    const checked = await vm({}, true)
    expect(checked.changed).to.equal(true)
    expect(checked.actions).to.include(`define domain '${VM}'`)
    expect(virsh('list', '--all', '--name')).to.not.include(VM)
    expect(existsSync(pool)).to.equal(false)
  })

  it('defines the domain with its overlay and seed ISO, then reports no change', async () => {
    const first = await vm()
    expect(first).to.include({ changed: true, domain_state: 'shut off' })
    expect(first.failed).to.equal(undefined)
    const info = JSON.parse(spawnSync('qemu-img', ['info', '--output=json', overlay()], { encoding: 'utf8' }).stdout)
    expect(info['backing-filename']).to.equal(base)
    expect(existsSync(join(pool, `${VM}-cidata.iso`))).to.equal(true)
    const label = spawnSync('isoinfo', ['-d', '-i', join(pool, `${VM}-cidata.iso`)], { encoding: 'utf8' })
    if (label.status === 0) expect(label.stdout).to.match(/Volume id: cidata/)
    expect(inactiveXml()).to.include(`<mac address='${(first.macs as string[])[0]}'/>`)
    expect(await vm()).to.include({ changed: false })
  })

  it('starts it, and redefines it running with reboot_required when memory changes', async () => {
    const started = await vm({ state: 'running' })
    expect(started.msg, String(started.msg)).to.equal(undefined)
    expect(started).to.include({ changed: true, domain_state: 'running' })
    expect(domstate()).to.equal('running')
    const before = virsh('dumpxml', VM)
    const changed = await vm({ state: 'running', memory: 192 })
    expect(changed).to.include({ changed: true, reboot_required: true })
    expect(changed.actions).to.deep.equal([`define domain '${VM}'`])
    expect(domstate()).to.equal('running')
    expect(inactiveXml()).to.include("<memory unit='KiB'>196608</memory>")
    expect(virsh('dumpxml', VM)).to.equal(before)
    expect(await vm({ state: 'running', memory: 192 })).to.include({ changed: false })
  })

  it('check mode leaves a changed definition as it is', async () => {
    const before = inactiveXml()
    const checked = await vm({ memory: 192, nics: [{ network: NET }, { network: NET }] }, true)
    expect(checked.changed).to.equal(true)
    expect(inactiveXml()).to.equal(before)
  })

  it('powers it off, and redefines it when a NIC is added', async () => {
    expect(await vm({ memory: 192, state: 'destroyed' })).to.include({ changed: true, domain_state: 'shut off' })
    expect(domstate()).to.equal('shut off')
    const added = await vm({ memory: 192, nics: [{ network: NET }, { network: NET }] })
    expect(added).to.include({ changed: true }).and.not.have.property('reboot_required')
    expect(inactiveXml().match(/<interface type='network'>/g)).to.have.length(2)
    expect(await vm({ memory: 192, nics: [{ network: NET }, { network: NET }] })).to.include({ changed: false })
  })

  it('refuses a NIC on a network that does not exist', async () => {
    const result = await vm({ nics: [{ network: 'tsplaytest-nonet' }] })
    expect(result).to.include({ failed: true })
    expect(result.msg).to.match(/^network 'tsplaytest-nonet' not found on qemu:\/\/\/system/)
  })

  it('absent with remove_disks undefines it and deletes the files it created, once', async () => {
    const removed = await runTask(vmDomain, { name: VM, state: 'absent', remove_disks: true })
    expect(removed).to.include({ changed: true })
    expect(virsh('list', '--all', '--name')).to.not.include(VM)
    expect(existsSync(overlay())).to.equal(false)
    expect(existsSync(join(pool, `${VM}-cidata.iso`))).to.equal(false)
    expect(existsSync(join(pool, `${VM}-cidata`))).to.equal(false)
    expect(existsSync(base), 'the base image is not the module\'s').to.equal(true)
    expect(await runTask(vmDomain, { name: VM, state: 'absent', remove_disks: true })).to.include({ changed: false })
  })
})
