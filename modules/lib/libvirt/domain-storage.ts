// The disks of a domain: which file each disk entry means, its target device name
// (vda, vdb… per bus family, as libvirt counts them), and how to create the files that
// the module makes (a new qcow2, or a qcow2 overlay on a base image).
import { posix } from 'node:path'
import type { DiskBus, DiskParam, ImageFormat } from './domain-params.js'

export interface DiskPlan {
  device: 'disk' | 'cdrom'
  path: string
  format: ImageFormat
  bus: DiskBus
  dev: string
  /** How the module makes the file when it is missing; without it the file must exist. */
  create?: { sizeGiB?: number; base?: string; baseFormat: ImageFormat }
}

const DEV_PREFIX: Record<DiskBus, string> = { virtio: 'vd', sata: 'sd', scsi: 'sd', usb: 'sd', ide: 'hd' }

/** libvirt's device naming: 0 → a, 25 → z, 26 → aa. */
export function deviceName(prefix: string, index: number): string {
  let suffix = ''
  for (let n = index; n >= 0; n = Math.floor(n / 26) - 1) suffix = String.fromCharCode(97 + (n % 26)) + suffix
  return `${prefix}${suffix}`
}

/**
 * The disks for the entries in order, then the cloud-init ISO (when given). Returns the
 * message the task fails with when an entry does not say what it is.
 */
export function planDisks(vmName: string, diskDir: string, entries: readonly DiskParam[], cidataIso?: string): DiskPlan[] | string {
  const taken = new Set(entries.flatMap((d) => (d.dev ? [d.dev] : [])))
  const nextIndex = new Map<string, number>()
  const nextDev = (bus: DiskBus): string => {
    const prefix = DEV_PREFIX[bus]
    let i = nextIndex.get(prefix) ?? 0
    while (taken.has(deviceName(prefix, i))) i++
    nextIndex.set(prefix, i + 1)
    return deviceName(prefix, i)
  }
  const plans: DiskPlan[] = []
  for (const [i, d] of entries.entries()) {
    const problem = diskProblem(d, i)
    if (problem) return problem
    const device = d.iso ? 'cdrom' : 'disk'
    const bus = d.bus ?? (device === 'cdrom' ? 'sata' : 'virtio')
    const dev = d.dev ?? nextDev(bus)
    if (d.iso) plans.push({ device, path: d.iso, format: 'raw', bus, dev })
    else if (d.size === undefined && d.overlay === undefined) plans.push({ device, path: d.path!, format: d.format ?? 'qcow2', bus, dev })
    else {
      const path = d.path ?? posix.join(diskDir, `${vmName}-${dev}.qcow2`)
      plans.push({ device, path, format: 'qcow2', bus, dev, create: { sizeGiB: d.size, base: d.overlay, baseFormat: d.base_format ?? 'qcow2' } })
    }
  }
  if (cidataIso) plans.push({ device: 'cdrom', path: cidataIso, format: 'raw', bus: 'sata', dev: nextDev('sata') })
  const devs = plans.map((p) => p.dev)
  const twice = devs.find((dev, i) => devs.indexOf(dev) !== i)
  if (twice) return `two disks use target device ${twice}`
  return plans
}

function diskProblem(d: DiskParam, i: number): string | undefined {
  const where = `disks[${i}]`
  if (d.iso !== undefined) {
    if (d.size !== undefined || d.overlay !== undefined || d.path !== undefined) return `${where}: iso cannot be combined with size, overlay or path`
    if (d.bus === 'virtio') return `${where}: a cdrom cannot use bus virtio; use sata (the default), scsi or ide`
  } else if (d.size === undefined && d.overlay === undefined && d.path === undefined) {
    return `${where} needs one of size (a new image), overlay (on a base image), path (an existing image) or iso`
  }
  if (d.format === 'raw' && (d.size !== undefined || d.overlay !== undefined)) return `${where}: images the module creates are qcow2; format applies to an existing path`
  return undefined
}

/** The qemu-img command that makes the image of a disk with `create`. */
export function qemuImgCreate(disk: DiskPlan): string[] {
  const c = disk.create!
  const backing = c.base ? ['-F', c.baseFormat, '-b', c.base] : []
  return ['qemu-img', 'create', '-q', '-f', 'qcow2', ...backing, disk.path, ...(c.sizeGiB !== undefined ? [`${c.sizeGiB}G`] : [])]
}
