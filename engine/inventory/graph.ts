// The inventory's hosts and groups and the edges between them, with the rules ansible's
// InventoryData/Group/Host classes keep: every group hangs under `all`, hosts without a
// group land in `ungrouped`, group depth is the longest path from `all`, cycles are refused.

import type { InventoryGroup, InventoryHost, Warn } from './types.js'

export const LOCALHOST_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '::1']

/** What ansible sets on the implicit localhost; ansible uses its own Python, we use the system one. */
export const IMPLICIT_LOCALHOST_VARS = {
  ansible_python_interpreter: '/usr/bin/python3',
  ansible_connection: 'local',
}

export interface HostRecord extends InventoryHost {
  /** The implicit localhost: made on demand, never a member of `all`. */
  implicit: boolean
}

export interface GroupRecord extends InventoryGroup {
  /** ansible_group_priority: orders groups of equal depth when merging their vars. */
  priority: number
}

export class GraphError extends Error {}

/** Group names ansible considers invalid (not usable as variable names): it warns and keeps them. */
const INVALID_GROUP_NAME = /^[^\p{L}_]|[^\p{L}\p{N}_]/u

export class InventoryGraph {
  readonly hosts = new Map<string, HostRecord>()
  readonly groups = new Map<string, GroupRecord>()
  /** The first localhost-like host in the inventory, or the implicit one once made. */
  localhost: HostRecord | undefined
  /** The source being parsed, recorded on each new host as inventory_file / inventory_dir. */
  currentSource: { file: string | null; dir: string | null } | undefined
  private readonly depthCache = new Map<string, number>()

  constructor(private readonly warn: Warn) {
    this.addGroup('all')
    this.addGroup('ungrouped')
    this.addChild('all', 'ungrouped')
  }

  addGroup(name: string): string {
    if (!name) throw new GraphError(`Invalid empty group name`)
    if (!this.groups.has(name)) {
      if (INVALID_GROUP_NAME.test(name)) {
        this.warn(`Invalid characters were found in group names but not replaced: '${name}' (use letters, digits and _)`)
      }
      this.groups.set(name, { name, vars: {}, hosts: [], children: [], parents: [], priority: 1 })
    }
    return name
  }

  /** Add a host (if new) and put it in `group`; the port only applies when the host is new. */
  addHost(name: string, group?: string, port?: number): HostRecord {
    if (!name) throw new GraphError('Invalid empty host name')
    if (group !== undefined && !this.groups.has(group)) throw new GraphError(`Could not find group ${group} in inventory`)
    let host = this.hosts.get(name)
    if (!host) {
      host = { name, vars: {}, groups: [], implicit: false }
      if (port !== undefined) host.vars.ansible_port = port
      host.vars.inventory_file = this.currentSource?.file ?? null
      host.vars.inventory_dir = this.currentSource?.dir ?? null
      this.hosts.set(name, host)
      if (LOCALHOST_NAMES.includes(name)) {
        if (!this.localhost) this.localhost = host
        else this.warn(`A duplicate localhost-like entry was found (${name}). First found localhost was ${this.localhost.name}`)
      }
    }
    if (group !== undefined) this.putHostInGroup(host, this.groups.get(group)!)
    return host
  }

  /** Set a variable on a group or host; like ansible, a group of that name wins over a host. */
  setVariable(entity: string, key: string, value: unknown): void {
    const group = this.groups.get(entity)
    if (group && key === 'ansible_group_priority') {
      const priority = Number.parseInt(String(value), 10)
      if (Number.isNaN(priority)) throw new GraphError(`ansible_group_priority must be an integer, got: ${String(value)}`)
      group.priority = priority
      return
    }
    const target = group ?? this.hosts.get(entity)
    if (!target) throw new GraphError(`Could not identify group or host named ${entity}`)
    target.vars[key] = value
  }

  /** Make `child` (a group, else a host) a member of `parent`. Returns whether anything changed. */
  addChild(parent: string, child: string): boolean {
    const group = this.groups.get(parent)
    if (!group) throw new GraphError(`${parent} is not a known group`)
    const childGroup = this.groups.get(child)
    if (childGroup) return this.addChildGroup(group, childGroup)
    const host = this.hosts.get(child)
    if (!host) throw new GraphError(`${child} is not a known host nor group`)
    return this.putHostInGroup(host, group)
  }

  putHostInGroup(host: HostRecord, group: GroupRecord): boolean {
    if (group.hosts.includes(host.name)) return false
    group.hosts.push(host.name)
    if (!host.groups.includes(group.name)) host.groups.push(group.name)
    return true
  }

  removeHostFromGroup(host: HostRecord, group: GroupRecord): void {
    group.hosts = group.hosts.filter((h) => h !== host.name)
    host.groups = host.groups.filter((g) => g !== group.name)
  }

  private addChildGroup(parent: GroupRecord, child: GroupRecord): boolean {
    if (parent === child) throw new GraphError(`can't add group ${parent.name} to itself`)
    if (parent.children.includes(child.name)) return false
    if (this.ancestors(parent.name).has(child.name)) {
      throw new GraphError(`Adding group '${child.name}' as child to '${parent.name}' creates a recursive dependency loop.`)
    }
    parent.children.push(child.name)
    if (!child.parents.includes(parent.name)) child.parents.push(parent.name)
    this.depthCache.clear()
    return true
  }

  /** Every group above `group`, nearest first. */
  ancestors(group: string): Set<string> {
    const seen = new Set<string>()
    const queue = [...(this.groups.get(group)?.parents ?? [])]
    while (queue.length > 0) {
      const name = queue.shift()!
      if (seen.has(name)) continue
      seen.add(name)
      queue.push(...this.groups.get(name)!.parents)
    }
    return seen
  }

  /** The groups a host belongs to, directly or through parents (ansible's Host.get_groups()). */
  groupsOfHost(host: string): string[] {
    const record = this.hosts.get(host) ?? (this.localhost?.name === host ? this.localhost : undefined)
    const all = new Set<string>()
    for (const group of record?.groups ?? []) {
      all.add(group)
      for (const ancestor of this.ancestors(group)) all.add(ancestor)
    }
    return [...all]
  }

  /** The longest path from a root group (ansible's Group.depth). */
  depth(group: string): number {
    const cached = this.depthCache.get(group)
    if (cached !== undefined) return cached
    const parents = this.groups.get(group)?.parents ?? []
    const depth = parents.length === 0 ? 0 : Math.max(...parents.map((p) => this.depth(p) + 1))
    this.depthCache.set(group, depth)
    return depth
  }

  /** Hosts of a group and its descendants, breadth first; `all` leaves out the implicit localhost. */
  hostsOfGroup(name: string): string[] {
    const result: string[] = []
    const seen = new Set<string>()
    for (const group of this.descendants(name)) {
      for (const host of this.groups.get(group)!.hosts) {
        if (seen.has(host)) continue
        seen.add(host)
        if (name === 'all' && this.isImplicit(host)) continue
        result.push(host)
      }
    }
    return result
  }

  private descendants(name: string): string[] {
    const ordered = [name]
    const seen = new Set(ordered)
    for (let i = 0; i < ordered.length; i++) {
      for (const child of this.groups.get(ordered[i])!.children) {
        if (!seen.has(child)) {
          seen.add(child)
          ordered.push(child)
        }
      }
    }
    return ordered
  }

  isImplicit(host: string): boolean {
    return !this.hosts.has(host) && this.localhost?.name === host && this.localhost.implicit
  }

  /** The host of that name; a localhost name not in the inventory gives the (made once) implicit localhost. */
  getHost(name: string): HostRecord | undefined {
    const host = this.hosts.get(name)
    if (host || !LOCALHOST_NAMES.includes(name)) return host
    if (!this.localhost) {
      this.localhost = { name, vars: { ...IMPLICIT_LOCALHOST_VARS }, groups: [], implicit: true }
    }
    return this.localhost
  }

  /** Apply ansible's rules after parsing or a dynamic change (its reconcile_inventory). */
  reconcile(): void {
    for (const group of this.groups.values()) {
      if (group.name !== 'all' && this.ancestors(group.name).size === 0) this.addChild('all', group.name)
    }
    const ungrouped = this.groups.get('ungrouped')!
    for (const host of this.hosts.values()) {
      const groups = this.groupsOfHost(host.name)
      if (groups.includes('ungrouped')) {
        if (groups.some((g) => g !== 'all' && g !== 'ungrouped')) this.removeHostFromGroup(host, ungrouped)
      } else if (groups.length === 0 || (groups.length === 1 && groups[0] === 'all')) {
        this.putHostInGroup(host, ungrouped)
      }
    }
    for (const name of this.hosts.keys()) {
      if (this.groups.has(name)) this.warn(`Found both group and host with same name: ${name}`)
    }
  }
}
