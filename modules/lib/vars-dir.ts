// The files include_vars reads from a folder: every file under it, folders in
// sorted order and files sorted within each, down to a depth (0 = no limit).
// Symlinked folders are listed but not entered, like Python's os.walk.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'

export async function listVarsFiles(root: string, depth: number): Promise<string[]> {
  const folders: { path: string; files: string[] }[] = []
  await walk(root, 1, depth, folders)
  folders.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return folders.flatMap((folder) => folder.files.sort().map((name) => join(folder.path, name)))
}

async function walk(path: string, level: number, depth: number, out: { path: string; files: string[] }[]): Promise<void> {
  const files: string[] = []
  const subfolders: string[] = []
  for (const entry of await fs.readdir(path, { withFileTypes: true })) {
    const full = join(path, entry.name)
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await isFolder(full)))
    if (!isDir) files.push(entry.name)
    else if (entry.isDirectory()) subfolders.push(full)
  }
  out.push({ path, files })
  if (depth !== 0 && level >= depth) return
  for (const sub of subfolders) await walk(sub, level + 1, depth, out)
}

async function isFolder(path: string): Promise<boolean> {
  return (await fs.stat(path).catch(() => undefined))?.isDirectory() ?? false
}
