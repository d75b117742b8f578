// Source positions of parsed YAML values, kept beside the values (not inside them)
// so playbook data stays plain JSON-like objects.
import type { SourcePos } from '../errors.js'

const nodePositions = new WeakMap<object, SourcePos>()
const keyPositions = new WeakMap<object, Map<string, SourcePos>>()

export function setPos(node: object, pos: SourcePos): void {
  nodePositions.set(node, pos)
}

/** Where a mapping or sequence started in its file. */
export function getPos(node: unknown): SourcePos | undefined {
  return node !== null && typeof node === 'object' ? nodePositions.get(node) : undefined
}

export function setKeyPos(node: object, key: string, pos: SourcePos): void {
  let keys = keyPositions.get(node)
  if (!keys) keyPositions.set(node, (keys = new Map()))
  keys.set(key, pos)
}

/** Where `key` of a mapping was written; falls back to the mapping itself. */
export function getKeyPos(node: unknown, key: string): SourcePos | undefined {
  if (node === null || typeof node !== 'object') return undefined
  return keyPositions.get(node)?.get(key) ?? nodePositions.get(node)
}

/** Copy the positions of one node to another (used when a loader rebuilds an object). */
export function copyPos(from: object, to: object): void {
  const pos = nodePositions.get(from)
  if (pos) nodePositions.set(to, pos)
  const keys = keyPositions.get(from)
  if (keys) keyPositions.set(to, new Map(keys))
}
