// The find module's tests on one entry — name patterns (glob or regex) and excludes,
// age, size, content — and the per-file keys it returns, as Ansible 2.14 has them.
import { fnmatch } from '../../../engine/template/filters/python-glob.js'
import { FileModuleFailure } from './failure.js'
import { formatStatMode } from './mode.js'
import { pyRegex } from './py-replace.js'
import type { TreeEntry } from './remote-tree.js'

const AGE_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }
const SIZE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }

/** "2d", "-3h", "30" (seconds): negative means younger than. */
export function parseAge(age: string): number {
  const m = /^(-?\d+)(s|m|h|d|w)?$/.exec(age.toLowerCase())
  if (!m) throw new FileModuleFailure('failed to process age', { age })
  return Number(m[1]) * AGE_UNITS[m[2] ?? 's']!
}

/** "10m", "-1g", "100" (bytes): negative means at most. */
export function parseSize(size: string): number {
  const m = /^(-?\d+)(b|k|m|g|t)?$/.exec(size.toLowerCase())
  if (!m) throw new FileModuleFailure('failed to process size', { size })
  return Number(m[1]) * SIZE_UNITS[m[2] ?? 'b']!
}

export interface NameFilter {
  patterns: string[]
  excludes?: string[]
  useRegex: boolean
}

/** pfilter: the name matches a pattern and no exclude (regexes match at the start, globs whole). */
export function nameMatches(name: string, f: NameFilter): boolean {
  if (f.patterns.length === 0 && !f.excludes?.length) return true
  const test = (pattern: string) => (f.useRegex ? pyRegex(pattern, {}, 'match').test(name) : fnmatch(name, pattern))
  if (!f.patterns.some(test)) return false
  return !f.excludes?.some(test)
}

export function ageMatches(entry: TreeEntry, now: number, age: number | undefined, stamp: 'atime' | 'ctime' | 'mtime'): boolean {
  if (age === undefined) return true
  const elapsed = now - entry[stamp]
  return age >= 0 ? elapsed >= age : elapsed <= -age
}

export function sizeMatches(entry: TreeEntry, size: number | undefined): boolean {
  if (size === undefined) return true
  return size >= 0 ? entry.size >= size : entry.size <= -size
}

/** contentfilter on a file's text: a line matching (re.match) the pattern, or a search of the whole text. */
export function contentMatches(text: string, pattern: string, wholeFile: boolean): boolean {
  if (wholeFile) return pyRegex(pattern).test(text)
  const re = pyRegex(pattern, {}, 'match')
  return (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).some((line) => {
    re.lastIndex = 0
    return re.test(line)
  })
}

/** statinfo: the keys each found file carries. */
export function entryInfo(e: TreeEntry): Record<string, unknown> {
  const has = (bit: number) => (e.mode & bit) !== 0
  // find prints the number when an id has no account; Ansible leaves the name empty.
  const name = (text: string, id: number) => (text === String(id) ? '' : text)
  return {
    path: e.path,
    mode: formatStatMode(e.mode & 0o7777),
    isdir: e.type === 'directory',
    ischr: e.type === 'char',
    isblk: e.type === 'block',
    isreg: e.type === 'file',
    isfifo: e.type === 'fifo',
    islnk: e.type === 'link',
    issock: e.type === 'socket',
    uid: e.uid,
    gid: e.gid,
    size: e.size,
    inode: e.inode,
    dev: e.dev,
    nlink: e.nlink,
    atime: e.atime,
    mtime: e.mtime,
    ctime: e.ctime,
    gr_name: name(e.group, e.gid),
    pw_name: name(e.user, e.uid),
    wusr: has(0o200), rusr: has(0o400), xusr: has(0o100),
    wgrp: has(0o020), rgrp: has(0o040), xgrp: has(0o010),
    woth: has(0o002), roth: has(0o004), xoth: has(0o001),
    isuid: has(0o4000),
    isgid: has(0o2000),
  }
}
