// One archive to unpack on the target, and what every archive handler offers.
import type { Host } from '../../../engine/module.js'

export interface ArchiveJob {
  host: Host
  /** The archive, on the target. */
  src: string
  dest: string
  exclude: string[]
  include: string[]
  extraOpts: string[]
  owner?: string
  group?: string
  mode?: string | number
  keepNewer: boolean
}

export interface ArchiveHandler {
  /** Ansible's handler class name, reported as `handler`. */
  name: string
  /** Members that will be unpacked (after include/exclude), as the archive names them. */
  files(): Promise<string[]>
  /** Whether dest already holds the archive's content. */
  isUnarchived(): Promise<boolean>
  /** The command that unpacks it (run with cwd = dest). */
  extractArgv(): string[]
}

export const C_LOCALE = { LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C', LANGUAGE: 'C' }
