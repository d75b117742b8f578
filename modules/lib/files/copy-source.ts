// The controller side of copy: what a `src` folder holds, as the copy action plugin
// walks it. "files/conf" copies the folder itself (entries are "conf/…"), "files/conf/"
// only what is inside; symlinks are followed (local_follow) unless they would loop.
import { promises as fs } from 'node:fs'
import { basename, dirname, join, sep } from 'node:path'

/** A controller path and where it goes, relative to dest. */
export interface SourceItem {
  source: string
  rel: string
}

export interface SourceTree {
  files: SourceItem[]
  directories: SourceItem[]
  /** `source` is the link's text (what the copy must point to). */
  symlinks: SourceItem[]
}

/** Everything under `topdir` (a folder), in os.walk order. */
export async function walkSource(topdir: string, localFollow: boolean): Promise<SourceTree> {
  const tree: SourceTree = { files: [], directories: [], symlinks: [] }
  const trailing = topdir.endsWith(sep)
  const base = trailing ? topdir : dirname(topdir)
  const offset = base.length + (base.endsWith(sep) ? 0 : 1)
  const rootStat = await fs.stat(topdir)
  await walkFolder(tree, topdir, (path) => path.slice(offset), localFollow, new Set([identity(rootStat)]))
  return tree
}

function identity(st: { dev: number; ino: number }): string {
  return `${st.dev}:${st.ino}`
}

/** One folder: its files, then its sub-folders (each walked right after, depth first). */
async function walkFolder(tree: SourceTree, dir: string, relOf: (path: string) => string, follow: boolean, parents: Set<string>): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true })
  const subfolders: { path: string; rel: string; real: string; parents: Set<string> }[] = []
  for (const entry of entries) {
    const path = join(dir, entry.name)
    const rel = relOf(path)
    if (entry.isSymbolicLink()) {
      const target = await fs.stat(path).catch(() => undefined)
      if (target?.isDirectory()) {
        const real = await fs.realpath(path)
        // A link back to a folder being walked would never end: it stays a link.
        if (!follow || parents.has(identity(target))) tree.symlinks.push({ source: await fs.readlink(path), rel })
        else subfolders.push({ path, rel, real, parents: new Set([...parents, identity(target)]) })
      } else if (follow && target?.isFile()) tree.files.push({ source: await fs.realpath(path), rel })
      else tree.symlinks.push({ source: await fs.readlink(path), rel })
    } else if (entry.isDirectory()) {
      const st = await fs.stat(path)
      subfolders.push({ path, rel, real: path, parents: new Set([...parents, identity(st)]) })
    } else if (entry.isFile()) {
      tree.files.push({ source: path, rel })
    }
  }
  // As os.walk: a level's folders are listed before any is entered; a followed link is
  // entered on the spot (the action plugin recurses into it itself).
  const later: typeof subfolders = []
  for (const sub of subfolders) {
    tree.directories.push({ source: sub.real, rel: sub.rel })
    if (sub.real === sub.path) later.push(sub)
    else await walkFolder(tree, sub.real, (p) => join(sub.rel, p.slice(sub.real.length + 1)), follow, sub.parents)
  }
  for (const sub of later) await walkFolder(tree, sub.path, relOf, follow, sub.parents)
}

/** A single file: it goes to dest under its own name. */
export function singleFile(source: string): SourceTree {
  return { files: [{ source, rel: basename(source) }], directories: [], symlinks: [] }
}
