// Ansible's data-structure filters: bool, ternary, combine, dict2items, items2dict,
// extract, mandatory, type_debug, flatten, subelements, rekey_on_member.
import { TemplateError } from '../../errors.js'
import { isUndefined } from '../undefined.js'
import type { FilterFn } from '../types.js'
import { getItem, type AttributePart } from './attribute.js'
import { pyContains } from './python-compare.js'
import { pythonRepr, pythonStr } from './python-repr.js'
import { isMapping, isNumber, isString, mappingEntries, mappingGet, mappingHas, setItem, truthy, tuple, typeName } from './python-types.js'
import { pyJsonDumps } from './python-json.js'
import { REQUIRED, defineFilter, intArg, optional, strArg } from './signature.js'

type Dict = Record<string, unknown>

/** Python's `<class 'list'>`, as Ansible's type errors print it. */
export const pyClass = (value: unknown) => `<class '${typeName(value)}'>`

function toBool(value: unknown): unknown {
  if (isUndefined(value)) throw value.error()
  if (value === null || value === undefined || typeof value === 'boolean') return value ?? null
  const probe = isString(value) ? String(value).toLowerCase() : value
  return ['yes', 'on', '1', 'true'].includes(probe as string) || (isNumber(probe) && Number(probe) === 1)
}

function ternary(value: unknown, whenTrue: unknown, whenFalse: unknown, whenNone: unknown): unknown {
  if ((value === null || value === undefined) && whenNone !== null && whenNone !== undefined) return whenNone
  return truthy(value) ? whenTrue : whenFalse
}

/** Ansible's flatten: lists (not strings or dicts) are spliced in; nulls dropped by default. */
export function flatten(items: unknown[], levels: number | undefined, skipNulls = true): unknown[] {
  const out: unknown[] = []
  for (const item of items) {
    if (skipNulls && (item === null || item === undefined || item === 'None' || item === 'null')) continue
    if (Array.isArray(item) && (levels === undefined || levels >= 1)) {
      out.push(...flatten(item, levels === undefined ? undefined : levels - 1, skipNulls))
    } else {
      out.push(item)
    }
  }
  return out
}

function checkDefined(value: unknown): void {
  if (isUndefined(value)) throw value.error()
  if (Array.isArray(value)) value.forEach(checkDefined)
  else if (isMapping(value)) mappingEntries(value).forEach(([, v]) => checkDefined(v))
}

const LIST_MERGES = ['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp']

/** Ansible's merge_hash: keys of `y` win over `x`; nested dicts merged when recursive. */
export function mergeHash(x: unknown, y: unknown, recursive: boolean, listMerge: string): Dict {
  if (!LIST_MERGES.includes(listMerge)) {
    throw new TemplateError(`merge_hash: 'list_merge' argument can only be equal to ${LIST_MERGES.map((m) => `'${m}'`).join(', ')}`)
  }
  if (!isMapping(x) || !isMapping(y)) {
    const show = (v: unknown) => (isMapping(v) || Array.isArray(v) ? pyJsonDumps(v) : pythonStr(v))
    throw new TemplateError(
      `failed to combine variables, expected dicts but got a '${typeName(x)}' and a '${typeName(y)}': \n${show(x)}\n${show(y)}`,
    )
  }
  const result: Dict = Object.fromEntries(mappingEntries(x) as [string, unknown][])
  for (const [key, yValue] of mappingEntries(y) as [string, unknown][]) {
    const xValue = Object.hasOwn(result, key) ? result[key] : undefined
    if (isMapping(xValue) && isMapping(yValue)) {
      setItem(result, key, recursive ? mergeHash(xValue, yValue, recursive, listMerge) : yValue)
    } else if (Array.isArray(xValue) && Array.isArray(yValue)) {
      setItem(result, key, mergeLists(xValue, yValue, listMerge))
    } else {
      setItem(result, key, yValue)
    }
  }
  return result
}

function mergeLists(x: unknown[], y: unknown[], listMerge: string): unknown[] {
  const xOnly = () => x.filter((item) => !pyContains(y, item))
  switch (listMerge) {
    case 'keep':
      return x
    case 'append':
      return [...x, ...y]
    case 'prepend':
      return [...y, ...x]
    case 'append_rp':
      return [...xOnly(), ...y]
    case 'prepend_rp':
      return [...y, ...xOnly()]
    default:
      return y
  }
}

const combine: FilterFn = (value, args, kwargs) => {
  const { recursive = false, list_merge: listMerge = 'replace', ...rest } = kwargs
  if (Object.keys(rest).length > 0) throw new TemplateError("'recursive' and 'list_merge' are the only valid keyword arguments")
  const dicts = flatten([value, ...args], 1)
  checkDefined(dicts)
  if (dicts.length === 0) return {}
  if (dicts.length === 1) return dicts[0]
  let result = dicts[dicts.length - 1]
  for (let i = dicts.length - 2; i >= 0; i--) result = mergeHash(dicts[i], result, truthy(recursive), strArg(listMerge))
  return result
}

function dict2items(value: unknown, keyName: string, valueName: string): Dict[] {
  if (!isMapping(value)) throw new TemplateError(`dict2items requires a dictionary, got ${pyClass(value)} instead.`)
  return mappingEntries(value).map(([k, v]) => ({ [keyName]: k, [valueName]: v }))
}

function items2dict(value: unknown, keyName: string, valueName: string): Dict {
  if (!Array.isArray(value)) throw new TemplateError(`items2dict requires a list, got ${pyClass(value)} instead.`)
  const result: Dict = {}
  for (const item of value) {
    if (!isMapping(item)) throw new TemplateError(`items2dict requires a list of dictionaries, got ${pythonStr(value)} instead.`)
    if (!mappingHas(item, keyName) || !mappingHas(item, valueName)) {
      throw new TemplateError(
        `items2dict requires each dictionary in the list to contain the keys '${keyName}' and '${valueName}', got ${pythonStr(value)} instead.`,
      )
    }
    setItem(result, pythonStr(mappingGet(item, keyName)), mappingGet(item, valueName))
  }
  return result
}

function extract(item: unknown, container: unknown, morekeys: unknown): unknown {
  const keys = morekeys === null || morekeys === undefined ? [item] : Array.isArray(morekeys) ? [item, ...morekeys] : [item, morekeys]
  return keys.reduce((value, key) => getItem(value, key as AttributePart), container)
}

function mandatory(value: unknown, msg: unknown): unknown {
  if (!isUndefined(value)) return value
  if (msg !== null && msg !== undefined) throw new TemplateError(pythonStr(msg))
  throw new TemplateError(`Mandatory variable '${value.name}'  not defined.`) // sic: Ansible's double space
}

function subelements(obj: unknown, path: unknown, skipMissing: boolean): unknown[] {
  let elements: unknown[]
  if (isMapping(obj)) elements = mappingEntries(obj).map(([, v]) => v)
  else if (Array.isArray(obj)) elements = obj
  else throw new TemplateError('obj must be a list of dicts or a nested dict')
  let keys: unknown[]
  if (Array.isArray(path)) keys = path
  else if (isString(path)) keys = String(path).split('.')
  else throw new TemplateError('subelements must be a list or a string')
  const results: unknown[] = []
  for (const element of elements) {
    let values: unknown = element
    for (const key of keys) {
      if (!isMapping(values)) throw new TemplateError(`the key ${pythonStr(key)} should point to a dictionary, got '${pythonStr(values)}'`)
      if (!mappingHas(values, key)) {
        if (skipMissing) {
          values = []
          break
        }
        throw new TemplateError(`could not find ${pythonRepr(key)} key in iterated item ${pythonRepr(values)}`)
      }
      values = mappingGet(values, key)
    }
    if (!Array.isArray(values)) throw new TemplateError(`the key ${pythonRepr(keys[keys.length - 1])} should point to a list, got ${pythonRepr(values)}`)
    for (const value of values) results.push(tuple(element, value))
  }
  return results
}

function rekeyOnMember(data: unknown, key: unknown, duplicates: unknown): Dict {
  if (duplicates !== 'error' && duplicates !== 'overwrite') {
    throw new TemplateError(`duplicates parameter to rekey_on_member has unknown value: ${pythonStr(duplicates)}`)
  }
  let items: unknown[]
  if (isMapping(data)) items = mappingEntries(data).map(([, v]) => v)
  else if (Array.isArray(data)) items = data
  else throw new TemplateError('Type is not a valid list, set, or dict')
  const result: Dict = {}
  for (const item of items) {
    if (!isMapping(item)) throw new TemplateError('List item is not a valid dict')
    if (!mappingHas(item, key)) throw new TemplateError(`Key ${pythonStr(key)} was not found`)
    const newKey = pythonStr(mappingGet(item, key))
    if (Object.hasOwn(result, newKey) && duplicates === 'error') {
      throw new TemplateError(`Key ${newKey} is not unique, cannot correctly turn into dict`)
    }
    setItem(result, newKey, item)
  }
  return result
}

export const ansibleDataFilters: Record<string, FilterFn> = {
  bool: defineFilter('bool', {}, (v) => toBool(v)),
  ternary: defineFilter('ternary', { true_val: REQUIRED, false_val: REQUIRED, none_val: null }, (v, p) =>
    ternary(v, p.true_val, p.false_val, p.none_val),
  ),
  combine,
  dict2items: defineFilter('dict2items', { key_name: 'key', value_name: 'value' }, (v, p) =>
    dict2items(v, strArg(p.key_name), strArg(p.value_name)),
  ),
  items2dict: defineFilter('items2dict', { key_name: 'key', value_name: 'value' }, (v, p) =>
    items2dict(v, strArg(p.key_name), strArg(p.value_name)),
  ),
  extract: defineFilter('extract', { container: REQUIRED, morekeys: null }, (v, p) => extract(v, p.container, p.morekeys)),
  mandatory: defineFilter('mandatory', { msg: null }, (v, p) => mandatory(v, p.msg)),
  type_debug: defineFilter('type_debug', {}, (v) => typeName(v)),
  flatten: defineFilter('flatten', { levels: null, skip_nulls: true }, (v, p) => {
    if (!Array.isArray(v)) throw new TemplateError(`flatten expects a list, got ${typeName(v)}`)
    return flatten(v, optional(p.levels, (l) => intArg(l, 'levels')), truthy(p.skip_nulls))
  }),
  subelements: defineFilter('subelements', { subelements: REQUIRED, skip_missing: false }, (v, p) =>
    subelements(v, p.subelements, truthy(p.skip_missing)),
  ),
  rekey_on_member: defineFilter('rekey_on_member', { key: REQUIRED, duplicates: 'error' }, (v, p) => rekeyOnMember(v, p.key, p.duplicates)),
}
