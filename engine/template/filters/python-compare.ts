// Python's ==, < and `in` for template values, and a canonical key that makes two
// values equal exactly when Python's == says so (for unique, union, difference…).
import { TemplateError } from '../../errors.js'
import { isUndefined } from '../undefined.js'
import {
  isMapping,
  isNumeric,
  isString,
  isTuple,
  mappingEntries,
  mappingGet,
  mappingHas,
  mappingKeys,
  plain,
  typeName,
} from './python-types.js'

/** Python's a == b (1 == 1.0 == True; lists and dicts compared deeply; tuple != list). */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (isUndefined(a)) throw a.error()
  if (isUndefined(b)) throw b.error()
  a = plain(a)
  b = plain(b)
  if (a === b) return true
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null)
  if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b)
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isTuple(a) !== isTuple(b) || a.length !== b.length) return false
    return a.every((item, i) => pyEquals(item, b[i]))
  }
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((x) => pyContains(b, x))
  if (isMapping(a) && isMapping(b)) return mappingsEqual(a, b)
  return false
}

function mappingsEqual(a: Record<string, unknown> | Map<unknown, unknown>, b: Record<string, unknown> | Map<unknown, unknown>): boolean {
  const keys = mappingKeys(a)
  if (keys.length !== mappingKeys(b).length) return false
  return keys.every((k) => mappingHas(b, k) && pyEquals(mappingGet(a, k), mappingGet(b, k)))
}

/** Python's `needle in haystack` for lists, strings (substring) and dicts (keys). */
export function pyContains(haystack: unknown, needle: unknown): boolean {
  if (isUndefined(haystack)) throw haystack.error()
  if (isString(haystack)) {
    if (!isString(needle)) {
      throw new TemplateError(`'in <string>' requires string as left operand, not ${typeName(needle)}`)
    }
    return String(haystack).includes(String(needle))
  }
  if (Array.isArray(haystack)) return haystack.some((item) => pyEquals(item, needle))
  if (haystack instanceof Set) return [...haystack].some((item) => pyEquals(item, needle))
  if (isMapping(haystack)) return mappingKeys(haystack).some((k) => pyEquals(k, needle))
  throw new TemplateError(`argument of type '${typeName(haystack)}' is not iterable`)
}

/**
 * Python's ordering, as sorted(), min() and max() use it: numbers with numbers,
 * strings with strings, lists element by element. Anything else is Python's TypeError.
 */
export function pyCompare(a: unknown, b: unknown, op = '<'): number {
  if (isUndefined(a)) throw a.error()
  if (isUndefined(b)) throw b.error()
  a = plain(a)
  b = plain(b)
  if (isNumeric(a) && isNumeric(b)) return numericCompare(Number(a), Number(b))
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) return sequenceCompare(a, b, op)
  throw new TemplateError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`)
}

function numericCompare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function sequenceCompare(a: unknown[], b: unknown[], op: string): number {
  const shared = Math.min(a.length, b.length)
  for (let i = 0; i < shared; i++) {
    if (!pyEquals(a[i], b[i])) return pyCompare(a[i], b[i], op)
  }
  return numericCompare(a.length, b.length)
}

/**
 * A string that is the same for two values exactly when Python's == holds between
 * them: 1, 1.0 and True share a key; dict key order does not matter.
 */
export function equalityKey(value: unknown): string {
  if (isUndefined(value)) throw value.error()
  value = plain(value)
  if (value === null || value === undefined) return 'N'
  if (isNumeric(value)) return `n${Number(value)}`
  if (typeof value === 'string') return `s${value.length}:${value}`
  if (Array.isArray(value)) return `${isTuple(value) ? 't' : 'l'}[${value.map(equalityKey).join(',')}]`
  if (value instanceof Set) return `S{${[...value].map(equalityKey).sort().join(',')}}`
  if (isMapping(value)) {
    const entries = mappingEntries(value).map(([k, v]) => `${equalityKey(k)}=${equalityKey(v)}`)
    return `d{${entries.sort().join(',')}}`
  }
  return `o${objectId(value as object)}`
}

const objectIds = new WeakMap<object, number>()
let nextObjectId = 1

function objectId(obj: object): number {
  let id = objectIds.get(obj)
  if (id === undefined) {
    id = nextObjectId++
    objectIds.set(obj, id)
  }
  return id
}
