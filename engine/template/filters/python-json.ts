// Python's json.dumps as Ansible calls it: ", " and ": " separators, ASCII-only
// output (\u00e9), floats printed by repr, NaN/Infinity allowed, dates as ISO text.
import { TemplateError } from '../../errors.js'
import { isUndefined } from '../undefined.js'
import { floatRepr, PyFloat } from './python-float.js'
import { numberRepr } from './python-repr.js'
import { isMapping, isPyPrintable, mappingEntries, typeName } from './python-types.js'

export interface JsonOptions {
  /** Spaces (or a string) per level; undefined means one line. */
  indent?: number | string
  sortKeys?: boolean
  /** [item separator, key separator]; default ', ' ': ' (',' ': ' when indenting). */
  separators?: [string, string]
  /** Escape non-ASCII as \uXXXX (Python's default). */
  ensureAscii?: boolean
}

/** json.dumps(value, ...). Values JSON cannot hold raise Python's TypeError wording. */
export function pyJsonDumps(value: unknown, opts: JsonOptions = {}): string {
  const indent = typeof opts.indent === 'number' ? ' '.repeat(opts.indent) : opts.indent
  const separators = opts.separators ?? (indent !== undefined ? [',', ': '] : [', ', ': '])
  const encoder = new JsonEncoder(indent, separators, opts.sortKeys ?? false, opts.ensureAscii ?? true)
  return encoder.encode(value, 0)
}

class JsonEncoder {
  constructor(
    private readonly indent: string | undefined,
    private readonly separators: [string, string],
    private readonly sortKeys: boolean,
    private readonly ensureAscii: boolean,
  ) {}

  encode(value: unknown, depth: number): string {
    if (isUndefined(value)) throw value.error()
    if (value === null || value === undefined) return 'null'
    switch (typeof value) {
      case 'boolean':
        return value ? 'true' : 'false'
      case 'number':
        return numberJson(value)
      case 'bigint':
        return value.toString()
      case 'string':
        return quoteJson(value, this.ensureAscii)
    }
    if (value instanceof PyFloat) return numberJson(value.value, true)
    if (value instanceof String) return quoteJson(value.valueOf(), this.ensureAscii)
    if (Array.isArray(value)) return this.container('[', ']', value.map((item) => this.encode(item, depth + 1)), depth)
    if (value instanceof Date) return quoteJson(value.toISOString(), this.ensureAscii)
    const iso = isPyPrintable(value) ? (value as { isoformat?: () => string }).isoformat : undefined
    if (iso) return quoteJson(iso.call(value), this.ensureAscii)
    if (isMapping(value)) return this.mapping(value, depth)
    throw new TemplateError(`Object of type ${typeName(value)} is not JSON serializable`)
  }

  private mapping(value: Record<string, unknown> | Map<unknown, unknown>, depth: number): string {
    const entries = mappingEntries(value).map(([k, v]) => [keyJson(k), v] as const)
    if (this.sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const parts = entries.map(([k, v]) => `${quoteJson(k, this.ensureAscii)}${this.separators[1]}${this.encode(v, depth + 1)}`)
    return this.container('{', '}', parts, depth)
  }

  private container(open: string, close: string, parts: string[], depth: number): string {
    if (parts.length === 0) return open + close
    if (this.indent === undefined) return open + parts.join(this.separators[0]) + close
    const inner = '\n' + this.indent.repeat(depth + 1)
    const outer = '\n' + this.indent.repeat(depth)
    return open + inner + parts.join(this.separators[0] + inner) + outer + close
  }
}

/** JSON keys are strings; Python converts numbers, bools and None keys to text. */
function keyJson(key: unknown): string {
  if (typeof key === 'string') return key
  if (key === null || key === undefined) return 'null'
  if (typeof key === 'boolean') return key ? 'true' : 'false'
  if (typeof key === 'number') return numberJson(key)
  if (key instanceof PyFloat) return numberJson(key.value, true)
  throw new TemplateError(`keys must be str, int, float, bool or None, not ${typeName(key)}`)
}

/** An int as digits, a float as Python's repr (1.0, 1e+20), and JavaScript's names for the rest, as Python writes them. */
function numberJson(n: number, isFloat = false): string {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Infinity) return 'Infinity'
  if (n === -Infinity) return '-Infinity'
  return isFloat ? floatRepr(n) : numberRepr(n)
}

const JSON_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' }

/** A JSON string literal, escaping like Python's encoder. */
export function quoteJson(text: string, ensureAscii = true): string {
  const pattern = ensureAscii ? /["\\\x00-\x1f\u007f-\uffff]/g : /["\\\x00-\x1f]/g
  return `"${text.replace(pattern, (ch) => {
    return JSON_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
  })}"`
}
