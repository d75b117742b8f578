// Ansible's set-theory and itertools filters: unique, union, intersect, difference,
// symmetric_difference, zip, zip_longest, product, permutations, combinations.
import { TemplateError } from '../../errors.js'
import type { FilterFn } from '../types.js'
import { attrGetter, ignoreCase } from './attribute.js'
import { equalityKey, pyContains } from './python-compare.js'
import { PyTuple, isMapping, isTuple, pyList, truthy, tuple } from './python-types.js'
import { REQUIRED, defineFilter, intArg, optional } from './signature.js'

/** Lists, dicts and sets (and tuples holding them) cannot be set members in Python. */
function isHashable(value: unknown): boolean {
  if (isTuple(value)) return value.every(isHashable)
  return !(Array.isArray(value) || isMapping(value) || value instanceof Set)
}

function dedupeBy(items: unknown[], key: (item: unknown) => unknown): unknown[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    const k = equalityKey(key(item))
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/**
 * Ansible's unique: Jinja2's (case-insensitive unless told otherwise, optionally by
 * attribute); when items cannot be hashed it falls back to plain equality, which
 * only works without case_sensitive=false or attribute.
 */
export function unique(value: unknown, caseSensitive: unknown, attribute: unknown): unknown[] {
  const items = pyList(value)
  const ignoring = !truthy(caseSensitive ?? false)
  const key = attrGetter(attribute, { postprocess: ignoring ? ignoreCase : undefined })
  const keys = items.map(key)
  if (keys.every(isHashable)) return dedupeBy(items, (item) => key(item))
  if (caseSensitive === false || (attribute !== null && attribute !== undefined)) {
    throw new TemplateError(
      "Jinja2's unique filter failed and we cannot fall back to Ansible's version as it does not support the parameters supplied",
    )
  }
  return dedupeBy(items, (item) => item)
}

const exactUnique = (items: unknown[]) => unique(items, true, null)

function union(a: unknown, b: unknown): unknown[] {
  return exactUnique([...pyList(a), ...pyList(b)])
}

function intersect(a: unknown, b: unknown): unknown[] {
  return exactUnique(pyList(a).filter((x) => pyContains(b, x)))
}

function difference(a: unknown, b: unknown): unknown[] {
  return exactUnique(pyList(a).filter((x) => !pyContains(b, x)))
}

function symmetricDifference(a: unknown, b: unknown): unknown[] {
  const both = intersect(a, b)
  return union(a, b).filter((x) => !pyContains(both, x))
}

function zip(lists: unknown[][], longest: boolean, fill: unknown): PyTuple[] {
  if (lists.length === 0) return []
  const lengths = lists.map((l) => l.length)
  const count = longest ? Math.max(...lengths) : Math.min(...lengths)
  return Array.from({ length: count }, (_, i) => tuple(...lists.map((l) => (i < l.length ? l[i] : fill))))
}

function product(lists: unknown[][], repeat: number): PyTuple[] {
  const pools = Array.from({ length: repeat }, () => lists).flat()
  let result: unknown[][] = [[]]
  for (const pool of pools) result = result.flatMap((prefix) => pool.map((item) => [...prefix, item]))
  return result.map((items) => tuple(...items))
}

/** itertools.permutations: r-length orderings, in the order Python emits them. */
function permutations(items: unknown[], r: number): PyTuple[] {
  if (r > items.length) return []
  const out: PyTuple[] = []
  const walk = (prefix: number[]) => {
    if (prefix.length === r) {
      out.push(tuple(...prefix.map((i) => items[i])))
      return
    }
    for (let i = 0; i < items.length; i++) if (!prefix.includes(i)) walk([...prefix, i])
  }
  walk([])
  return out
}

/** itertools.combinations: r-length subsets keeping the input order. */
function combinations(items: unknown[], r: number): PyTuple[] {
  const out: PyTuple[] = []
  const walk = (start: number, chosen: unknown[]) => {
    if (chosen.length === r) {
      out.push(tuple(...chosen))
      return
    }
    for (let i = start; i < items.length; i++) walk(i + 1, [...chosen, items[i]])
  }
  if (r <= items.length) walk(0, [])
  return out
}

function nonNegative(value: unknown, name: string): number {
  const n = intArg(value, name)
  if (n < 0) throw new TemplateError(`${name} must be non-negative`)
  return n
}

export const ansibleSetFilters: Record<string, FilterFn> = {
  unique: defineFilter('unique', { case_sensitive: null, attribute: null }, (v, p) => unique(v, p.case_sensitive, p.attribute)),
  union: defineFilter('union', { b: REQUIRED }, (v, p) => union(v, p.b)),
  intersect: defineFilter('intersect', { b: REQUIRED }, (v, p) => intersect(v, p.b)),
  difference: defineFilter('difference', { b: REQUIRED }, (v, p) => difference(v, p.b)),
  symmetric_difference: defineFilter('symmetric_difference', { b: REQUIRED }, (v, p) => symmetricDifference(v, p.b)),
  zip: (value, args, kwargs) => {
    if (Object.keys(kwargs).length > 0) throw new TemplateError('zip() takes no keyword arguments')
    return zip([value, ...args].map(pyList), false, null)
  },
  zip_longest: (value, args, kwargs) => {
    const { fillvalue = null, ...rest } = kwargs
    if (Object.keys(rest).length > 0) throw new TemplateError(`zip_longest() got an unexpected keyword argument '${Object.keys(rest)[0]}'`)
    return zip([value, ...args].map(pyList), true, fillvalue)
  },
  product: (value, args, kwargs) => {
    const { repeat = 1, ...rest } = kwargs
    if (Object.keys(rest).length > 0) throw new TemplateError(`product() got an unexpected keyword argument '${Object.keys(rest)[0]}'`)
    return product([value, ...args].map(pyList), nonNegative(repeat, 'repeat'))
  },
  permutations: defineFilter('permutations', { r: null }, (v, p) => {
    const items = pyList(v)
    return permutations(items, optional(p.r, (r) => nonNegative(r, 'r')) ?? items.length)
  }),
  combinations: defineFilter('combinations', { r: REQUIRED }, (v, p) => combinations(pyList(v), nonNegative(p.r, 'r'))),
}
