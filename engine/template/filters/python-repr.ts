// Python's str() and repr() of template values. Jinja2 prints values with str(), so a
// list renders as ['a', 1] and a bool as True; Ansible users see (and parse) exactly that.
import { isUndefined, SilentUndefined } from '../undefined.js'
import { floatRepr, isInt } from './python-float.js'
import { isMapping, isPyPrintable, isTuple, mappingEntries } from './python-types.js'

export { floatRepr }

/** Python's str(value): strings as they are, everything else as repr (a SilentUndefined is ''). */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof String) return value.valueOf()
  if (value instanceof SilentUndefined) return ''
  if (isUndefined(value)) throw value.error()
  if (isPyPrintable(value) && value.__str__) return value.__str__()
  return pythonRepr(value)
}

/** Python's repr(value). */
export function pythonRepr(value: unknown): string {
  return reprOf(value, new Set())
}

function reprOf(value: unknown, ancestors: Set<object>): string {
  if (isUndefined(value)) throw value.error()
  if (value === null || value === undefined) return 'None'
  switch (typeof value) {
    case 'boolean':
      return value ? 'True' : 'False'
    case 'number':
      return numberRepr(value)
    case 'bigint':
      return value.toString()
    case 'string':
      return stringRepr(value)
    case 'function':
      return `<function ${value.name || '<lambda>'}>`
  }
  if (value instanceof String) return stringRepr(value.valueOf())
  if (isPyPrintable(value)) return value.__repr__()
  const obj = value as object
  if (ancestors.has(obj)) return Array.isArray(obj) ? '[...]' : '{...}'
  ancestors.add(obj)
  try {
    return containerRepr(obj, ancestors)
  } finally {
    ancestors.delete(obj)
  }
}

function containerRepr(obj: object, ancestors: Set<object>): string {
  const item = (v: unknown) => reprOf(v, ancestors)
  if (isTuple(obj)) {
    if (obj.length === 1) return `(${item(obj[0])},)`
    return `(${obj.map(item).join(', ')})`
  }
  if (Array.isArray(obj)) return `[${obj.map(item).join(', ')}]`
  if (obj instanceof Set) return obj.size === 0 ? 'set()' : `{${[...obj].map(item).join(', ')}}`
  if (obj instanceof Date) return `datetime.datetime(${dateFields(obj)})`
  if (isMapping(obj)) {
    const parts = mappingEntries(obj).map(([k, v]) => `${item(k)}: ${item(v)}`)
    return `{${parts.join(', ')}}`
  }
  return `<${obj.constructor?.name ?? 'object'} object>`
}

function dateFields(d: Date): string {
  const fields = [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()]
  return fields.join(', ')
}

/** An int prints as digits; anything else (-0 included: only floats have it) as a float. */
export function numberRepr(n: number): string {
  return isInt(n) ? String(n) : floatRepr(n)
}

// Python's str.isprintable(): everything but control, format, surrogate, private-use,
// unassigned and separator characters (the plain space excepted).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u

/** Python's repr(str): single quotes unless the text has ' and no ". */
export function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of text) out += escapeReprChar(ch, quote)
  return out + quote
}

function escapeReprChar(ch: string, quote: string): string {
  switch (ch) {
    case '\\':
      return '\\\\'
    case '\n':
      return '\\n'
    case '\r':
      return '\\r'
    case '\t':
      return '\\t'
    case quote:
      return `\\${quote}`
  }
  if (ch === ' ' || !NON_PRINTABLE.test(ch)) return ch
  const code = ch.codePointAt(0) as number
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`
  return `\\U${code.toString(16).padStart(8, '0')}`
}
