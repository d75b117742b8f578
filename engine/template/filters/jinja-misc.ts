// Jinja2's remaining builtins: attr, default/d, pprint, tojson.
import { Undefined, isUndefined } from '../undefined.js'
import type { FilterFn } from '../types.js'
import { pformat } from './python-pprint.js'
import { pyJsonDumps } from './python-json.js'
import { isMapping, truthy, typeName } from './python-types.js'
import { REQUIRED, defineFilter, intArg, optional, strArg } from './signature.js'

/**
 * `obj|attr('name')` reads a Python attribute, never a dict key: on dicts and lists it is
 * Undefined; objects with their own properties (dates, groupby tuples) expose them.
 */
function attr(obj: unknown, name: string): unknown {
  if (isUndefined(obj)) throw obj.error()
  const isPlainData = obj === null || typeof obj !== 'object' || isMapping(obj)
  if (!isPlainData && Object.prototype.hasOwnProperty.call(obj, name) && !/^\d+$/.test(name)) {
    return (obj as Record<string, unknown>)[name]
  }
  if (!isPlainData && !Array.isArray(obj) && name in (obj as object)) return (obj as Record<string, unknown>)[name]
  return new Undefined(name, `'${typeName(obj)} object' has no attribute '${name}'`)
}

/** Jinja2's default: the fallback for an undefined value, or (boolean=true) for any falsy one. */
const defaultFilter = defineFilter('default', { default_value: '', boolean: false }, (v, p) =>
  isUndefined(v) || (truthy(p.boolean) && !truthy(v)) ? p.default_value : v,
)

/** tojson: sorted keys, and <, >, & and ' escaped so the JSON is safe inside HTML. */
function tojson(value: unknown, indent: number | undefined): string {
  return pyJsonDumps(value, { sortKeys: true, indent })
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll("'", '\\u0027')
}

export const jinjaMiscFilters: Record<string, FilterFn> = {
  attr: defineFilter('attr', { name: REQUIRED }, (v, p) => attr(v, strArg(p.name))),
  default: defaultFilter,
  d: defaultFilter,
  pprint: defineFilter('pprint', {}, (v) => pformat(v)),
  tojson: defineFilter('tojson', { indent: null }, (v, p) => tojson(v, optional(p.indent, (i) => intArg(i, 'indent')))),
}
