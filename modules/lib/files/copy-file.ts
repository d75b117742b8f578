// One file of a copy (or the rendered result of a template) put on the target: where
// it lands (a folder dest takes the source's name), whether its content differs
// (sha1), the --diff, and the write with backup, validate, mode and owner.
import { posix } from 'node:path'
import type { FileStat } from '../../../engine/connection/connection.js'
import type { Diff, Host, ModuleResult } from '../../../engine/module.js'
import { TargetAccounts } from './accounts.js'
import { applyAttributes, planAttributes, type AttrPlan, type FileAttrParams } from './attributes.js'
import { backupFile } from './backup.js'
import { LARGE_FILE, remoteSha1, sha1Hex } from './checksum.js'
import { digestsOf, isLargeSource, writeContent, type CopyContent } from './copy-content.js'
import { contentDiff } from './diff.js'
import { FileModuleFailure } from './failure.js'
import type { ModeParam } from './mode.js'
import { pathInfo } from './path-info.js'
import { realPathOf } from './text-file.js'
import { runValidation } from './validate.js'

export interface CopyFileSpec {
  /** What the destination must hold (a large controller file is streamed, never read whole). */
  content: CopyContent
  /** Controller path of the source (result `src`, diff after_header); none for content=. */
  sourcePath?: string
  /** Name under a folder destination ("a.conf", or "conf/a.conf" inside a copied folder). */
  sourceRel: string
  dest: string
  follow: boolean
  force: boolean
  backup: boolean
  validate?: string
  attrs: FileAttrParams
  directoryMode?: ModeParam
  /** Expected sha1 of the content (the checksum parameter). */
  checksum?: string
  /** content= was used: a folder dest is an error rather than a place to put a file in. */
  fromContent: boolean
  checkMode: boolean
}

export interface CopyFilePlan {
  changed: boolean
  result: ModuleResult
  diff?: Diff
  apply: () => Promise<ModuleResult>
}

/** Ansible's module makes a bare file name explicit: "motd" is "./motd". */
export function explicitDest(dest: string): string {
  return dest.includes('/') ? dest : `./${dest}`
}

/** The plan for one file, or null when it exists and force=no (nothing is done). */
export async function planCopyFile(host: Host, spec: CopyFileSpec): Promise<CopyFilePlan | null> {
  let dest = spec.dest.endsWith('/') ? posix.join(spec.dest, spec.sourceRel) : explicitDest(spec.dest)
  let st = await host.stat(dest, { follow: spec.follow })
  if (st?.isdir) {
    if (spec.fromContent) throw new FileModuleFailure('can not use content with a dir as dest')
    dest = posix.join(dest, spec.sourceRel)
    st = await host.stat(dest, { follow: spec.follow })
  }
  if (st && !spec.force) return null
  const { sha1: checksum, md5 } = digestsOf(spec.content)
  if (spec.checksum !== undefined && spec.checksum !== checksum) {
    throw new FileModuleFailure('Copied file does not match the expected checksum. Transfer failed.', { checksum, expected_checksum: spec.checksum })
  }
  const accounts = new TargetAccounts(host)
  const current = st?.isreg ? await readForCompare(host, dest, st) : undefined
  if (current && current.sha1 === checksum) return sameContent(host, spec, dest, checksum, accounts)
  return newContent(host, spec, { dest, stat: st, current: current?.content ?? null, checksum, md5, accounts })
}

/** The destination's sha1, and its content when it is small enough to diff. */
async function readForCompare(host: Host, path: string, st: FileStat): Promise<{ sha1: string; content: Buffer | null }> {
  if (st.size > LARGE_FILE) return { sha1: await remoteSha1(host, path, st.size), content: null }
  const content = await host.readBytes(path)
  return { sha1: sha1Hex(content), content }
}

/** Content already right: only attributes (of the link's target when following), like the file module. */
async function sameContent(host: Host, spec: CopyFileSpec, dest: string, checksum: string, accounts: TargetAccounts): Promise<CopyFilePlan> {
  const lstat = await host.stat(dest)
  const target = spec.follow && lstat?.islnk ? await realPathOf(host, dest, lstat) : dest
  const targetStat = target === dest ? lstat : await host.stat(target)
  const attrs = await planAttributes(target, targetStat, spec.attrs, { accounts, checkMode: spec.checkMode })
  const result = { dest, path: dest, checksum, ...(await pathInfo(host, dest, accounts)), ...warningsOf(attrs) }
  return {
    changed: attrs.changed,
    result,
    diff: attrs.changed ? ({ before: { path: dest, ...attrs.before }, after: { path: dest, ...attrs.after } } as unknown as Diff) : undefined,
    apply: async () => {
      await applyAttributes(host, target, attrs)
      return pathInfo(host, dest, accounts)
    },
  }
}

interface DestState {
  dest: string
  stat: FileStat | null
  /** Current content when read (null: missing, too large or not a regular file). */
  current: Buffer | null
  checksum: string
  md5: string
  accounts: TargetAccounts
}

async function newContent(host: Host, spec: CopyFileSpec, d: DestState): Promise<CopyFilePlan> {
  const parentPlan = await planParents(host, spec, d.dest)
  // A symlink is written through when following, replaced by the file otherwise.
  const writePath = spec.follow && d.stat?.islnk ? await realPathOf(host, d.dest, await host.stat(d.dest)) : d.dest
  const existing = d.stat && !(d.stat.islnk && !spec.follow) ? d.stat : null
  const attrs = await planAttributes(writePath, existing, spec.attrs, { accounts: d.accounts, checkMode: spec.checkMode })
  const destForDiff = d.stat?.isreg && d.current === null ? 'large' : d.current
  const sourceForDiff = isLargeSource(spec.content) ? 'large' : spec.content
  const diff = contentDiff({ content: destForDiff, header: d.stat ? d.dest : undefined }, { content: sourceForDiff, header: spec.sourcePath })
  const result: ModuleResult = { dest: d.dest, checksum: d.checksum, md5sum: d.md5, ...warningsOf(attrs) }
  if (spec.sourcePath !== undefined) result.src = spec.sourcePath
  return {
    changed: true,
    result,
    diff,
    apply: async () => {
      await parentPlan()
      const backup_file = spec.backup && existing ? await backupFile(host, writePath) : undefined
      if (spec.validate !== undefined) {
        const r = await runValidation(host, spec.validate, spec.content)
        if (r.rc !== 0) throw new FileModuleFailure('failed to validate', { exit_status: r.rc, stdout: r.stdout, stderr: r.stderr })
      }
      await writeContent(host, writePath, spec.content, { mode: attrs.mode, owner: attrs.uid, group: attrs.gid })
      const info = await pathInfo(host, d.dest, d.accounts)
      return backup_file === undefined ? info : { ...info, backup_file }
    },
  }
}

function warningsOf(attrs: AttrPlan): ModuleResult {
  return attrs.warnings.length > 0 ? { warnings: attrs.warnings } : {}
}

/**
 * The folder the file goes in: a dest ending in "/" has its missing folders made (with
 * directory_mode); otherwise the folder must exist. Checked only for real: in check
 * mode an earlier task may have been meant to create it.
 */
async function planParents(host: Host, spec: CopyFileSpec, dest: string): Promise<() => Promise<void>> {
  const parent = posix.dirname(dest)
  if (spec.checkMode || (await host.stat(parent, { follow: true }))) return async () => {}
  if (!spec.dest.endsWith('/')) throw new FileModuleFailure(`Destination directory ${parent} does not exist`)
  const missing: string[] = []
  for (let dir = parent; dir !== '/' && dir !== '.' && !(await host.stat(dir, { follow: true })); dir = posix.dirname(dir)) missing.unshift(dir)
  return async () => {
    const r = await host.exec(['mkdir', '-p', '--', parent])
    if (r.rc !== 0) throw new FileModuleFailure(`failed to create ${parent}: ${r.stderr.trim()}`)
    if (spec.directoryMode === undefined) return
    for (const dir of missing) {
      const plan = await planAttributes(dir, await host.stat(dir), { mode: spec.directoryMode }, { accounts: new TargetAccounts(host), checkMode: false }, true)
      await applyAttributes(host, dir, plan)
    }
  }
}
