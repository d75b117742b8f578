// The shared shape of the modules that edit a file in place (lineinfile, blockinfile,
// replace, ini_file): read it (through symlinks), let the module compute the new
// content, then plan the write — backup, validate, one atomic write carrying mode and
// owner — or, when only attributes differ, the chmod/chown alone.
import { posix } from 'node:path'
import type { FileStat } from '../../../engine/connection/connection.js'
import type { Host } from '../../../engine/module.js'
import { TargetAccounts } from './accounts.js'
import { applyAttributes, planAttributes, type AttrPlan, type FileAttrParams } from './attributes.js'
import { backupFile } from './backup.js'
import { FileModuleFailure } from './failure.js'
import { validateOrFail } from './validate.js'

export interface TextFile {
  /** The path as the task gave it. */
  path: string
  /** Where writes go: symlinks resolved, as Ansible writes to os.path.realpath(path). */
  realPath: string
  /** lstat of realPath; null when the file does not exist. */
  stat: FileStat | null
  /** Current content; null when the file does not exist. */
  content: Buffer | null
}

/** Resolve a symlink's final target on the target (readlink -f). */
export async function realPathOf(host: Host, path: string, st: FileStat | null): Promise<string> {
  if (!st?.islnk) return path
  const r = await host.exec(['readlink', '-f', '--', path])
  return r.rc === 0 && r.stdout.trim() ? r.stdout.replace(/\n$/, '') : path
}

/**
 * Reads `path` for editing. A folder fails as Ansible's modules do ("Path … is a
 * directory !", rc 256); a dangling symlink reads as a missing file.
 */
export async function readTextFile(host: Host, path: string): Promise<TextFile> {
  const lstat = await host.stat(path)
  const realPath = await realPathOf(host, path, lstat)
  const stat = lstat?.islnk ? await host.stat(realPath) : lstat
  if (stat?.isdir) throw new FileModuleFailure(`Path ${path} is a directory !`, { rc: 256 })
  const content = stat ? await host.readBytes(realPath) : null
  return { path, realPath, stat, content }
}

export interface TextWriteOptions {
  backup?: boolean
  validate?: string
  attrs: FileAttrParams
  checkMode: boolean
  /** Make missing parent folders of a new file (lineinfile/blockinfile create=yes). */
  createParents?: boolean
}

export interface TextWritePlan {
  contentChanged: boolean
  attrs: AttrPlan
  /** True when anything at all changes. */
  changed: boolean
  /** Does it all; returns backup_file when one was made. */
  apply(): Promise<{ backup_file?: string }>
}

/** What writing `after` over `file` involves, and the closure that does it. */
export async function planTextWrite(host: Host, file: TextFile, after: Buffer, opts: TextWriteOptions): Promise<TextWritePlan> {
  const contentChanged = file.content === null || !file.content.equals(after)
  const accounts = new TargetAccounts(host)
  const attrs = await planAttributes(file.realPath, file.stat, opts.attrs, { accounts, checkMode: opts.checkMode })
  return {
    contentChanged,
    attrs,
    changed: contentChanged || attrs.changed,
    apply: async () => {
      if (!contentChanged) {
        await applyAttributes(host, file.realPath, attrs)
        return {}
      }
      if (file.content === null && opts.createParents) await makeParents(host, file.realPath)
      const backup_file = opts.backup && file.content !== null ? await backupFile(host, file.realPath) : undefined
      await validateOrFail(host, opts.validate, after)
      await host.write(file.realPath, after, { mode: attrs.mode, owner: attrs.uid, group: attrs.gid })
      return backup_file === undefined ? {} : { backup_file }
    },
  }
}

/** os.makedirs of the parent folder, when it is missing. */
export async function makeParents(host: Host, path: string): Promise<void> {
  const parent = posix.dirname(path)
  if (parent === '.' || parent === '/' || (await host.stat(parent, { follow: true }))) return
  const r = await host.exec(['mkdir', '-p', '--', parent])
  if (r.rc !== 0) throw new FileModuleFailure(`Error creating ${parent} (${r.stderr.trim()})`)
}

/** Ansible's check_file_attrs wording: "line added and ownership, perms or SE linux context changed". */
export function attrMessage(msg: string, contentChanged: boolean, attrsChanged: boolean): string {
  if (!attrsChanged) return msg
  return `${contentChanged ? `${msg} and ` : msg}ownership, perms or SE linux context changed`
}

/**
 * The file's text. Edits work on text, so content that is not valid UTF-8 fails
 * rather than being silently rewritten with replacement characters.
 */
export function decodeText(file: TextFile): string {
  if (file.content === null) return ''
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(file.content)
  } catch {
    throw new FileModuleFailure(`${file.path} is not valid UTF-8 text; tsplay edits UTF-8 files only`, { path: file.path })
  }
}
