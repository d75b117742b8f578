// Everything under a folder of the target, with each entry's stat, from one GNU
// `find -printf` (one process however big the tree), and Python's os.walk order
// rebuilt from it: per folder its files then its sub-folders, top down.
import { posix } from 'node:path'
import type { Host } from '../../../engine/module.js'
import { FileModuleFailure } from './failure.js'

export type EntryType = 'file' | 'directory' | 'link' | 'char' | 'block' | 'fifo' | 'socket' | 'unknown'

export interface TreeEntry {
  path: string
  /** 1 for the root's children. */
  depth: number
  type: EntryType
  mode: number
  uid: number
  gid: number
  /** Account names as find prints them (the number when there is no account). */
  user: string
  group: string
  size: number
  inode: number
  dev: number
  nlink: number
  atime: number
  mtime: number
  ctime: number
  /** Where a symlink points ('' otherwise). */
  linkTarget: string
  /** What a symlink leads to ('unknown' when dangling); the type itself otherwise. */
  targetType: EntryType
}

const FIELDS = ['%y', '%Y', '%m', '%U', '%G', '%u', '%g', '%s', '%i', '%D', '%n', '%A@', '%T@', '%C@', '%d', '%l', '%p']
const FORMAT = FIELDS.map((f) => `${f}\\0`).join('')
const TYPES: Record<string, EntryType> = { f: 'file', d: 'directory', l: 'link', c: 'char', b: 'block', p: 'fifo', s: 'socket' }

export interface ListOptions {
  /** Deepest level to list (1 = the root's children only). */
  maxDepth?: number
  /** Also list what symlinks to folders lead to, below the link (as os.walk's followlinks). */
  follow?: boolean
}

/** How many links to folders one listing follows at most: a link cycle must end somewhere. */
const MAX_FOLLOWED_LINKS = 64

/**
 * The entries below `root` in find's (readdir, pre-order) order; every entry is
 * described as itself (a link stays a link). Fails when root cannot be read.
 */
export async function listTree(host: Host, root: string, opts: ListOptions = {}): Promise<TreeEntry[]> {
  const entries = await runFind(host, root, opts.maxDepth, false)
  if (!opts.follow) return entries
  let followed = 0
  for (let i = 0; i < entries.length && followed < MAX_FOLLOWED_LINKS; i++) {
    const link = entries[i]!
    if (link.type !== 'link' || link.targetType !== 'directory') continue
    if (opts.maxDepth !== undefined && link.depth >= opts.maxDepth) continue
    followed++
    const below = await runFind(host, link.path, opts.maxDepth === undefined ? undefined : opts.maxDepth - link.depth, true)
    entries.push(...below.map((e) => ({ ...e, depth: e.depth + link.depth })))
  }
  return entries
}

/** One find run; `throughLink` makes find enter a root that is a symlink (-H). */
async function runFind(host: Host, root: string, maxDepth: number | undefined, throughLink: boolean): Promise<TreeEntry[]> {
  const argv = ['find', ...(throughLink ? ['-H'] : []), root, '-mindepth', '1']
  if (maxDepth !== undefined) argv.push('-maxdepth', String(maxDepth))
  argv.push('-printf', FORMAT)
  const r = await host.exec(argv)
  const entries = parseFindOutput(r.stdout)
  // find goes on past unreadable sub-folders (rc 1); only a root it cannot read at all is an error.
  if (r.rc !== 0 && entries.length === 0) throw new FileModuleFailure(r.stderr.trim() || `cannot list ${root}`, { path: root })
  return entries
}

export function parseFindOutput(stdout: string): TreeEntry[] {
  const fields = stdout.split('\0')
  const entries: TreeEntry[] = []
  for (let i = 0; i + FIELDS.length <= fields.length; i += FIELDS.length) {
    const [y, yFollowed, m, uid, gid, user, group, size, inode, dev, nlink, atime, mtime, ctime, depth, link, path] = fields.slice(i, i + FIELDS.length)
    entries.push({
      path: path!,
      depth: Number(depth),
      type: TYPES[y!] ?? 'unknown',
      mode: parseInt(m!, 8),
      uid: Number(uid),
      gid: Number(gid),
      user: user!,
      group: group!,
      size: Number(size),
      inode: Number(inode),
      dev: Number(dev),
      nlink: Number(nlink),
      atime: Number(atime),
      mtime: Number(mtime),
      ctime: Number(ctime),
      linkTarget: link!,
      targetType: TYPES[yFollowed!] ?? 'unknown',
    })
  }
  return entries
}

export interface WalkStep {
  dir: string
  files: TreeEntry[]
  dirs: TreeEntry[]
}

/** os.walk(root) top down, from a listing of the tree; `enter` may refuse a folder. */
export function* walk(root: string, entries: TreeEntry[], enter: (dir: TreeEntry) => boolean = () => true): Generator<WalkStep> {
  const children = new Map<string, TreeEntry[]>()
  for (const entry of entries) {
    const parent = posix.dirname(entry.path)
    const list = children.get(parent)
    if (list) list.push(entry)
    else children.set(parent, [entry])
  }
  const pending = [root.length > 1 ? root.replace(/\/+$/, '') : root]
  while (pending.length > 0) {
    const dir = pending.shift()!
    const inside = children.get(dir) ?? []
    // As os.walk sorts them: a link to a folder is among the folders (entered only when listed).
    const isDir = (e: TreeEntry) => e.type === 'directory' || (e.type === 'link' && e.targetType === 'directory')
    const step = { dir, files: inside.filter((e) => !isDir(e)), dirs: inside.filter(isDir) }
    yield step
    // Depth first, in listing order, like the recursive generator os.walk is.
    pending.unshift(...step.dirs.filter(enter).map((d) => d.path))
  }
}
