// Jinja2's item lookup for filters that take `attribute=`: "a.b.0" walks dict keys and
// list indexes; a missing one gives an Undefined carrying Jinja's message, so it only
// fails if used (and `selectattr('x', 'defined')` can test for it).
import { liftSlot } from '../float-boundary.js'
import { Undefined, isUndefined } from '../undefined.js'
import { pythonRepr } from './python-repr.js'
import { codePoints, isMapping, isString, mappingGet, mappingHas, typeName } from './python-types.js'

export type AttributePart = string | number

/** "a.b.0" → ['a', 'b', 0]; a number is one index; null means "the item itself". */
export function attributeParts(attribute: unknown): AttributePart[] {
  if (attribute === null || attribute === undefined) return []
  if (typeof attribute === 'number') return [attribute]
  return String(attribute)
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

/** Jinja's environment.getitem(obj, key): dict key, list/str index, or an Undefined. */
export function getItem(obj: unknown, key: AttributePart): unknown {
  if (isUndefined(obj)) throw obj.error()
  if (isMapping(obj)) {
    if (mappingHas(obj, key)) return liftSlot(obj, key, mappingGet(obj, key))
    if (typeof key === 'number' && mappingHas(obj, String(key))) return liftSlot(obj, key, mappingGet(obj, String(key)))
  } else if (Array.isArray(obj) || isString(obj)) {
    const seq = Array.isArray(obj) ? obj : codePoints(String(obj))
    if (typeof key === 'number' && Number.isInteger(key)) {
      const index = key < 0 ? seq.length + key : key
      if (index >= 0 && index < seq.length) return liftSlot(obj, index, seq[index])
    }
  }
  return missing(obj, key)
}

/** Jinja2's wording: "'dict object' has no attribute 'x'", "list object has no element 3". */
function missing(obj: unknown, key: AttributePart): Undefined {
  const owner = `${typeName(obj)} object`
  const message = typeof key === 'string' ? `'${owner}' has no attribute ${pythonRepr(key)}` : `${owner} has no element ${key}`
  return new Undefined(String(key), message)
}

/** Python's ignore_case postprocessor: lowercases strings only. */
export function ignoreCase(value: unknown): unknown {
  return isString(value) ? String(value).toLowerCase() : value
}

export interface AttrGetterOptions {
  /** Used when a step yields Undefined (Jinja's `default=`; null means none). */
  default?: unknown
  /** Applied to the final value (e.g. ignoreCase). */
  postprocess?: (value: unknown) => unknown
}

/** Jinja's make_attrgetter: a function reading `attribute` from each item. */
export function attrGetter(attribute: unknown, opts: AttrGetterOptions = {}): (item: unknown) => unknown {
  const parts = attributeParts(attribute)
  const hasDefault = opts.default !== null && opts.default !== undefined
  return (item) => {
    let value = item
    for (const part of parts) {
      value = getItem(value, part)
      if (hasDefault && isUndefined(value)) value = opts.default
    }
    return opts.postprocess ? opts.postprocess(value) : value
  }
}

/** Jinja's make_multi_attrgetter: "age,name" reads several attributes into a list. */
export function multiAttrGetter(attribute: unknown, postprocess?: (value: unknown) => unknown): (item: unknown) => unknown[] {
  const attributes = typeof attribute === 'string' ? attribute.split(',') : [attribute]
  const getters = attributes.map((a) => attrGetter(a, { postprocess }))
  return (item) => getters.map((get) => get(item))
}
