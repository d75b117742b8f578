// group_vars/ and host_vars/ beside an inventory or a playbook, found as ansible's
// host_group_vars plugin finds them: for an entity NAME, the first of NAME, NAME.yml,
// NAME.yaml, NAME.json that exists; a folder is read whole (sorted, recursively, skipping
// hidden files, backups and other extensions) and its files merged in order.

import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { extname, join, sep } from 'node:path'
import { ParseError } from '../errors.js'
import { loadDataFile } from './yaml-data.js'
import type { Warn } from './types.js'

export const VARS_EXTENSIONS = ['.yml', '.yaml', '.json']

export type VarsKind = 'group_vars' | 'host_vars'

/** Reads and caches vars files; one instance per inventory. */
export class VarsFiles {
  private readonly found = new Map<string, string[]>()
  private readonly loaded = new Map<string, Record<string, unknown>>()

  constructor(private readonly warn: Warn) {}

  /** The merged vars of `name` from `<baseDir>/<kind>/`; later files override earlier ones. */
  varsFor(baseDir: string, kind: VarsKind, name: string): Record<string, unknown> {
    // Like ansible, names that look like absolute paths (chroot hosts) have no vars files.
    if (name.startsWith(sep)) return {}
    let merged: Record<string, unknown> = {}
    for (const file of this.filesFor(baseDir, kind, name)) merged = { ...merged, ...this.load(file) }
    return merged
  }

  private filesFor(baseDir: string, kind: VarsKind, name: string): string[] {
    const key = `${baseDir}\0${kind}\0${name}`
    let files = this.found.get(key)
    if (!files) {
      files = findVarsFiles(join(baseDir, kind), name, this.warn)
      this.found.set(key, files)
    }
    return files
  }

  private load(file: string): Record<string, unknown> {
    let vars = this.loaded.get(file)
    if (!vars) {
      const data = loadDataFile(readFileSync(file, 'utf8'), file, this.warn)
      if (data === null || data === undefined) vars = {} // an empty file is allowed
      else if (typeof data !== 'object' || Array.isArray(data)) {
        throw new ParseError(`vars file must contain a mapping of variable names to values, got ${Array.isArray(data) ? 'a list' : typeof data}`, {
          pos: { file, line: 1, column: 1 },
        })
      } else vars = data as Record<string, unknown>
      this.loaded.set(file, vars)
    }
    return vars
  }
}

function findVarsFiles(varsDir: string, name: string, warn: Warn): string[] {
  if (!existsSync(varsDir)) return []
  const dir = realpathSync(varsDir)
  if (!statSync(dir).isDirectory()) {
    warn(`Found ${varsDir} that is not a directory, skipping: ${dir}`)
    return []
  }
  for (const ext of ['', ...VARS_EXTENSIONS]) {
    const candidate = join(dir, name + ext)
    if (!existsSync(candidate)) continue
    return statSync(candidate).isDirectory() ? filesInVarsDir(candidate) : [candidate]
  }
  return []
}

function filesInVarsDir(dir: string): string[] {
  const files: string[] = []
  for (const entry of readdirSync(dir).sort(compareCodePoints)) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue
    const path = join(dir, entry)
    const ext = extname(entry)
    const stat = statSync(path)
    if (stat.isDirectory() && !ext) files.push(...filesInVarsDir(path))
    else if (stat.isFile() && (!ext || VARS_EXTENSIONS.includes(ext))) files.push(path)
  }
  return files
}

/** Python's string order (by character code, not locale), in which ansible lists files. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
