// Inventory sources as given with -i: a 'host1,host2,' list, a file (INI, YAML/JSON or an
// executable script), or a folder of such files. Each is read into the one inventory graph.

import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, extname, isAbsolute, join, resolve } from 'node:path'
import { Document, LineCounter } from 'yaml'
import { ParseError } from '../errors.js'
import { AddressError, parseAddress } from './address.js'
import type { InventoryGraph } from './graph.js'
import { parseIniInventory } from './ini.js'
import { parseInventoryScript } from './script.js'
import type { Warn } from './types.js'
import { compareCodePoints, VARS_EXTENSIONS } from './vars-files.js'
import { parseYaml, type YamlSource } from './yaml-data.js'
import { looksLikeYamlInventory, parseYamlInventory } from './yaml-inventory.js'

/** Files in an inventory folder that are never inventories (ansible's INVENTORY_IGNORE_EXTS default). */
export const DEFAULT_IGNORED_EXTENSIONS = [
  '.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry',
]
/** Folder entries skipped whatever the settings: hidden files and the vars folders. */
const ALWAYS_IGNORED = /^\.|^host_vars$|^group_vars$|^vars_plugins$/

export interface SourceOptions {
  cwd: string
  warn: Warn
  ignoredExtensions: string[]
}

/** A source path as ansible resolves it: ~ and $VARS expanded, made absolute. Host lists stay as given. */
export function resolveSource(source: string, cwd: string): string {
  if (source.includes(',')) return source
  const expanded = source
    .replace(/^~(?=$|\/)/, homedir())
    .replace(/\$(\w+)|\$\{(\w+)\}/g, (text, a: string | undefined, b: string | undefined) => process.env[a ?? b ?? ''] ?? text)
  return isAbsolute(expanded) ? resolve(expanded) : resolve(cwd, expanded)
}

/** The folder whose group_vars/ and host_vars/ belong to a source, if any. */
export function varsBaseDir(source: string): string | undefined {
  if (source.includes(',') && !existsSync(source)) return undefined
  return existsSync(source) && statSync(source).isDirectory() ? source : dirname(source)
}

/** Read one resolved source into `graph`; false when there was nothing to read (ansible warns and goes on). */
export async function loadSource(source: string, graph: InventoryGraph, opts: SourceOptions): Promise<boolean> {
  if (existsSync(source) && statSync(source).isDirectory()) return loadFolder(source, graph, opts)
  if (!existsSync(source)) {
    if (source.includes(',')) {
      graph.currentSource = { file: source, dir: null }
      loadHostList(source, graph)
      graph.currentSource = undefined
      return true
    }
    // Like ansible: the default /etc/ansible/hosts may be absent without a word.
    if (source !== '/etc/ansible/hosts') opts.warn(`Unable to parse ${source} as an inventory source`)
    return false
  }
  graph.currentSource = { file: source, dir: dirname(source) }
  try {
    if (await isRunnableScript(source)) await parseInventoryScript(source, graph, opts.cwd)
    else loadDataSource(source, graph, opts)
  } finally {
    graph.currentSource = undefined
  }
  return true
}

async function loadFolder(dir: string, graph: InventoryGraph, opts: SourceOptions): Promise<boolean> {
  let parsed = false
  for (const entry of readdirSync(dir).sort(compareCodePoints)) {
    if (ALWAYS_IGNORED.test(entry) || opts.ignoredExtensions.some((ext) => entry.endsWith(ext))) continue
    if (await loadSource(join(dir, entry), graph, opts)) parsed = true
  }
  return parsed
}

/** `-i 'web1,web2:2222,'`: each name is a host of `ungrouped`, with an optional port. */
function loadHostList(list: string, graph: InventoryGraph): void {
  for (const item of list.split(',')) {
    const text = item.trim()
    if (!text) continue
    let address: { host: string; port?: number }
    try {
      address = parseAddress(text, false)
    } catch (err) {
      if (!(err instanceof AddressError)) throw err
      address = { host: text }
    }
    if (!graph.hosts.has(address.host)) graph.addHost(address.host, 'ungrouped', address.port)
  }
}

/** Executable and starting with `#!` (or an ELF binary): run it, as ansible's script plugin would. */
async function isRunnableScript(path: string): Promise<boolean> {
  try {
    accessSync(path, constants.X_OK)
  } catch {
    return false
  }
  const file = await open(path, 'r')
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4), 0, 4, 0)
    const head = buffer.subarray(0, bytesRead).toString('latin1')
    return head.startsWith('#!') || head === '\x7fELF'
  } finally {
    await file.close()
  }
}

/**
 * A data file: YAML (or JSON) when it holds a mapping, otherwise INI — the order in which
 * ansible's yaml and ini plugins try it. When both fail, the error shown is the one of the
 * format the file most likely meant.
 */
function loadDataSource(path: string, graph: InventoryGraph, opts: SourceOptions): void {
  const ext = extname(path)
  if (ext === '.toml') throw new ParseError('TOML inventories are not supported; use INI or YAML', { pos: { file: path, line: 1, column: 1 } })
  const text = readFileSync(path, 'utf8')
  let yamlError: unknown
  if (ext === '' || VARS_EXTENSIONS.includes(ext)) {
    try {
      const source = yamlSourceOf(text, path)
      if (looksLikeYamlInventory(source)) return parseYamlInventory(source, graph, opts.warn)
    } catch (err) {
      yamlError = err
    }
  }
  try {
    parseIniInventory(text, path, graph)
  } catch (err) {
    throw yamlError && ext !== '' ? yamlError : err
  }
}

/** JSON is read as JSON (its numbers and escapes), anything else as YAML. */
function yamlSourceOf(text: string, file: string): YamlSource {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return parseYaml(text, file)
  }
  const lines = new LineCounter()
  lines.addNewLine(0) // JSON nodes carry no offsets: errors point at the file's first line
  return { doc: new Document(data) as YamlSource['doc'], file, lines }
}
