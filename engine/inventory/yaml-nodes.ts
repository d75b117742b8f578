// Reading a YAML document node by node (for positions and key types) while seeing the
// same mappings PyYAML would build: aliases followed, `<<` merge keys flattened, and a
// repeated key keeping its first place but its last value.

import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml'
import type { YamlSource } from './yaml-data.js'

export interface MapEntry {
  /** The key as PyYAML builds it: string, number, boolean or null. */
  key: unknown
  keyNode: Node
  /** The value node; null for an empty value (`key:`). */
  value: Node | null
}

export function deref(source: YamlSource, node: unknown): Node | null {
  if (isAlias(node)) return (node.resolve(source.doc) as Node | undefined) ?? null
  return (node as Node | null | undefined) ?? null
}

/** A null value (`key:`, `key: ~`) — ansible treats it as an empty section. */
export function isNull(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null)
}

function isMergeKey(node: unknown): boolean {
  return isScalar(node) && typeof node.value === 'symbol' && node.value.description === '<<'
}

/** The entries of a mapping node in PyYAML's order and with its duplicate-key rule. */
export function mapEntries(source: YamlSource, map: YAMLMap): MapEntry[] {
  const byKey = new Map<unknown, MapEntry>()
  for (const pair of flattenMerges(source, map)) {
    const keyNode = deref(source, pair.key)
    if (!keyNode) continue
    const key = isScalar(keyNode) ? keyNode.value : keyNode.toJS(source.doc)
    const entry = { key, keyNode, value: deref(source, pair.value) }
    const earlier = byKey.get(key)
    if (earlier) earlier.value = entry.value
    else byKey.set(key, entry)
  }
  return [...byKey.values()]
}

/** Pairs merged in with `<<` come first (later explicit keys override them); earlier sources win. */
function flattenMerges(source: YamlSource, map: YAMLMap): Pair[] {
  const own: Pair[] = []
  const merged: Pair[] = []
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) {
      own.push(pair)
      continue
    }
    const value = deref(source, pair.value)
    const maps = isSeq(value) ? value.items.map((item) => deref(source, item)) : [value]
    for (const sub of maps.reverse()) {
      if (isMap(sub)) merged.push(...flattenMerges(source, sub))
    }
  }
  return [...merged, ...own]
}

/** The plain data of a node (aliases and merges resolved). */
export function nodeData(source: YamlSource, node: Node | null): unknown {
  return node === null ? null : node.toJS(source.doc)
}
