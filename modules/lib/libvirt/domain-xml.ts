// The domain definition a vm_domain task asks for, and the rules that say which parts
// of libvirt's stored XML it decides. The files the module created are recorded in the
// domain's own <metadata> (a tsplay namespace), so `state: absent, remove_disks: true`
// deletes exactly those, whoever runs it later.
import { createHash } from 'node:crypto'
import type { BootDevice, CpuMode, NicParam } from './domain-params.js'
import type { DiskPlan } from './domain-storage.js'
import type { XmlRules } from './normalise.js'
import { childOf, childrenOf, el, findPath, type XmlElement } from './xml-tree.js'

export const METADATA_NS = 'urn:tsplay:vm_domain:1'
export const METADATA_TAG = 'tsplay:vm'

export interface NicPlan {
  type: 'network' | 'bridge'
  source: string
  mac: string
  model: string
}

export interface DomainLayout {
  name: string
  virtType: 'kvm' | 'qemu'
  memoryMiB: number
  vcpus: number
  cpuMode: CpuMode
  machine?: string
  boot: BootDevice[]
  graphics: 'vnc' | 'spice' | 'none'
  serialConsole: boolean
  disks: DiskPlan[]
  nics: NicPlan[]
  /** Files (and seed folders) the module created for this domain. */
  ownedFiles: string[]
  ownedDirs: string[]
}

/** A MAC that stays the same across runs: QEMU's 52:54:00 prefix and a hash of name and index. */
export function stableMac(vmName: string, index: number): string {
  const digest = createHash('sha256').update(`${vmName}\0${index}`).digest()
  return ['52', '54', '00', ...[0, 1, 2].map((i) => digest[i]!.toString(16).padStart(2, '0'))].join(':')
}

/** The NICs for the entries, or the message the task fails with. */
export function planNics(vmName: string, nics: readonly NicParam[]): NicPlan[] | string {
  const plans: NicPlan[] = []
  for (const [i, nic] of nics.entries()) {
    if ((nic.network === undefined) === (nic.bridge === undefined)) return `nics[${i}] needs exactly one of network or bridge`
    plans.push({
      type: nic.network !== undefined ? 'network' : 'bridge',
      source: (nic.network ?? nic.bridge)!,
      mac: (nic.mac ?? stableMac(vmName, i)).toLowerCase(),
      model: nic.model ?? 'virtio',
    })
  }
  const macs = plans.map((n) => n.mac)
  const twice = macs.find((mac, i) => macs.indexOf(mac) !== i)
  return twice ? `two NICs use MAC ${twice}` : plans
}

/** The XML for the layout, in the element order libvirt uses. */
export function domainXml(d: DomainLayout): XmlElement {
  return el('domain', { type: d.virtType }, [
    el('name', {}, [], d.name),
    ownedMetadata(d),
    el('memory', { unit: 'KiB' }, [], String(d.memoryMiB * 1024)),
    el('vcpu', {}, [], String(d.vcpus)),
    el('os', {}, [el('type', { machine: d.machine }, [], 'hvm'), ...d.boot.map((dev) => el('boot', { dev }))]),
    el('features', {}, [el('acpi'), el('apic')]),
    d.cpuMode !== 'default' && el('cpu', { mode: d.cpuMode }),
    el('devices', {}, [
      ...d.disks.map(diskXml),
      ...d.nics.map((n) => el('interface', { type: n.type }, [el('mac', { address: n.mac }), el('source', { [n.type]: n.source }), el('model', { type: n.model })])),
      d.serialConsole && el('serial', { type: 'pty' }),
      d.graphics !== 'none' && el('graphics', { type: d.graphics, autoport: 'yes' }),
    ]),
  ])
}

function diskXml(disk: DiskPlan): XmlElement {
  return el('disk', { type: 'file', device: disk.device }, [
    el('driver', { name: 'qemu', type: disk.format }),
    el('source', { file: disk.path }),
    el('target', { dev: disk.dev, bus: disk.bus }),
    disk.device === 'cdrom' && el('readonly'),
  ])
}

function ownedMetadata(d: DomainLayout): XmlElement | undefined {
  if (d.ownedFiles.length === 0 && d.ownedDirs.length === 0) return undefined
  const entries = [...d.ownedFiles.map((path) => el('tsplay:file', { path })), ...d.ownedDirs.map((path) => el('tsplay:dir', { path }))]
  return el('metadata', {}, [el(METADATA_TAG, { 'xmlns:tsplay': METADATA_NS }, entries)])
}

/** The files and folders a stored definition says the module created. */
export function ownedPaths(definition: XmlElement | undefined): { files: string[]; dirs: string[] } {
  const own = childrenOf(childOf(definition, 'metadata'), METADATA_TAG).filter((e) => e.attrs['xmlns:tsplay'] === METADATA_NS)
  const paths = (tag: string) => own.flatMap((e) => childrenOf(e, tag).flatMap((f) => (f.attrs.path ? [f.attrs.path] : [])))
  return { files: paths('tsplay:file'), dirs: paths('tsplay:dir') }
}

/** What libvirt adds to a domain definition: ids, addresses, default devices and attributes. */
export const domainRules: XmlRules = {
  ignore: ['domain/uuid', 'domain/devices/*/address', 'domain/devices/*/alias', 'domain/seclabel', 'domain/resource'],
  ignoreAttributes: ['domain@id'],
  defaults: { 'domain/vcpu@placement': 'static' },
  filledIn: [
    'domain/currentMemory',
    'domain/os/type@arch',
    'domain/os/type@machine',
    'domain/cpu@check',
    'domain/cpu@migratable',
    'domain/cpu/*',
    'domain/clock',
    'domain/on_poweroff',
    'domain/on_reboot',
    'domain/on_crash',
    'domain/pm',
    'domain/devices/emulator',
    'domain/devices/controller',
    'domain/devices/input',
    'domain/devices/console',
    'domain/devices/audio',
    'domain/devices/video',
    'domain/devices/memballoon',
    'domain/devices/serial/target',
    'domain/devices/graphics@port',
    'domain/devices/graphics@listen',
    'domain/devices/graphics/listen',
    'domain/devices/disk/backingStore',
  ],
  align: alignDomain,
}

/**
 * libvirt stores the machine alias it was given as the versioned type ('q35' →
 * 'pc-q35-7.2', 'pc' → 'pc-i440fx-7.2'); metadata of other tools is not ours to compare.
 */
function alignDomain(current: XmlElement, wanted: XmlElement): void {
  const alias = findPath(wanted, 'os/type')?.attrs.machine
  const type = findPath(current, 'os/type')
  if (alias && type?.attrs.machine && machineMatches(alias, type.attrs.machine)) type.attrs.machine = alias
  const metadata = childOf(current, 'metadata')
  if (!metadata) return
  metadata.children = metadata.children.filter((e) => e.name === METADATA_TAG)
  if (metadata.children.length === 0) current.children = current.children.filter((e) => e !== metadata)
}

export function machineMatches(alias: string, stored: string): boolean {
  if (alias === stored) return true
  const family = alias === 'pc' ? 'i440fx' : alias
  return stored.startsWith(`pc-${family}-`)
}

/**
 * The XML to define when replacing `current`: the wanted definition with the uuid
 * (libvirt refuses a redefinition without it) and other tools' metadata kept.
 */
export function domainXmlToDefine(wanted: XmlElement, current: XmlElement | undefined): XmlElement {
  if (!current) return wanted
  const out: XmlElement = { ...wanted, children: [...wanted.children] }
  const uuid = childOf(current, 'uuid')
  if (uuid) out.children.splice(1, 0, uuid)
  const foreign = childOf(current, 'metadata')?.children.filter((e) => e.name !== METADATA_TAG) ?? []
  if (foreign.length) {
    const mine = childOf(out, 'metadata')
    const merged = el('metadata', {}, [...foreign, ...(mine?.children ?? [])])
    if (mine) out.children[out.children.indexOf(mine)] = merged
    else out.children.splice(uuid ? 2 : 1, 0, merged)
  }
  return out
}
