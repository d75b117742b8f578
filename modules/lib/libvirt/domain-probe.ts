// What vm_domain reads before deciding: the domain (one exec: the domain and network
// lists, dominfo and the stored XML), and the files its disks and seed need (stat and
// read, which spawn nothing over SFTP).
import type { Host } from '../../../engine/module.js'
import { readIfExists } from '../system/target.js'
import type { CloudInitSeed } from './cloud-init.js'
import type { DiskPlan } from './domain-storage.js'
import { parseInfo, parseNames, virshBatch, virshError, VirshUnavailable } from './virsh.js'
import { parseXml, type XmlElement } from './xml-tree.js'

export interface DomainFacts {
  exists: boolean
  /** virsh's state words: 'running', 'shut off', 'paused', … ('' when missing). */
  state: string
  persistent: boolean
  autostart: boolean
  definition?: XmlElement
  /** Networks defined on the URI. */
  networks: string[]
}

/** Any state but "shut off" has a QEMU process (or is about to lose it). */
export function isActive(state: string): boolean {
  return state !== '' && state !== 'shut off'
}

export async function probeDomain(host: Host, uri: string, name: string): Promise<DomainFacts> {
  const [list, nets, info, xml] = await virshBatch(host, uri, [
    ['list', '--all', '--name'],
    ['net-list', '--all', '--name'],
    ['dominfo', name],
    ['dumpxml', '--inactive', name],
  ])
  if (list!.rc !== 0) throw new VirshUnavailable(`cannot list the domains of ${uri}: ${virshError(list!)}`)
  const networks = nets!.rc === 0 ? parseNames(nets!.stdout) : []
  if (!parseNames(list!.stdout).includes(name)) return { exists: false, state: '', persistent: false, autostart: false, networks }
  const fields = parseInfo(info!.stdout)
  return {
    exists: true,
    state: fields.State ?? '',
    persistent: fields.Persistent !== 'no',
    autostart: fields.Autostart === 'enable',
    definition: xml!.rc === 0 ? parseXml(xml!.stdout, `the definition of domain '${name}'`) : undefined,
    networks,
  }
}

export interface StorageFacts {
  /** Paths of disks with `create` whose file is missing. */
  missing: Set<string>
  /** The seed files as they are on the target (undefined: missing). */
  seedFiles: Map<string, string | undefined>
  isoExists: boolean
  diskDirExists: boolean
}

/**
 * Reads what the disks need; returns the message the task fails with when a needed file is
 * missing — except a missing overlay base in check mode, which an earlier task of the run
 * (a download) would provide: that goes into `checkWarnings` instead.
 */
export async function probeStorage(host: Host, disks: readonly DiskPlan[], diskDir: string, seed: CloudInitSeed | undefined, checkWarnings?: string[]): Promise<StorageFacts | string> {
  const exists = async (path: string) => (await host.stat(path, { follow: true })) !== null
  const missing = new Set<string>()
  for (const disk of disks) {
    if (seed && disk.path === seed.iso) continue
    if (await exists(disk.path)) continue
    if (!disk.create) return `${disk.device === 'cdrom' ? 'ISO image' : 'disk image'} '${disk.path}' (${disk.dev}) not found on the target`
    if (disk.create.base && !(await exists(disk.create.base))) {
      const problem = `base image '${disk.create.base}' of ${disk.dev} not found on the target`
      if (!checkWarnings) return problem
      checkWarnings.push(`${problem}; check mode assumes an earlier task provides it`)
    }
    missing.add(disk.path)
  }
  const seedFiles = new Map<string, string | undefined>()
  if (seed) for (const name of seed.files.keys()) seedFiles.set(name, await readIfExists(host, `${seed.dir}/${name}`))
  return {
    missing,
    seedFiles,
    isoExists: seed ? await exists(seed.iso) : false,
    // Only images need the folder first: the seed's `mkdir -p` makes it.
    diskDirExists: missing.size > 0 ? await exists(diskDir) : true,
  }
}
