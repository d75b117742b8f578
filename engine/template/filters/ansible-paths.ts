// Ansible's path filters, with Python's os.path (and ntpath) semantics: basename,
// dirname, expanduser, expandvars, realpath, relpath, splitext, path_join, fileglob,
// win_basename, win_dirname, win_splitdrive. They run on the controller.
import { readFileSync, realpathSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { posix, resolve } from 'node:path'
import { TemplateError } from '../../errors.js'
import type { FilterFn } from '../types.js'
import { pyClass } from './ansible-data.js'
import { pyGlob } from './python-glob.js'
import { pythonStr } from './python-repr.js'
import { PyTuple, isString, tuple } from './python-types.js'
import { defineFilter, optional, strArg } from './signature.js'

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

export function dirname(path: string): string {
  const head = path.slice(0, path.lastIndexOf('/') + 1)
  return head && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head
}

/** os.path.join: an absolute component restarts the path. */
export function pathJoin(parts: string[]): string {
  return parts.reduce((acc, part, i) => {
    if (i === 0 || part.startsWith('/')) return part
    return acc === '' || acc.endsWith('/') ? acc + part : `${acc}/${part}`
  }, '')
}

/** os.path.splitext: the extension is the last dot of the name, unless the name only starts with dots. */
export function splitext(path: string): PyTuple {
  const slash = path.lastIndexOf('/')
  const dot = path.lastIndexOf('.')
  if (dot > slash) {
    const nameStart = slash + 1
    if (/[^.]/.test(path.slice(nameStart, dot))) return tuple(path.slice(0, dot), path.slice(dot))
  }
  return tuple(path, '')
}

function homeOf(user: string): string | undefined {
  if (user === '') return process.env.HOME ?? homedir()
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[0] === user)
    return line?.split(':')[5]
  } catch {
    return undefined
  }
}

function expanduser(path: string): string {
  if (!path.startsWith('~')) return path
  const slash = path.indexOf('/', 1)
  const user = path.slice(1, slash < 0 ? undefined : slash)
  const home = homeOf(user)
  if (home === undefined) return path
  const rest = slash < 0 ? '' : path.slice(slash)
  return (home.replace(/\/+$/, '') || '/') + rest
}

function expandvars(path: string): string {
  return path.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name
    return process.env[key] ?? whole
  })
}

/** os.path.realpath (non-strict): symlinks resolved as far as the path exists. */
function realpath(path: string): string {
  const absolute = resolve(path)
  let existing = absolute
  const rest: string[] = []
  while (existing !== '/') {
    try {
      return posix.join(realpathSync(existing), ...rest)
    } catch {
      rest.unshift(posix.basename(existing))
      existing = posix.dirname(existing)
    }
  }
  return posix.join('/', ...rest)
}

function relpath(path: string, start: string | undefined): string {
  if (!path) throw new TemplateError('no path specified')
  return posix.relative(resolve(start ?? '.'), resolve(path)) || '.'
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

// ntpath: drive letters and UNC shares, either slash.
function winSplitdrive(path: string): PyTuple {
  if (/^[A-Za-z]:/.test(path)) return tuple(path.slice(0, 2), path.slice(2))
  const unc = /^[\\/]{2}[^\\/]+[\\/][^\\/]+/.exec(path)
  if (unc && !/^[\\/]{3}/.test(path)) return tuple(unc[0], path.slice(unc[0].length))
  return tuple('', path)
}

function winBasename(path: string): string {
  const rest = String(winSplitdrive(path)[1])
  return rest.slice(Math.max(rest.lastIndexOf('\\'), rest.lastIndexOf('/')) + 1)
}

function winDirname(path: string): string {
  const [drive, rest] = winSplitdrive(path) as unknown as [string, string]
  const cut = Math.max(rest.lastIndexOf('\\'), rest.lastIndexOf('/')) + 1
  const head = rest.slice(0, cut)
  const trimmed = /^[\\/]+$/.test(head) ? head : head.replace(/[\\/]+$/, '')
  return drive + trimmed
}

function pathJoinFilter(paths: unknown): string {
  if (isString(paths)) return String(paths)
  if (Array.isArray(paths)) return pathJoin(paths.map(strArg))
  throw new TemplateError(`|path_join expects string or sequence, got ${pyClass(paths)} instead.`)
}

const onText = (name: string, fn: (path: string) => unknown): FilterFn => defineFilter(name, {}, (v) => fn(pythonStr(v)))

export const ansiblePathFilters: Record<string, FilterFn> = {
  basename: onText('basename', basename),
  dirname: onText('dirname', dirname),
  expanduser: onText('expanduser', expanduser),
  expandvars: onText('expandvars', expandvars),
  realpath: onText('realpath', realpath),
  relpath: defineFilter('relpath', { start: null }, (v, p) => relpath(pythonStr(v), optional(p.start, strArg))),
  splitext: onText('splitext', splitext),
  path_join: defineFilter('path_join', {}, (v) => pathJoinFilter(v)),
  fileglob: onText('fileglob', (pattern) => pyGlob(pattern).filter(isFile)),
  win_basename: onText('win_basename', winBasename),
  win_dirname: onText('win_dirname', winDirname),
  win_splitdrive: onText('win_splitdrive', winSplitdrive),
}
