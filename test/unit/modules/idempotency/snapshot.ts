// Snapshots of what a module may change, as text that compares equal only when nothing
// was touched: kind, mode, owner, content digest, link target and modification time of
// every entry (a rewrite with the same content still shows, through its mtime). A folder's
// own mtime is left out: temp files coming and going (atomic writes, download probes)
// change it without changing anything a user relies on.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { lstat, readdir, readFile, readlink } from 'node:fs/promises'
import { join, relative } from 'node:path'

async function describePath(path: string): Promise<string> {
  const st = await lstat(path).catch(() => undefined)
  if (!st) return 'missing'
  const common = `mode=${(st.mode & 0o7777).toString(8)} owner=${st.uid}:${st.gid}`
  if (st.isDirectory()) return `dir ${common}`
  const withTime = `${common} mtime=${st.mtimeMs}`
  if (st.isSymbolicLink()) return `link -> ${await readlink(path)} ${withTime}`
  if (!st.isFile()) return `other ${withTime}`
  const digest = createHash('sha256').update(await readFile(path)).digest('hex').slice(0, 16)
  return `file ${digest} size=${st.size} nlink=${st.nlink} ${withTime}`
}

/** Every entry under `dir` (and `dir` itself), one line each, sorted by path. */
export async function treeSnapshot(dir: string): Promise<string> {
  if (!existsSync(dir)) return `${dir}: missing`
  const paths = [dir, ...(await readdir(dir, { recursive: true })).map((entry) => join(dir, entry))].sort()
  const lines = await Promise.all(paths.map(async (path) => `${relative(dir, path) || '.'}: ${await describePath(path)}`))
  return lines.join('\n')
}

/** The given paths (files or folders, present or not), one line each. */
export async function pathsSnapshot(paths: string[]): Promise<string> {
  const lines = await Promise.all(paths.map(async (path) => `${path}: ${await describePath(path)}`))
  return lines.join('\n')
}
