// The parameters of vm_domain: their types and the JSON schema that documents and
// checks them (defaults included). Rules that span several fields (one of size, overlay,
// path or iso per disk) are checked in code, with messages that say which entry is wrong.
import type { JsonSchema } from '../../../engine/module.js'

export type DomainState = 'present' | 'running' | 'shutdown' | 'destroyed' | 'absent'
export type DiskBus = 'virtio' | 'sata' | 'scsi' | 'ide' | 'usb'
export type ImageFormat = 'qcow2' | 'raw'
export type BootDevice = 'hd' | 'network' | 'cdrom'
export type CpuMode = 'host-passthrough' | 'host-model' | 'maximum' | 'default'

export interface DiskParam {
  size?: number
  overlay?: string
  path?: string
  iso?: string
  bus?: DiskBus
  format?: ImageFormat
  base_format?: ImageFormat
  dev?: string
}

export interface NicParam {
  network?: string
  bridge?: string
  mac?: string
  model?: string
}

/** A cloud-init document: text as is, or a mapping written as YAML. */
export type CloudInitDoc = string | Record<string, unknown>

export interface CloudInitParam {
  user_data?: CloudInitDoc
  meta_data?: CloudInitDoc
  network_config?: CloudInitDoc
}

export interface VmDomainParams {
  name: string
  uri: string
  state: DomainState
  memory: number
  vcpus: number
  cpu_mode: CpuMode
  machine?: string
  virt_type: 'kvm' | 'qemu'
  disks: DiskParam[]
  disk_dir: string
  cloud_init?: CloudInitParam
  nics: NicParam[]
  boot: BootDevice[]
  graphics: 'vnc' | 'spice' | 'none'
  serial_console: boolean
  autostart?: boolean
  remove_disks: boolean
  shutdown_timeout: number
}

const text = (description: string) => ({ type: 'string', minLength: 1, description })
const cloudDoc = (description: string) => ({ type: ['string', 'object'], description })
const formats = ['qcow2', 'raw']

const diskSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    size: { type: 'number', exclusiveMinimum: 0, description: 'Size in GiB of a new qcow2 image (or of an overlay, to grow it).' },
    overlay: text('Base image: the disk is a new qcow2 overlay on it (qemu-img create -b), the base stays untouched.'),
    path: text('Image file: an existing disk when alone; where to create the image with size/overlay (default DISK_DIR/NAME-DEV.qcow2).'),
    iso: text('An ISO image attached as a read-only cdrom.'),
    bus: { type: 'string', enum: ['virtio', 'sata', 'scsi', 'ide', 'usb'], description: 'Disk bus: virtio (default for disks) or sata (default for cdroms), scsi, ide, usb.' },
    format: { type: 'string', enum: formats, description: 'Format of an existing image given by path (default qcow2).' },
    base_format: { type: 'string', enum: formats, default: 'qcow2', description: 'Format of the overlay\'s base image.' },
    dev: { type: 'string', pattern: '^(vd|sd|hd)[a-z]+$', description: 'Target device name (default: vda, vdb… by bus, in order).' },
  },
}

const nicSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    network: text('libvirt network to attach to (must be defined).'),
    bridge: text('Host bridge to attach to, instead of a network.'),
    mac: { type: 'string', pattern: '^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$', description: 'MAC address (default: 52:54:00 and a hash of the domain name and NIC index, stable across runs).' },
    model: { type: 'string', default: 'virtio', description: 'NIC model (virtio, e1000, rtl8139…).' },
  },
}

export const vmDomainSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: text('Domain name.'),
    uri: { type: 'string', default: 'qemu:///system', description: 'libvirt connection URI.' },
    state: {
      type: 'string',
      enum: ['present', 'running', 'shutdown', 'destroyed', 'absent'],
      default: 'present',
      description: 'present: defined (power left as is); running: started; shutdown: ACPI shutdown, waited for; destroyed: powered off; absent: undefined (with nvram).',
    },
    memory: { type: 'integer', minimum: 16, default: 1024, description: 'Memory in MiB.' },
    vcpus: { type: 'integer', minimum: 1, default: 1, description: 'Number of virtual CPUs.' },
    cpu_mode: {
      type: 'string',
      enum: ['host-passthrough', 'host-model', 'maximum', 'default'],
      default: 'host-passthrough',
      description: 'CPU model: host-passthrough (nested virtualisation), host-model, maximum, or default (the hypervisor\'s; used on qemu fallback).',
    },
    machine: text('Machine type, e.g. q35 or pc (default: libvirt\'s).'),
    virt_type: { type: 'string', enum: ['kvm', 'qemu'], default: 'kvm', description: 'kvm, or qemu (emulation); kvm falls back to qemu when the target has no /dev/kvm.' },
    disks: { type: 'array', items: diskSchema, default: [], description: 'Disks in order: {size}, {overlay}, {path}, or {iso}; see the sub-options.' },
    disk_dir: { type: 'string', default: '/var/lib/libvirt/images', description: 'Folder for the images and cloud-init seeds the module creates.' },
    cloud_init: {
      type: 'object',
      additionalProperties: false,
      properties: {
        user_data: cloudDoc('user-data: text, or a mapping written as #cloud-config YAML.'),
        meta_data: cloudDoc('meta-data (default: instance-id and local-hostname set to the name).'),
        network_config: cloudDoc('network-config (version 1 or 2), optional.'),
      },
      description: 'Builds a "cidata" ISO on the target (genisoimage, mkisofs or xorriso) and attaches it as a cdrom.',
    },
    nics: { type: 'array', items: nicSchema, default: [], description: 'Network interfaces in order: {network} or {bridge}, optional mac and model.' },
    boot: {
      type: 'array',
      items: { type: 'string', enum: ['hd', 'network', 'cdrom'] },
      minItems: 1,
      default: ['hd'],
      description: 'Boot order; network for PXE-booted nodes.',
    },
    graphics: { type: 'string', enum: ['vnc', 'spice', 'none'], default: 'vnc', description: 'Graphical console.' },
    serial_console: { type: 'boolean', default: true, description: 'A serial console (virsh console NAME).' },
    autostart: { type: 'boolean', description: 'Start the domain when libvirtd starts (unset: leave as it is).' },
    remove_disks: { type: 'boolean', default: false, description: 'With state=absent, also delete the image files and seeds this module created.' },
    shutdown_timeout: { type: 'integer', minimum: 0, default: 120, description: 'Seconds to wait for state=shutdown before failing.' },
  },
}
