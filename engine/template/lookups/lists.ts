// Lookups that reshape lists (the with_* loops): items, list, indexed_items, dict,
// together, nested, subelements, random_choice.
import { TemplateError } from '../../errors.js'
import { copyFloatMark } from '../../load/float-marks.js'
import type { LookupFn } from '../types.js'
import { pythonStr } from '../filters/python-repr.js'
import { systemRandom } from '../filters/python-random.js'
import { isMapping, isString, mappingEntries, mappingGet, mappingHas, pyList, setItem, truthy, tuple } from '../filters/python-types.js'
import { lookupOptions } from './options.js'

/**
 * LookupBase._flatten: lists (and tuples) among the terms are spliced in, one level. An
 * integral float keeps its mark (engine/load/float-marks.ts), so a loop over [1.0] sees 1.0.
 */
function flattenOnce(terms: unknown[]): unknown[] {
  const out: unknown[] = []
  const take = (from: unknown[], index: number) => {
    out.push(from[index])
    copyFloatMark(from, index, out, out.length - 1)
  }
  terms.forEach((term, i) => (Array.isArray(term) ? term.forEach((_, j) => take(term, j)) : take(terms, i)))
  return out
}

/** listify_lookup_plugin_terms: a single value (terms[index]) stands for a one-element list. */
function listify(terms: unknown[], index: number): unknown[] {
  const term = terms[index]
  if (Array.isArray(term)) return term
  const list = [term]
  copyFloatMark(terms, index, list, 0)
  return list
}

/** [a[i], b[j]], keeping float marks. */
function pair(a: unknown[], i: number, b: unknown[], j: number): unknown[] {
  const both = [a[i], b[j]]
  copyFloatMark(a, i, both, 0)
  copyFloatMark(b, j, both, 1)
  return both
}

const items: LookupFn = (terms, kwargs) => {
  lookupOptions('items', kwargs, {})
  return flattenOnce(terms)
}

const list: LookupFn = (terms, kwargs) => {
  lookupOptions('list', kwargs, {})
  return terms
}

const indexedItems: LookupFn = (terms, kwargs) => {
  lookupOptions('indexed_items', kwargs, {})
  return flattenOnce(terms).map((item, i, all) => {
    const pair = tuple(i, item)
    copyFloatMark(all, i, pair, 1)
    return pair
  })
}

const dict: LookupFn = (terms, kwargs) => {
  lookupOptions('dict', kwargs, {})
  return terms.flatMap((term) => {
    if (!isMapping(term)) throw new TemplateError('with_dict expects a dict')
    return mappingEntries(term).map(([key, value]) => {
      const entry = { key, value }
      copyFloatMark(term, String(key), entry, 'value')
      return entry
    })
  })
}

const together: LookupFn = (terms, kwargs) => {
  lookupOptions('together', kwargs, {})
  const lists = terms.map((_, index) => listify(terms, index))
  if (lists.length === 0) throw new TemplateError('with_together requires at least one element in each list')
  const length = Math.max(...lists.map((l) => l.length))
  return Array.from({ length }, (_, i) => {
    const row: unknown[] = []
    for (const l of lists) {
      row.push(i < l.length ? l[i] : null)
      copyFloatMark(l, i, row, row.length - 1)
    }
    return flattenOnce(row)
  })
}

const nested: LookupFn = (terms, kwargs) => {
  lookupOptions('nested', kwargs, {})
  const lists = terms.map((_, index) => listify(terms, index))
  if (lists.length === 0) throw new TemplateError('with_nested requires at least one element in the nested list')
  let combined: unknown[] = lists[0]
  for (const next of lists.slice(1)) {
    const previous = combined
    combined = previous.flatMap((_, i) => next.map((__, j) => flattenOnce(pair(previous, i, next, j))))
  }
  // Ansible flattens each result once more; a lone string would come apart into characters.
  return combined.map((item) => (Array.isArray(item) ? flattenOnce(item) : pyList(item)))
}

const subelements: LookupFn = (terms, kwargs) => {
  lookupOptions('subelements', kwargs, {})
  const usage = 'subelements lookup expects a list of two or three items, '
  if (terms.length < 2 || terms.length > 3) throw new TemplateError(usage)
  const [source, path, flags = {}] = terms
  if (!(Array.isArray(source) || isMapping(source)) || !isString(path)) {
    throw new TemplateError(`${usage}first a dict or a list, second a string pointing to the subkey`)
  }
  if (!isMapping(flags) || !Object.keys(flags).every((k) => k === 'skip_missing')) {
    throw new TemplateError(`${usage}the optional third item must be a dict with flags ('skip_missing',)`)
  }
  if (isMapping(source) && mappingHas(source, 'skipped') && mappingGet(source, 'skipped') !== false) return []
  const elements = isMapping(source) ? mappingEntries(source).map(([, v]) => v) : source
  const skipMissing = truthy(mappingGet(flags, 'skip_missing') ?? false)
  return elements.flatMap((element) => subelementPairs(element, String(path).split('.'), skipMissing))
}

function subelementPairs(element: unknown, keys: string[], skipMissing: boolean): unknown[] {
  if (!isMapping(element)) throw new TemplateError(`subelements lookup expects a dictionary, got '${pythonStr(element)}'`)
  if (mappingHas(element, 'skipped') && mappingGet(element, 'skipped') !== false) return []
  let value: unknown = element
  let sublist: unknown[] = []
  for (const [i, key] of keys.entries()) {
    const last = i === keys.length - 1
    if (!isMapping(value) || !mappingHas(value, key)) {
      if (skipMissing) continue
      throw new TemplateError(`could not find '${key}' key in iterated item '${pythonStr(value)}'`)
    }
    const next = mappingGet(value, key)
    if (!last && !isMapping(next)) {
      if (skipMissing) continue
      throw new TemplateError(`the key ${key} should point to a dictionary, got '${pythonStr(next)}'`)
    }
    if (last && !Array.isArray(next)) throw new TemplateError(`the key ${key} should point to a list, got '${pythonStr(next)}'`)
    if (last) sublist = next as unknown[]
    else value = next
  }
  // Ansible pops the list out of the item it pairs with each element (on a copy here).
  const trimmed = withoutPath(element, keys)
  return sublist.map((item) => tuple(trimmed, item))
}

/** A copy of `value` without the key at the end of `keys` (copied only along that path). */
function withoutPath(value: unknown, keys: string[]): unknown {
  if (!isMapping(value) || keys.length === 0 || !mappingHas(value, keys[0])) return value
  const [key, ...rest] = keys
  const copy = Object.fromEntries(mappingEntries(value)) as Record<string, unknown>
  if (rest.length === 0) delete copy[key]
  else setItem(copy, key, withoutPath(copy[key], rest))
  return copy
}

/** with_flattened: every level of nested lists, in order. */
const flattened: LookupFn = (terms, kwargs) => {
  lookupOptions('flattened', kwargs, {})
  const out: unknown[] = []
  const walk = (list: unknown[]) =>
    list.forEach((value, i) => {
      if (Array.isArray(value)) return walk(value)
      if (value === null || value === undefined) return
      out.push(value)
      copyFloatMark(list, i, out, out.length - 1)
    })
  walk(terms)
  return out
}

const randomChoice: LookupFn = (terms, kwargs) => {
  lookupOptions('random_choice', kwargs, {})
  if (terms.length === 0) return terms
  const index = systemRandom.below(terms.length)
  const chosen = [terms[index]]
  copyFloatMark(terms, index, chosen, 0)
  return chosen
}

export const listLookups: Record<string, LookupFn> = {
  items,
  list,
  indexed_items: indexedItems,
  dict,
  together,
  nested,
  flattened,
  subelements,
  random_choice: randomChoice,
}
