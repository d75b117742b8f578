// Jinja2's two lookups. `obj.name` tries the Python attribute first (a method such as
// dict.items, str.upper) and then the item; `obj[key]` tries the item first and then the
// attribute. A miss yields an Undefined carrying Jinja2's message, so `is defined` works
// and printing it names what was missing.
import { pythonRepr } from './filters/python-repr.js'
import { isInt, PyFloat } from './filters/python-float.js'
import { isMapping, isPyPrintable, isString, isTuple, mappingGet, numericKeyText, typeName } from './filters/python-types.js'
import { isPyObject, MISSING, PyFunction } from './callable.js'
import { dictMethod, listMethod } from './collection-methods.js'
import { sliceSequence, SliceValue } from './slice.js'
import { liftSlot } from './float-boundary.js'
import { hasKey } from './has-key.js'
import { stringMethod } from './string-methods.js'
import { isUndefined, Undefined, UndefinedError } from './undefined.js'

/** `obj.name` */
export function getAttr(obj: unknown, name: string): unknown {
  if (isUndefined(obj)) return obj
  const attr = pythonAttribute(obj, name)
  if (attr !== MISSING) return attr
  const item = itemOf(obj, name)
  return item !== MISSING ? item : missingAttribute(obj, name)
}

/** `obj[key]` */
export function getItem(obj: unknown, key: unknown): unknown {
  if (isUndefined(obj)) return obj
  if (key instanceof SliceValue) return sliceOf(obj, key)
  const item = itemOf(obj, key)
  if (item !== MISSING) return item
  if (typeof key === 'string') {
    const attr = pythonAttribute(obj, key)
    if (attr !== MISSING) return attr
    return missingAttribute(obj, key)
  }
  return new Undefined(String(key), `${objectTypeRepr(obj)} has no element ${elementRepr(key)}`)
}

function pythonAttribute(obj: unknown, name: string): unknown {
  if (isPyObject(obj)) return obj.pyGetAttr(name)
  if (obj instanceof PyFunction || obj instanceof PyFloat) return MISSING
  if (isPyPrintable(obj)) return instanceAttribute(obj, name)
  if (isString(obj)) return stringMethod(String(obj), name) ?? MISSING
  if (Array.isArray(obj)) return listMethod(obj, name) ?? MISSING
  if (isMapping(obj)) return dictMethod(obj, name) ?? MISSING
  return MISSING
}

/**
 * Objects from the filter library that mirror a Python class (datetime, timedelta…)
 * expose their public fields and methods as Python attributes.
 */
function instanceAttribute(obj: object, name: string): unknown {
  if (name.startsWith('_') || !(name in obj) || name in Object.prototype) return MISSING
  const value = (obj as Record<string, unknown>)[name]
  if (typeof value !== 'function') return value
  const method = value as (...args: unknown[]) => unknown
  return new PyFunction(name, (args) => method.apply(obj, args), typeName(obj))
}

/** The item `key` of a dict, list or string, or MISSING. */
function itemOf(obj: unknown, key: unknown): unknown {
  if (isMapping(obj)) return mappingItem(obj, key)
  if (Array.isArray(obj) || isString(obj)) {
    const index = asIndex(key)
    if (index === undefined) return MISSING
    const seq = Array.isArray(obj) ? obj : stringPoints(String(obj))
    const at = index < 0 ? seq.length + index : index
    if (at < 0 || at >= seq.length) return MISSING
    return Array.isArray(obj) ? liftSlot(obj, at, seq[at]) : seq[at]
  }
  return MISSING
}

/**
 * A mapping's value for `key`. Lazy variable objects may inherit keys through their
 * prototype chain or answer through a Proxy, so `in` is used, minus Object.prototype's
 * own names. A lazy value whose own template is undefined becomes an Undefined here,
 * as Ansible's lazy variables do, so `x is defined` can still answer.
 */
function mappingItem(obj: Record<string, unknown> | Map<unknown, unknown>, key: unknown): unknown {
  if (obj instanceof Map) return obj.has(key) ? obj.get(key) : MISSING
  const name = typeof key === 'boolean' ? (key ? 'True' : 'False') : numericKeyText(key)
  if (name === undefined) return MISSING
  try {
    return hasKey(obj, name) ? liftSlot(obj, name, mappingGet(obj, name)) : MISSING
  } catch (err) {
    if (err instanceof UndefinedError) return new Undefined(name, err.message)
    throw err
  }
}

function sliceOf(obj: unknown, slice: SliceValue): unknown {
  if (Array.isArray(obj)) return sliceSequence(obj, slice, isTuple(obj))
  if (isString(obj)) return (sliceSequence(stringPoints(String(obj)), slice, false) as string[]).join('')
  return new Undefined('slice', `${objectTypeRepr(obj)} has no element ${slice.repr()}`)
}

/** Python accepts ints and bools as sequence indices. */
function asIndex(key: unknown): number | undefined {
  if (typeof key === 'boolean') return key ? 1 : 0
  if (isInt(key)) return Number(key)
  return undefined
}

function stringPoints(text: string): string[] {
  return /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : text.split('')
}

function missingAttribute(obj: unknown, name: string): Undefined {
  return new Undefined(name, `'${objectTypeRepr(obj)}' has no attribute '${name}'`)
}

/** Jinja2's object_type_repr: 'None', or "dict object", "str object"… */
export function objectTypeRepr(obj: unknown): string {
  if (obj === null || obj === undefined) return 'None'
  return `${typeName(obj)} object`
}

function elementRepr(key: unknown): string {
  return pythonRepr(key)
}
