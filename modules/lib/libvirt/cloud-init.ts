// cloud-init's NoCloud seed for a domain, as the seeds build it by hand: the files
// user-data, meta-data (and network-config) kept in a folder next to the images, and an
// ISO of them with the volume label "cidata". The kept files tell the next run whether
// the ISO still matches the task.
import { posix } from 'node:path'
import { stringify } from 'yaml'
import type { CloudInitDoc, CloudInitParam } from './domain-params.js'

export interface CloudInitSeed {
  /** Folder of the seed files. */
  dir: string
  iso: string
  /** File name (user-data, meta-data, network-config) → content. */
  files: Map<string, string>
}

/** Programs that build the ISO, in order of preference; xorriso needs its mkisofs emulation. */
export const ISO_TOOLS = ['genisoimage', 'mkisofs', 'xorriso'] as const

export function cloudInitSeed(vmName: string, diskDir: string, ci: CloudInitParam): CloudInitSeed {
  const files = new Map<string, string>()
  files.set('user-data', document(ci.user_data ?? {}, '#cloud-config'))
  files.set('meta-data', document(ci.meta_data ?? { 'instance-id': vmName, 'local-hostname': vmName }))
  if (ci.network_config !== undefined) files.set('network-config', document(ci.network_config))
  return { dir: posix.join(diskDir, `${vmName}-cidata`), iso: posix.join(diskDir, `${vmName}-cidata.iso`), files }
}

/** Text as given (with a final newline); a mapping as YAML, after `header` when given. */
function document(doc: CloudInitDoc, header?: string): string {
  if (typeof doc === 'string') return doc.endsWith('\n') ? doc : `${doc}\n`
  const yaml = Object.keys(doc).length ? stringify(doc) : ''
  return header ? `${header}\n${yaml}` : yaml
}

/** The command that writes the ISO of the seed files to `output`. */
export function isoCommand(tool: string, output: string, seed: CloudInitSeed): string[] {
  const head = tool === 'xorriso' ? ['xorriso', '-as', 'mkisofs'] : [tool]
  const files = [...seed.files.keys()].map((name) => posix.join(seed.dir, name))
  return [...head, '-quiet', '-output', output, '-volid', 'cidata', '-joliet', '-rock', ...files]
}
