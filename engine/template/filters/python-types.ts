// How Python (and so Jinja2 and Ansible) sees JavaScript values: its type names,
// its truthiness, what counts as a mapping or a sequence. Templates compute on plain
// JS values; these helpers give them Python's meaning.
import { TemplateError } from '../../errors.js'
import { isUndefined, SilentUndefined, Undefined } from '../undefined.js'
import { isInt, PyFloat } from './python-float.js'

/** A Python tuple: an array that prints as `(1, 2)`. zip, dictsort, subelements… return these. */
export class PyTuple<T = unknown> extends Array<T> {
  // map/filter/slice of a tuple give plain lists, as they would in a template.
  static get [Symbol.species](): ArrayConstructor {
    return Array
  }
}

export function tuple(...items: unknown[]): PyTuple {
  const result = new PyTuple()
  for (const item of items) result.push(item)
  return result
}

export function isTuple(value: unknown): value is PyTuple {
  return value instanceof PyTuple
}

/**
 * Objects that know how Python would print them (dates, namespaces…). pythonStr and
 * pythonRepr call these instead of treating the object as a dict.
 */
export interface PyPrintable {
  __str__?(): string
  __repr__(): string
}

export function isPyPrintable(value: unknown): value is PyPrintable {
  return typeof value === 'object' && value !== null && typeof (value as PyPrintable).__repr__ === 'function'
}

/** A JS string, or a String object such as Nunjucks' SafeString (Python's Markup). */
export function isString(value: unknown): value is string | String {
  return typeof value === 'string' || value instanceof String
}

/** Python int or float (bool excluded, unlike Python's isinstance); see python-float.ts. */
export function isNumber(value: unknown): value is number | bigint | PyFloat {
  return typeof value === 'number' || typeof value === 'bigint' || value instanceof PyFloat
}

/** A value Python treats as a number in arithmetic: int, float or bool. */
export function isNumeric(value: unknown): value is number | bigint | boolean | PyFloat {
  return isNumber(value) || typeof value === 'boolean'
}

/**
 * A dict-like value. Anything object-shaped that is not a list, string, Undefined or an
 * object with its own Python identity counts: the variable layer may hand over lazy
 * classes or proxies for hostvars and they must still behave as dicts.
 */
export function isMapping(value: unknown): value is Record<string, unknown> | Map<unknown, unknown> {
  if (typeof value !== 'object' || value === null) return false
  if (Array.isArray(value) || value instanceof String || value instanceof Undefined) return false
  if (value instanceof Set || value instanceof Date || value instanceof RegExp) return false
  return !isPyPrintable(value)
}

/** Keys of a mapping, in insertion order. */
export function mappingKeys(value: Record<string, unknown> | Map<unknown, unknown>): unknown[] {
  return value instanceof Map ? [...value.keys()] : Object.keys(value)
}

/** [key, value] pairs of a mapping, in insertion order. */
export function mappingEntries(value: Record<string, unknown> | Map<unknown, unknown>): [unknown, unknown][] {
  return value instanceof Map ? [...value.entries()] : Object.entries(value)
}

/**
 * The property name of a string or number key in a plain-object dict; undefined for other
 * keys. Numbers use their value's digits, so 1 and 1.0 name one key, as equal keys do in Python.
 */
export function numericKeyText(key: unknown): string | undefined {
  if (typeof key === 'string') return key
  if (typeof key === 'number' || typeof key === 'bigint') return String(key)
  if (key instanceof PyFloat) return String(key.value)
  return undefined
}

/** Has the mapping this key as its own (never an inherited property such as `toString`)? */
export function mappingHas(value: Record<string, unknown> | Map<unknown, unknown>, key: unknown): boolean {
  if (value instanceof Map) return value.has(key)
  const name = numericKeyText(key)
  return name !== undefined && Object.prototype.hasOwnProperty.call(value, name)
}

export function mappingGet(value: Record<string, unknown> | Map<unknown, unknown>, key: unknown): unknown {
  return value instanceof Map ? value.get(key) : value[numericKeyText(key) ?? (key as string)]
}

/** Python's type name, as `type_debug` and error messages show it. */
export function typeName(value: unknown): string {
  if (isUndefined(value)) return 'AnsibleUndefined'
  if (value === null || value === undefined) return 'NoneType'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'bigint') return 'int'
  if (typeof value === 'number') return isInt(value) ? 'int' : 'float'
  if (isString(value)) return 'str'
  if (isTuple(value)) return 'tuple'
  if (Array.isArray(value)) return 'list'
  if (value instanceof Set) return 'set'
  if (typeof value === 'function') return 'function'
  if (isPyPrintable(value)) {
    const named = (value as { pyTypeName?: string }).pyTypeName
    return named ?? 'object'
  }
  return 'dict'
}

/**
 * Python's bool(value). Using an Undefined is an error, as with Jinja's StrictUndefined;
 * the lenient SilentUndefined (from `x if cond` without else) is false.
 */
export function truthy(value: unknown): boolean {
  if (value instanceof SilentUndefined) return false
  if (isUndefined(value)) throw value.error()
  if (value === null || value === undefined) return false
  switch (typeof value) {
    case 'boolean':
      return value
    case 'number':
      return value !== 0 // NaN is true in Python
    case 'bigint':
      return value !== 0n
    case 'string':
      return value.length > 0
    case 'function':
      return true
  }
  if (value instanceof PyFloat) return value.value !== 0
  if (value instanceof String) return value.length > 0
  if (Array.isArray(value)) return value.length > 0
  if (value instanceof Map || value instanceof Set) return value.size > 0
  if (isMapping(value)) return mappingKeys(value).length > 0
  return true
}

/** Unwrap String objects (SafeString) to primitives; other values unchanged. */
export function plain<T>(value: T): T | string {
  return value instanceof String ? value.valueOf() : value
}

/** Number of elements Python's len() reports: code points for strings. */
export function pyLen(value: unknown): number | undefined {
  if (value instanceof SilentUndefined) return 0
  if (typeof value === 'string' || value instanceof String) return codePoints(String(value)).length
  if (Array.isArray(value)) return value.length
  if (value instanceof Map || value instanceof Set) return value.size
  if (isMapping(value)) return mappingKeys(value).length
  return undefined
}

/** A string split into code points, as Python indexes and iterates it. */
export function codePoints(text: string): string[] {
  return Array.from(text)
}

/** Python's list(value): characters of a string, keys of a dict, items of a list. */
export function pyList(value: unknown): unknown[] {
  if (value instanceof SilentUndefined) return []
  if (isUndefined(value)) throw value.error()
  if (typeof value === 'string' || value instanceof String) return codePoints(String(value))
  if (Array.isArray(value)) return [...value]
  if (value instanceof Set || value instanceof Map) return [...(value instanceof Map ? value.keys() : value)]
  if (isMapping(value)) return mappingKeys(value)
  throw new TemplateError(`'${typeName(value)}' object is not iterable`)
}

/** Can Python iterate over this value? */
export function isIterable(value: unknown): boolean {
  return isString(value) || Array.isArray(value) || value instanceof Set || isMapping(value)
}

/** dict[key] = value on a plain object; a key named __proto__ stays an ordinary key. */
export function setItem(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
}
