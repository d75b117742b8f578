// The files a case leaves under out/, as a user would compare two trees: each entry's kind,
// permission bits, file content (or a digest for large or binary files), symlink target, and
// hard link count when a file has more than one name. Backup names carry a pid and a
// timestamp, so they are normalised before trees are compared.
import { existsSync } from 'node:fs'
import { lstat, readdir, readFile, readlink } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { join, relative } from 'node:path'

export type OutEntry =
  | { type: 'file'; mode: string; content: string; links?: number }
  | { type: 'dir'; mode: string }
  | { type: 'link'; target: string }
  | { type: 'other'; mode: string }

/** Entries by path relative to out/ ('' is out/ itself), sorted by path. */
export type OutTree = Record<string, OutEntry>

/** Texts longer than this are shown as a digest: a difference is still seen, without a page of text. */
const MAX_TEXT = 64 * 1024

/** `name.<pid>.<YYYY-MM-DD@HH:MM:SS>~`: the backup files of copy, template, lineinfile and friends. */
const BACKUP_SUFFIX = /\.\d+\.\d{4}-\d{2}-\d{2}@\d{2}:\d{2}:\d{2}~$/

/** The tree under `outDir`, or null when the case has no out/ folder. */
export async function readOutTree(outDir: string): Promise<OutTree | null> {
  if (!existsSync(outDir)) return null
  const entries: Array<[string, OutEntry]> = [['', await describeEntry(outDir)]]
  for (const entry of await readdir(outDir, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name)
    entries.push([relative(outDir, full), await describeEntry(full)])
  }
  return normaliseBackupNames(entries)
}

async function describeEntry(path: string): Promise<OutEntry> {
  const st = await lstat(path)
  const mode = (st.mode & 0o7777).toString(8).padStart(4, '0')
  if (st.isSymbolicLink()) return { type: 'link', target: await readlink(path) }
  if (st.isDirectory()) return { type: 'dir', mode }
  if (!st.isFile()) return { type: 'other', mode }
  const content = showContent(await readFile(path))
  return st.nlink > 1 ? { type: 'file', mode, content, links: st.nlink } : { type: 'file', mode, content }
}

/** UTF-8 text as is; binary or very large content as its size and sha256. */
export function showContent(bytes: Buffer): string {
  const text = bytes.toString('utf8')
  const isText = Buffer.from(text, 'utf8').equals(bytes) && !text.includes('\u0000')
  if (isText && bytes.length <= MAX_TEXT) return text
  return `<${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}>`
}

/** Sorted by path, with backup names reduced to `name.<backup>~` (numbered when one file has several). */
export function normaliseBackupNames(entries: Array<[string, OutEntry]>): OutTree {
  const tree: OutTree = {}
  for (const [path, entry] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = path.replace(BACKUP_SUFFIX, '.<backup>~')
    let name = base
    for (let n = 2; name in tree; n++) name = base.replace(/~$/, `${n}~`)
    tree[name] = entry
  }
  return tree
}

/** The paths whose entries differ between two trees (added, removed or changed), in order. */
export function changedPaths(before: OutTree | null, after: OutTree | null): string[] {
  const a = before ?? {}
  const b = after ?? {}
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
  return paths.filter((path) => JSON.stringify(a[path]) !== JSON.stringify(b[path]))
}
