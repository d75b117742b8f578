// Jinja2's sequence filters: batch, slice, first, last, length/count, list, reverse,
// join, sum, min, max, sort, dictsort, items, groupby.
import { TemplateError } from '../../errors.js'
import { Undefined, isUndefined } from '../undefined.js'
import type { FilterFn } from '../types.js'
import { attrGetter, ignoreCase, multiAttrGetter } from './attribute.js'
import { pyCompare, pyEquals } from './python-compare.js'
import { pyAdd } from './python-number.js'
import { pythonStr } from './python-repr.js'
import { PyTuple, isMapping, isString, mappingEntries, pyLen, pyList, truthy, tuple, typeName } from './python-types.js'
import { REQUIRED, defineFilter, intArg, strArg } from './signature.js'

function batch(value: unknown, size: number, fill: unknown): unknown[][] {
  if (size <= 0) throw new TemplateError('batch size must be positive')
  const rows: unknown[][] = []
  for (const item of pyList(value)) {
    if (rows.length === 0 || rows[rows.length - 1].length === size) rows.push([])
    rows[rows.length - 1].push(item)
  }
  const last = rows[rows.length - 1]
  if (last && fill !== null && fill !== undefined) while (last.length < size) last.push(fill)
  return rows
}

function slice(value: unknown, slices: number, fill: unknown): unknown[][] {
  const items = pyList(value)
  const perSlice = Math.floor(items.length / slices)
  const withExtra = items.length % slices
  const result: unknown[][] = []
  let offset = 0
  for (let n = 0; n < slices; n++) {
    const start = offset + n * perSlice
    if (n < withExtra) offset++
    const part = items.slice(start, offset + (n + 1) * perSlice)
    if (fill !== null && fill !== undefined && n >= withExtra) part.push(fill)
    result.push(part)
  }
  return result
}

function length(value: unknown): number {
  const n = pyLen(value)
  if (n === undefined && isUndefined(value)) throw value.error()
  if (n === undefined) throw new TemplateError(`object of type '${typeName(value)}' has no len()`)
  return n
}

function reverse(value: unknown): unknown {
  if (isString(value)) return Array.from(String(value)).reverse().join('')
  try {
    return pyList(value).reverse()
  } catch {
    throw new TemplateError('argument must be iterable')
  }
}

/** Python's sum(iterable, start). */
function sum(value: unknown, attribute: unknown, start: unknown): unknown {
  if (isString(start)) throw new TemplateError("sum() can't sum strings [use ''.join(seq) instead]")
  const get = attrGetter(attribute)
  return pyList(value).reduce((total, item) => pyAdd(total, get(item)), start)
}

/** Python's sorted() with a key function; stable, and reverse keeps equal items in order. */
export function sortedBy(items: unknown[], key: (item: unknown) => unknown, reverse = false): unknown[] {
  const keyed = items.map((item) => ({ item, key: key(item) }))
  keyed.sort((a, b) => (reverse ? pyCompare(b.key, a.key) : pyCompare(a.key, b.key)))
  return keyed.map((k) => k.item)
}

function minOrMax(value: unknown, caseSensitive: boolean, attribute: unknown, want: 'min' | 'max'): unknown {
  const items = pyList(value)
  if (items.length === 0) return new Undefined('min/max', 'No aggregated item, sequence was empty.')
  const key = attrGetter(attribute, { postprocess: caseSensitive ? undefined : ignoreCase })
  let best = items[0]
  let bestKey = key(best)
  for (const item of items.slice(1)) {
    const itemKey = key(item)
    const order = pyCompare(itemKey, bestKey, want === 'min' ? '<' : '>')
    if ((want === 'min' && order < 0) || (want === 'max' && order > 0)) {
      best = item
      bestKey = itemKey
    }
  }
  return best
}

function dictsort(value: unknown, caseSensitive: boolean, by: unknown, reverse: boolean): PyTuple[] {
  if (!isMapping(value)) throw new TemplateError(`dictsort expects a dict, got ${typeName(value)}`)
  if (by !== 'key' && by !== 'value') throw new TemplateError('You can only sort by either "key" or "value"')
  const pos = by === 'key' ? 0 : 1
  const pairs = mappingEntries(value).map(([k, v]) => tuple(k, v))
  return sortedBy(pairs, (pair) => (caseSensitive ? (pair as PyTuple)[pos] : ignoreCase((pair as PyTuple)[pos])), reverse) as PyTuple[]
}

function items(value: unknown): PyTuple[] {
  if (isUndefined(value)) return []
  if (!isMapping(value)) throw new TemplateError('Can only get item pairs from a mapping.')
  return mappingEntries(value).map(([k, v]) => tuple(k, v))
}

/** groupby's (grouper, list) pairs, which templates also read as .grouper and .list. */
export class GroupTuple extends PyTuple {
  constructor(grouper: unknown, list: unknown[]) {
    super()
    this.push(grouper, list)
    Object.defineProperty(this, 'grouper', { value: grouper, enumerable: false })
    Object.defineProperty(this, 'list', { value: list, enumerable: false })
  }
}

function groupby(value: unknown, attribute: unknown, fallback: unknown, caseSensitive: boolean): GroupTuple[] {
  const rawKey = attrGetter(attribute, { default: fallback })
  const key = caseSensitive ? rawKey : (item: unknown) => ignoreCase(rawKey(item))
  const groups: { key: unknown; members: unknown[] }[] = []
  for (const item of sortedBy(pyList(value), key)) {
    const itemKey = key(item)
    const last = groups[groups.length - 1]
    if (last && pyEquals(last.key, itemKey)) last.members.push(item)
    else groups.push({ key: itemKey, members: [item] })
  }
  // Case-insensitive grouping still shows the first member's own spelling of the key.
  return groups.map((g) => new GroupTuple(caseSensitive ? g.key : rawKey(g.members[0]), g.members))
}

function first(value: unknown): unknown {
  const all = pyList(value)
  return all.length > 0 ? all[0] : new Undefined('first', 'No first item, sequence was empty.')
}

function last(value: unknown): unknown {
  const all = pyList(value)
  return all.length > 0 ? all[all.length - 1] : new Undefined('last', 'No last item, sequence was empty.')
}

const lengthFilter = defineFilter('length', {}, (v) => length(v))

export const jinjaListFilters: Record<string, FilterFn> = {
  batch: defineFilter('batch', { linecount: REQUIRED, fill_with: null }, (v, p) => batch(v, intArg(p.linecount, 'linecount'), p.fill_with)),
  slice: defineFilter('slice', { slices: REQUIRED, fill_with: null }, (v, p) => slice(v, intArg(p.slices, 'slices'), p.fill_with)),
  first: defineFilter('first', {}, (v) => first(v)),
  last: defineFilter('last', {}, (v) => last(v)),
  length: lengthFilter,
  count: lengthFilter,
  list: defineFilter('list', {}, (v) => pyList(v)),
  reverse: defineFilter('reverse', {}, (v) => reverse(v)),
  join: defineFilter('join', { d: '', attribute: null }, (v, p) => {
    const get = attrGetter(p.attribute)
    return pyList(v).map((item) => pythonStr(get(item))).join(strArg(p.d))
  }),
  sum: defineFilter('sum', { attribute: null, start: 0 }, (v, p) => sum(v, p.attribute, p.start)),
  min: defineFilter('min', { case_sensitive: false, attribute: null }, (v, p) => minOrMax(v, truthy(p.case_sensitive), p.attribute, 'min')),
  max: defineFilter('max', { case_sensitive: false, attribute: null }, (v, p) => minOrMax(v, truthy(p.case_sensitive), p.attribute, 'max')),
  sort: defineFilter('sort', { reverse: false, case_sensitive: false, attribute: null }, (v, p) => {
    const key = multiAttrGetter(p.attribute, truthy(p.case_sensitive) ? undefined : ignoreCase)
    return sortedBy(pyList(v), key, truthy(p.reverse))
  }),
  dictsort: defineFilter('dictsort', { case_sensitive: false, by: 'key', reverse: false }, (v, p) =>
    dictsort(v, truthy(p.case_sensitive), p.by, truthy(p.reverse)),
  ),
  items: defineFilter('items', {}, (v) => items(v)),
  groupby: defineFilter('groupby', { attribute: REQUIRED, default: null, case_sensitive: false }, (v, p) =>
    groupby(v, p.attribute, p.default, truthy(p.case_sensitive)),
  ),
}
