// Python's glob.glob(): * ? [seq] per path segment, hidden names only matched by
// patterns that start with a dot, and results in directory order (not sorted — Node's
// readdirSync sorts, so directories are read with opendirSync as Python's scandir does).
import { lstatSync, opendirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const MAGIC = /[*?[]/

/** fnmatch.fnmatchcase: does `name` match the shell pattern (* ? [seq] [!seq])? */
export function fnmatch(name: string, pattern: string): boolean {
  return fnmatchRegex(pattern).test(name)
}

/** fnmatch.translate: a shell pattern as an anchored RegExp. */
export function fnmatchRegex(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '*') out += '[\\s\\S]*'
    else if (ch === '?') out += '[\\s\\S]'
    else if (ch === '[') {
      let j = i + 1
      if (pattern[j] === '!') j++
      if (pattern[j] === ']') j++
      while (j < pattern.length && pattern[j] !== ']') j++
      if (j >= pattern.length) {
        out += '\\['
        continue
      }
      let set = pattern.slice(i + 1, j).replaceAll('\\', '\\\\')
      if (set.startsWith('!')) set = '^' + set.slice(1)
      else if (set.startsWith('^')) set = '\\' + set
      out += `[${set.replace(/[[\]]/g, '\\$&')}]`
      i = j
    } else out += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  return new RegExp(`^${out}$`, 's')
}

function exists(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch {
    return false
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Entries of a directory in the order the filesystem returns them. */
function listDir(dir: string, dirsOnly: boolean): string[] {
  const names: string[] = []
  try {
    const handle = opendirSync(dir || '.')
    try {
      for (let entry = handle.readSync(); entry; entry = handle.readSync()) {
        if (!dirsOnly || entry.isDirectory() || (entry.isSymbolicLink() && isDir(join(dir || '.', entry.name)))) names.push(entry.name)
      }
    } finally {
      handle.closeSync()
    }
  } catch {
    return []
  }
  return names
}

function splitPath(path: string): [string, string] {
  const slash = path.lastIndexOf('/')
  if (slash < 0) return ['', path]
  const head = path.slice(0, slash + 1)
  const trimmed = /^\/+$/.test(head) ? head : head.replace(/\/+$/, '')
  return [trimmed, path.slice(slash + 1)]
}

function globIn(dir: string, pattern: string, dirsOnly: boolean): string[] {
  const regex = fnmatchRegex(pattern)
  const hiddenOk = pattern.startsWith('.')
  return listDir(dir, dirsOnly).filter((name) => (hiddenOk || !name.startsWith('.')) && regex.test(name))
}

/** glob.glob(pathname) (non-recursive, like Ansible's fileglob). */
export function pyGlob(pathname: string, dirsOnly = false): string[] {
  const [dir, base] = splitPath(pathname)
  if (!MAGIC.test(pathname)) {
    if (base ? exists(pathname) : isDir(dir)) return [pathname]
    return []
  }
  if (!dir) return globIn('', base, dirsOnly)
  const dirs = dir !== pathname && MAGIC.test(dir) ? pyGlob(dir, true) : [dir]
  const results: string[] = []
  for (const d of dirs) {
    const names = MAGIC.test(base) ? globIn(d, base, dirsOnly) : exists(join(d, base)) || !base ? [base] : []
    for (const name of names) results.push(d.endsWith('/') ? d + name : `${d}/${name}`)
  }
  return results
}
