// The inventory a run works with: loaded from -i sources, queried by host pattern, and
// changed during the run by add_host and group_by.

import { readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { TsplayError } from '../errors.js'
import { InventoryGraph, LOCALHOST_NAMES } from './graph.js'
import { resolveHostVars, sortedGroupsOf, type VarsDirs } from './host-vars.js'
import { PatternMatcher, splitHostPattern, type PatternTarget } from './patterns.js'
import { DEFAULT_IGNORED_EXTENSIONS, loadSource, resolveSource, varsBaseDir, type SourceOptions } from './sources.js'
import type { InventoryGroup, InventoryHost, Warn } from './types.js'
import { compareCodePoints, VarsFiles } from './vars-files.js'

export interface InventoryLoadOptions {
  /** Folder relative sources and --limit @files are resolved against (default: process.cwd()). */
  cwd?: string
  /** Receives ansible's warnings (missing sources, duplicate keys, skipped YAML entries). */
  warn?: Warn
  /** File endings skipped in inventory folders (default: ansible's INVENTORY_IGNORE_EXTS). */
  ignoredExtensions?: string[]
}

export interface SelectOptions {
  /** Called with each term that matched no group or host ("Could not match supplied host pattern"). */
  onUnmatched?: (term: string) => void
}

export class Inventory {
  private graph: InventoryGraph
  private matcher = new PatternMatcher(this.patternTarget())
  private limit: string[] | undefined
  private groupsCache: Map<string, string[]> | undefined
  private readonly varsFiles: VarsFiles
  /** Folders whose group_vars/ and host_vars/ apply: the sources' own, then the playbooks'. */
  private readonly varsDirs: VarsDirs
  /** add_host/group_by changes, replayed by refresh() as ansible's refresh_inventory does. */
  private readonly dynamicChanges: Array<() => void> = []

  private constructor(
    /** The sources as resolved paths (host lists as given). */
    readonly sources: readonly string[],
    private readonly opts: SourceOptions,
  ) {
    this.varsFiles = new VarsFiles(opts.warn)
    this.graph = new InventoryGraph(opts.warn)
    const inventoryDirs = sources.map(varsBaseDir).filter((d): d is string => d !== undefined)
    this.varsDirs = { inventory: inventoryDirs, playbook: [] }
  }

  /** Read the -i sources. A missing source is a warning (as in ansible); a broken one a ParseError. */
  static async load(sources: string[], opts: InventoryLoadOptions = {}): Promise<Inventory> {
    const cwd = opts.cwd ?? process.cwd()
    const sourceOpts: SourceOptions = {
      cwd,
      warn: onceEach(opts.warn ?? (() => {})),
      ignoredExtensions: opts.ignoredExtensions ?? DEFAULT_IGNORED_EXTENSIONS,
    }
    const inventory = new Inventory(
      sources.filter((s) => s !== '').map((s) => resolveSource(s, cwd)),
      sourceOpts,
    )
    inventory.graph = await inventory.readSources()
    inventory.changed()
    return inventory
  }

  private async readSources(): Promise<InventoryGraph> {
    const graph = new InventoryGraph(this.opts.warn)
    let parsed = false
    for (const source of this.sources) {
      if (await loadSource(source, graph, this.opts)) parsed = true
    }
    if (parsed) graph.reconcile()
    else this.opts.warn('No inventory was parsed, only implicit localhost is available')
    return graph
  }

  /** Read the sources again and replay add_host/group_by changes (meta: refresh_inventory). */
  async refresh(): Promise<void> {
    this.graph = await this.readSources()
    for (const replay of this.dynamicChanges) replay()
    this.graph.reconcile()
    this.changed()
  }

  /** Register a playbook folder: its group_vars/ and host_vars/ apply above the inventory's. */
  async addPlaybookDir(dir: string): Promise<void> {
    const path = resolve(this.opts.cwd, dir)
    if (!this.varsDirs.playbook.includes(path)) this.varsDirs.playbook.push(path)
  }

  /** A host of the inventory; a localhost name not in it gives the implicit localhost. */
  getHost(name: string): InventoryHost | undefined {
    return this.graph.getHost(name)
  }

  /** Host names in the order the inventory first mentioned them (not including the implicit localhost). */
  hostNames(): string[] {
    return [...this.graph.hosts.keys()]
  }

  groupNames(): string[] {
    return [...this.graph.groups.keys()]
  }

  getGroup(name: string): InventoryGroup | undefined {
    return this.graph.groups.get(name)
  }

  /** The `groups` variable: every group (all, ungrouped included) → its hosts; a fresh copy each call. */
  groupsVar(): Record<string, string[]> {
    if (!this.groupsCache) {
      this.groupsCache = new Map([...this.graph.groups.keys()].map((name) => [name, this.graph.hostsOfGroup(name)]))
    }
    return Object.fromEntries([...this.groupsCache].map(([name, hosts]) => [name, [...hosts]]))
  }

  /** The `group_names` variable: the host's groups, sorted, without `all` (ungrouped hosts have 'ungrouped'). */
  groupNamesOf(host: string): string[] {
    return this.graph
      .groupsOfHost(host)
      .filter((g) => g !== 'all')
      .sort(compareCodePoints)
  }

  /** The host's groups (without `all`) in the order their variables apply. */
  groupsByPrecedence(host: string): string[] {
    return sortedGroupsOf(this.graph, host)
  }

  /** The host's inventory variables (group_vars, host_vars, inventory vars), untemplated. */
  hostVars(host: string): Record<string, unknown> {
    return resolveHostVars(this.graph, this.varsFiles, this.varsDirs, host)
  }

  isImplicitLocalhost(name: string): boolean {
    if (!LOCALHOST_NAMES.includes(name) || this.graph.hosts.has(name)) return false
    return !this.graph.localhost || this.graph.localhost.implicit
  }

  /** Host names matching a pattern (within the --limit), in inventory order. */
  select(pattern: string | string[], opts: SelectOptions = {}): string[] {
    const report = { onUnmatched: opts.onUnmatched, warn: this.opts.warn }
    const hosts = this.matcher.evaluate(splitHostPattern(pattern), report)
    if (!this.limit) return hosts
    const allowed = new Set(this.matcher.evaluate(this.limit, report))
    return hosts.filter((h) => allowed.has(h))
  }

  /** --limit: a pattern, or @file with one pattern a line; undefined removes the limit. */
  setLimit(limit: string | undefined): void {
    if (limit === undefined) {
      this.limit = undefined
      return
    }
    this.limit = splitHostPattern(limit).flatMap((term) => (term[0] === '@' ? this.readLimitFile(term.slice(1)) : [term]))
  }

  private readLimitFile(file: string): string[] {
    const path = resolve(this.opts.cwd, file)
    let isFile: boolean
    try {
      isFile = statSync(path).isFile()
    } catch {
      throw new TsplayError(`Unable to find limit file ${path}`)
    }
    if (!isFile) throw new TsplayError(`Limit starting with "@" must be a file, not a directory: ${path}`)
    return readFileSync(path, 'utf8')
      .split('\n')
      .map((line) => line.trim())
  }

  /** add_host: add (or update) a host, its groups and vars. Returns whether anything changed. */
  addHost(name: string, groups: string[], vars: Record<string, unknown>): boolean {
    const apply = () => {
      let changed = false
      if (!this.graph.hosts.has(name)) {
        this.graph.addHost(name, 'all')
        changed = true
      }
      const host = this.graph.hosts.get(name)!
      for (const [key, value] of Object.entries(vars)) {
        if (!isDeepStrictEqual(host.vars[key], value)) changed = true
        host.vars[key] = value
      }
      for (const group of groups) {
        if (!this.graph.groups.has(group)) changed = true
        this.graph.addGroup(group)
        if (this.graph.putHostInGroup(host, this.graph.groups.get(group)!)) changed = true
      }
      return changed
    }
    return this.recordChange(apply)
  }

  /** group_by's group: create it (and its parent) if missing, under `parent` when given. */
  addGroup(name: string, parent?: string): boolean {
    const apply = () => {
      let changed = !this.graph.groups.has(name)
      this.graph.addGroup(name)
      if (parent !== undefined) {
        if (!this.graph.groups.has(parent)) changed = true
        this.graph.addGroup(parent)
        if (this.graph.addChild(parent, name)) changed = true
      }
      return changed
    }
    return this.recordChange(apply)
  }

  /** group_by's membership: put a host (the implicit localhost too, which stays implicit) in a group. */
  addHostToGroup(host: string, group: string): boolean {
    const apply = () => {
      const record = this.graph.getHost(host)
      if (!record) throw new TsplayError(`${host} cannot be matched in inventory`)
      this.graph.addGroup(group)
      return this.graph.putHostInGroup(record, this.graph.groups.get(group)!)
    }
    return this.recordChange(apply)
  }

  private recordChange(apply: () => boolean): boolean {
    const changed = apply()
    this.dynamicChanges.push(apply)
    if (changed) {
      this.graph.reconcile()
      this.changed()
    }
    return changed
  }

  /** Drop everything computed from the previous state of the graph. */
  private changed(): void {
    this.matcher = new PatternMatcher(this.patternTarget())
    this.groupsCache = undefined
  }

  private patternTarget(): PatternTarget {
    return {
      groupNames: () => this.graph.groups.keys(),
      hostNames: () => this.graph.hosts.keys(),
      hasHost: (name: string) => this.graph.hosts.has(name),
      hostsOfGroup: (group: string) => this.graph.hostsOfGroup(group),
      implicitHost: (name: string) => (LOCALHOST_NAMES.includes(name) ? this.graph.getHost(name)?.name : undefined),
    }
  }
}

/** Like ansible's display, say each distinct warning once (reconciling repeats them). */
function onceEach(warn: Warn): Warn {
  const said = new Set<string>()
  return (msg) => {
    if (said.has(msg)) return
    said.add(msg)
    warn(msg)
  }
}
