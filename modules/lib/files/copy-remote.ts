// copy with remote_src: the source is on the target too. A file is copied there (cp,
// then renamed into place); a folder is merged into the destination the way Ansible's
// module does it — missing and differing entries are copied, nothing is deleted.
import { posix } from 'node:path'
import { randomBytes } from 'node:crypto'
import { shellJoin, type FileStat } from '../../../engine/connection/connection.js'
import type { Host, ModuleResult } from '../../../engine/module.js'
import { TargetAccounts } from './accounts.js'
import { applyAttributes, planAttributes, type FileAttrParams } from './attributes.js'
import { backupFile } from './backup.js'
import { remoteDigests, remoteSha1 } from './checksum.js'
import { FileModuleFailure } from './failure.js'
import { formatMode } from './mode.js'
import { pathInfo } from './path-info.js'
import { listTree, type TreeEntry } from './remote-tree.js'
import { realPathOf } from './text-file.js'
import { runValidation } from './validate.js'

export interface RemoteCopySpec {
  src: string
  dest: string
  follow: boolean
  localFollow: boolean
  force: boolean
  backup: boolean
  validate?: string
  checksum?: string
  attrs: FileAttrParams
  checkMode: boolean
}

export interface RemoteCopyPlan {
  changed: boolean
  result: ModuleResult
  apply: () => Promise<ModuleResult>
}

export async function planRemoteCopy(host: Host, spec: RemoteCopySpec): Promise<RemoteCopyPlan> {
  const srcStat = await host.stat(spec.src, { follow: true })
  if (!srcStat) throw new FileModuleFailure(`Source ${spec.src} not found`)
  const attrs = spec.attrs.mode === 'preserve' ? { ...spec.attrs, mode: formatMode(srcStat.mode) } : spec.attrs
  if (srcStat.isdir) return planFolderCopy(host, { ...spec, attrs })
  if (!srcStat.isreg) throw new FileModuleFailure(`Cannot copy invalid source '${spec.src}': not a file`)
  return planRemoteFile(host, { ...spec, attrs }, srcStat)
}

async function planRemoteFile(host: Host, spec: RemoteCopySpec, srcStat: FileStat): Promise<RemoteCopyPlan> {
  const { sha1: checksum, md5: md5sum } = await remoteDigests(host, spec.src, srcStat.size)
  if (spec.checksum !== undefined && spec.checksum !== checksum) {
    throw new FileModuleFailure('Copied file does not match the expected checksum. Transfer failed.', { checksum, expected_checksum: spec.checksum })
  }
  let dest = spec.dest
  if (dest.endsWith('/') || (await host.stat(dest, { follow: true }))?.isdir) dest = posix.join(dest, posix.basename(spec.src))
  let st = await host.stat(dest)
  if (st?.islnk && spec.follow) {
    dest = await realPathOf(host, dest, st)
    st = await host.stat(dest)
  }
  if (st && !spec.force) return { changed: false, result: { msg: 'file already exists', src: spec.src, dest }, apply: async () => ({}) }
  if (!st && !spec.checkMode && !(await host.stat(posix.dirname(dest), { follow: true }))) {
    throw new FileModuleFailure(`Destination directory ${posix.dirname(dest)} does not exist`)
  }
  const destSum = st?.isreg ? await remoteSha1(host, dest, st.size) : undefined
  const accounts = new TargetAccounts(host)
  const contentChanged = destSum !== checksum || !!st?.islnk
  const attrs = await planAttributes(dest, contentChanged && st?.islnk ? null : st, spec.attrs, { accounts, checkMode: spec.checkMode })
  const result: ModuleResult = { dest, src: spec.src, checksum, md5sum, ...(await pathInfo(host, dest, accounts)) }
  return {
    changed: contentChanged || attrs.changed,
    result,
    apply: async () => {
      const extra: ModuleResult = {}
      if (contentChanged) {
        if (spec.backup && st && !st.islnk) extra.backup_file = await backupFile(host, dest)
        if (spec.validate !== undefined) {
          const r = await runValidation(host, spec.validate, await host.readBytes(spec.src))
          if (r.rc !== 0) throw new FileModuleFailure('failed to validate', { exit_status: r.rc, stdout: r.stdout, stderr: r.stderr })
        }
        await copyIntoPlace(host, spec.src, dest)
      }
      await applyAttributes(host, dest, attrs)
      return { ...(await pathInfo(host, dest, accounts)), ...extra }
    },
  }
}

// $1 source, $2 destination, $3 temporary name: an existing destination keeps its mode
// and owner (as atomic_move keeps them), a new one gets the source's; times come along.
const COPY_SCRIPT = `set -e
src=$1 dest=$2 tmp=$3
trap 'rm -f -- "$tmp"' EXIT
cp -- "$src" "$tmp"
touch -r "$src" -- "$tmp"
if [ -e "$dest" ] && [ ! -L "$dest" ]; then
  chmod --reference="$dest" -- "$tmp"
  chown --reference="$dest" -- "$tmp" 2>/dev/null || true
else
  chmod --reference="$src" -- "$tmp"
fi
mv -f -T -- "$tmp" "$dest"
trap - EXIT`

async function copyIntoPlace(host: Host, src: string, dest: string): Promise<void> {
  const tmp = posix.join(posix.dirname(dest), `.${posix.basename(dest)}.tsplay-${randomBytes(6).toString('hex')}.tmp`)
  const r = await host.exec(['sh', '-c', COPY_SCRIPT, 'sh', src, dest, tmp])
  if (r.rc !== 0) throw new FileModuleFailure(`failed to copy: ${src} to ${dest}`, { stderr: r.stderr })
}

/**
 * A folder source: "src/" merges its content into dest; "src" lands as dest/<name>.
 * Files that differ (by size, else by content) and entries dest lacks are copied.
 */
async function planFolderCopy(host: Host, spec: RemoteCopySpec): Promise<RemoteCopyPlan> {
  const destStat = await host.stat(spec.dest, { follow: true })
  const root = spec.src.endsWith('/') ? spec.dest : posix.join(spec.dest, posix.basename(spec.src))
  const destParent = posix.dirname(spec.dest.replace(/\/+$/, ''))
  if (!destStat && !spec.checkMode && !(await host.stat(destParent, { follow: true }))) {
    throw new FileModuleFailure(`Destination directory ${destParent} does not exist`)
  }
  const srcEntries = await listTree(host, spec.src, { follow: spec.localFollow })
  const rootExists = (await host.stat(root, { follow: true })) !== null
  const destEntries = rootExists ? await listTree(host, root) : []
  const work = await mergeWork(host, spec, root, srcEntries, destEntries)
  const accounts = new TargetAccounts(host)
  const ownership = await ownershipChanges(root, destEntries, spec.attrs, accounts)
  const attrs = await planAttributes(spec.dest, destStat, { mode: spec.attrs.mode }, { accounts, checkMode: spec.checkMode }, true)
  const changed = !rootExists || work.length > 0 || ownership.length > 0 || attrs.changed
  return {
    changed,
    result: { dest: spec.dest, src: spec.src, checksum: null, md5sum: null },
    apply: async () => {
      const script = [rootExists ? [] : [['mkdir', '-p', '--', root]], work, ownership].flat().map((c) => shellJoin(c))
      if (script.length > 0) {
        const r = await host.exec({ script: script.join(' && ') })
        if (r.rc !== 0) throw new FileModuleFailure(`failed to copy: ${spec.src} to ${spec.dest}`, { stderr: r.stderr })
      }
      await applyAttributes(host, spec.dest, attrs)
      return pathInfo(host, spec.dest, accounts)
    },
  }
}

const relative = (root: string, path: string) => path.slice(root.replace(/\/+$/, '').length + 1)

/** The commands that bring what src has into root. */
async function mergeWork(host: Host, spec: RemoteCopySpec, root: string, srcEntries: TreeEntry[], destEntries: TreeEntry[]): Promise<string[][]> {
  const dest = new Map(destEntries.map((e) => [relative(root, e.path), e]))
  const work: string[][] = []
  const compare: [string, string][] = []
  for (const listed of srcEntries) {
    // With local_follow a link is copied as what it leads to.
    const entry = spec.localFollow && listed.type === 'link' && listed.targetType !== 'unknown' ? { ...listed, type: listed.targetType } : listed
    const rel = relative(spec.src, entry.path)
    const target = posix.join(root, rel)
    const there = dest.get(rel)
    if (entry.type === 'directory') {
      if (!there) work.push(['mkdir', '-p', '--', target], ['chmod', entry.mode.toString(8), '--', target])
    } else if (!there) work.push(['cp', entry === listed ? '-P' : '-L', '--preserve=mode', '--', entry.path, target])
    else if (entry.type === 'file' && there.type === 'file') {
      if (entry.size !== there.size) work.push(['cp', '--preserve=mode', '--', entry.path, target])
      else if (entry.mtime !== there.mtime) compare.push([entry.path, target])
    }
  }
  for (const [from, to] of await differingPairs(host, compare)) work.push(['cp', '--preserve=mode', '--', from, to])
  return work
}

// Reads NUL-separated source/destination pairs; prints the pairs whose content differs.
const CMP_SCRIPT = `while IFS= read -r -d '' a && IFS= read -r -d '' b; do
  cmp -s -- "$a" "$b" || printf '%s\\0%s\\0' "$a" "$b"
done`

async function differingPairs(host: Host, pairs: [string, string][]): Promise<[string, string][]> {
  if (pairs.length === 0) return []
  const r = await host.exec(['bash', '-c', CMP_SCRIPT], { stdin: pairs.flat().map((p) => `${p}\0`).join('') })
  const fields = r.stdout.split('\0')
  const out: [string, string][] = []
  for (let i = 0; i + 1 < fields.length; i += 2) out.push([fields[i]!, fields[i + 1]!])
  return out
}

/** chown_recursive: owner and group of everything under root (and root) that differs. */
async function ownershipChanges(root: string, entries: TreeEntry[], want: FileAttrParams, accounts: TargetAccounts): Promise<string[][]> {
  if (want.owner === undefined && want.group === undefined) return []
  const uid = want.owner === undefined ? undefined : await accounts.uid(want.owner)
  const gid = want.group === undefined ? undefined : await accounts.gid(want.group)
  if ((want.owner !== undefined && uid === undefined) || (want.group !== undefined && gid === undefined)) {
    throw new FileModuleFailure(`chown failed: failed to look up ${uid === undefined ? `user ${want.owner}` : `group ${want.group}`}`)
  }
  const differs = entries.length === 0 || entries.some((e) => (uid !== undefined && e.uid !== uid) || (gid !== undefined && e.gid !== gid))
  if (!differs) return []
  return [['chown', '-R', '-h', `${uid ?? ''}${gid === undefined ? '' : `:${gid}`}`, '--', root]]
}
