// JSON text exactly as Python's json.dumps(..., ensure_ascii=False) writes it, which
// is what Ansible's callbacks print: ", " and ": " separators on one line, "," at line
// ends when indented, keys sorted by code point when asked.

import { isFloatSlot } from '../load/float-marks.js'
import { floatRepr } from '../template/filters/python-float.js'

export interface PyJsonOptions {
  /** Spaces per level; undefined = one line. */
  indent?: number
  sortKeys?: boolean
}

export function pythonJson(value: unknown, opts: PyJsonOptions = {}): string {
  return encode(value, opts, 0, new Set())
}

function encode(value: unknown, opts: PyJsonOptions, depth: number, seen: Set<object>): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string': return JSON.stringify(value)
    case 'boolean': return value ? 'true' : 'false'
    case 'number': return encodeNumber(value)
    case 'bigint': return value.toString()
    case 'object': break
    default: return JSON.stringify(String(value))
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (seen.has(value as object)) throw new TypeError('Circular reference in result')
  seen.add(value as object)
  try {
    if (Array.isArray(value) || value instanceof Set) {
      const list = [...(value as Iterable<unknown>)]
      const items = list.map((v, i) => encodeSlot(value as object, i, v, opts, depth + 1, seen))
      return wrap('[', ']', items, opts, depth)
    }
    const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value as object)
    const kept = entries.filter(([, v]) => v !== undefined && typeof v !== 'function')
    if (opts.sortKeys) kept.sort(([a], [b]) => compareCodePoints(a, b))
    const items = kept.map(([k, v]) => `${JSON.stringify(k)}: ${encodeSlot(value as object, k, v, opts, depth + 1, seen)}`)
    return wrap('{', '}', items, opts, depth)
  } finally {
    seen.delete(value as object)
  }
}

/** A value inside a container: a number marked as a Python float prints as one ("2.0"). */
function encodeSlot(container: object, key: string | number, v: unknown, opts: PyJsonOptions, depth: number, seen: Set<object>): string {
  if (typeof v === 'number' && Number.isFinite(v) && isFloatSlot(container, key, v)) return floatRepr(v)
  return encode(v, opts, depth, seen)
}

function wrap(open: string, close: string, items: string[], opts: PyJsonOptions, depth: number): string {
  if (items.length === 0) return open + close
  if (opts.indent === undefined) return open + items.join(', ') + close
  const inner = '\n' + ' '.repeat(opts.indent * (depth + 1))
  const outer = '\n' + ' '.repeat(opts.indent * depth)
  return open + inner + items.join(',' + inner) + outer + close
}

function encodeNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Infinity) return 'Infinity'
  if (n === -Infinity) return '-Infinity'
  return JSON.stringify(n)
}

/** Python compares str by code point; JS's default sort compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const ai = a[Symbol.iterator]()
  const bi = b[Symbol.iterator]()
  for (;;) {
    const x = ai.next()
    const y = bi.next()
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!
    if (d !== 0) return d
  }
}
