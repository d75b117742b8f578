// YAML inventories, as ansible's yaml plugin reads them:
//
//   all:
//     vars: { ntp: pool.ntp.org }
//     children:
//       web:
//         hosts:
//           web[01:03]:
//           db1.example.com: { ansible_port: 2222 }
//
// Top-level keys are groups; each group may have `vars`, `children` (groups, recursively)
// and `hosts` (host patterns with optional vars).

import { isMap, isScalar, type Node } from 'yaml'
import { ParseError, type SourcePos } from '../errors.js'
import { expandHostPattern, HostRangeError } from './address.js'
import { GraphError, type InventoryGraph } from './graph.js'
import type { Warn } from './types.js'
import { positionOf, warnDuplicateKeys, type YamlSource } from './yaml-data.js'
import { isNull, mapEntries, nodeData, type MapEntry } from './yaml-nodes.js'

const SECTIONS = ['vars', 'children', 'hosts']

/** Whether a parsed YAML document has the shape of a YAML inventory (a non-empty mapping). */
export function looksLikeYamlInventory(source: YamlSource): boolean {
  return isMap(source.doc.contents) && source.doc.contents.items.length > 0
}

export function parseYamlInventory(source: YamlSource, graph: InventoryGraph, warn: Warn): void {
  const root = source.doc.contents
  if (!isMap(root) || root.items.length === 0) {
    throw new ParseError('YAML inventory has invalid structure, it should be a non-empty mapping of groups', {
      pos: positionOf(source, root),
    })
  }
  warnDuplicateKeys(source, warn)
  const entries = mapEntries(source, root)
  const plugin = entries.find((e) => e.key === 'plugin')
  if (plugin && !isNull(plugin.value)) {
    throw new ParseError('inventory plugin configuration files are not supported, only YAML inventories', {
      pos: positionOf(source, plugin.keyNode),
    })
  }
  const reader = new YamlInventoryReader(source, graph, warn)
  for (const entry of entries) reader.group(entry)
}

class YamlInventoryReader {
  constructor(
    private readonly source: YamlSource,
    private readonly graph: InventoryGraph,
    private readonly warn: Warn,
  ) {}

  /** Define the group of `entry` from its mapping; returns its name, or undefined if skipped. */
  group(entry: MapEntry): string | undefined {
    const { key, value } = entry
    if (!isNull(value) && !isMap(value)) {
      this.warn(`${this.where(value)}: Skipping '${String(key)}' as this is not a valid group definition`)
      return undefined
    }
    if (typeof key !== 'string' || key === '') {
      this.fail(`Unable to add group ${String(key)}: a group name must be a non-empty string`, entry.keyNode)
    }
    this.graph.addGroup(key)
    if (!isMap(value)) return key
    for (const section of mapEntries(this.source, value)) this.section(key, section)
    return key
  }

  private section(group: string, entry: MapEntry): void {
    const name = String(entry.key)
    let value = entry.value
    const isSection = SECTIONS.includes(name)
    // `hosts: web01` is short for `hosts: { web01: }`.
    if (isSection && isScalar(value) && typeof value.value === 'string') return this.shortSection(group, name, value)
    if (isNull(value)) return
    if (!isMap(value)) {
      if (isSection) this.fail(`Invalid "${name}" entry for "${group}" group, requires a dictionary, found "${describe(value)}" instead.`, value)
      this.warn(`${this.where(value)}: Skipping key (${name}) in group (${group}) as it is not a mapping, it is a ${describe(value)}`)
      return
    }
    const entries = mapEntries(this.source, value)
    if (name === 'vars') {
      for (const v of entries) this.at(v.keyNode, () => this.graph.setVariable(group, String(v.key), nodeData(this.source, v.value)))
    } else if (name === 'children') {
      for (const child of entries) {
        const childName = this.group(child)
        if (childName !== undefined) this.at(child.keyNode, () => this.graph.addChild(group, childName))
      }
    } else if (name === 'hosts') {
      for (const host of entries) this.hosts(group, host)
    } else {
      this.warn(`${this.where(entry.keyNode)}: Skipping unexpected key (${name}) in group (${group}), only "vars", "children" and "hosts" are valid`)
    }
  }

  private shortSection(group: string, name: string, value: Node & { value: unknown }): void {
    const entry: MapEntry = { key: value.value, keyNode: value, value: null }
    if (name === 'hosts') this.hosts(group, entry)
    else if (name === 'children') {
      const child = this.group(entry)
      if (child !== undefined) this.at(value, () => this.graph.addChild(group, child))
    }
    // `vars: text` becomes `{ text: null }` in ansible, which sets the variable `text` to null.
    else this.at(value, () => this.graph.setVariable(group, String(value.value), null))
  }

  private hosts(group: string, entry: MapEntry): void {
    if (typeof entry.key !== 'string') {
      this.fail(`Host pattern ${String(entry.key)} must be a string. Enclose integers/floats in quotation marks.`, entry.keyNode)
    }
    const pattern = entry.key
    // Like ansible's `vars or {}`: an empty value of any kind means no vars.
    const data = nodeData(this.source, entry.value)
    const vars = isEmptyValue(data) ? {} : data
    if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) {
      this.fail(`Invalid vars for host ${pattern}: expected a mapping, got ${describe(entry.value)}`, entry.value)
    }
    this.at(entry.keyNode, () => {
      const { hosts, port } = expandHostPattern(pattern)
      for (const host of hosts) {
        this.graph.addHost(host, group, port)
        for (const [key, value] of Object.entries(vars)) this.graph.setVariable(host, key, value)
      }
    })
  }

  /** Run an inventory change, turning its errors into ParseErrors at `node`. */
  private at(node: Node | null, change: () => void): void {
    try {
      change()
    } catch (err) {
      if (err instanceof GraphError || err instanceof HostRangeError) this.fail(err.message, node)
      throw err
    }
  }

  private pos(node: Node | null): SourcePos {
    return positionOf(this.source, node)
  }

  private where(node: Node | null): string {
    const { file, line, column } = this.pos(node)
    return `${file}:${line}:${column}`
  }

  private fail(message: string, node: Node | null): never {
    throw new ParseError(message, { pos: this.pos(node) })
  }
}

function isEmptyValue(data: unknown): boolean {
  if (Array.isArray(data)) return data.length === 0
  return data === null || data === undefined || data === '' || data === 0 || data === false
}

function describe(node: Node | null): string {
  if (node === null) return 'null'
  if (isMap(node)) return 'mapping'
  if (isScalar(node)) return typeof node.value === 'string' ? 'string' : typeof node.value
  return 'list'
}
