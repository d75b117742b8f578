// Jinja2's map, select, reject, selectattr and rejectattr. They call other filters and
// tests by name, so they are built over the registries (Ansible's filters and tests
// included: `select('match', '^eth')` works as in Ansible).
import { closest } from 'fastest-levenshtein'
import { TemplateError } from '../../errors.js'
import type { FilterFn, Kwargs, TestFn } from '../types.js'
import { attrGetter } from './attribute.js'
import { pyList, truthy } from './python-types.js'

export interface Registries {
  filter(name: string): FilterFn | undefined
  test(name: string): TestFn | undefined
  /** Names to suggest from when a filter or test name is unknown. */
  names(kind: 'filter' | 'test'): string[]
}

function unknownName(reg: Registries, kind: 'filter' | 'test', name: string): TemplateError {
  return new TemplateError(`No ${kind} named '${name}'.`, { hint: `did you mean '${closest(name, reg.names(kind))}'?` })
}

function map(reg: Registries, value: unknown, args: unknown[], kwargs: Kwargs): unknown[] {
  if (!truthy(value)) return []
  const items = pyList(value)
  if (args.length === 0 && 'attribute' in kwargs) {
    const { attribute, default: fallback, ...rest } = kwargs
    const unexpected = Object.keys(rest)[0]
    if (unexpected !== undefined) throw new TemplateError(`Unexpected keyword argument '${unexpected}'`)
    return items.map(attrGetter(attribute, { default: fallback }))
  }
  if (args.length === 0) throw new TemplateError('map requires a filter argument')
  const [name, ...filterArgs] = args
  const filter = reg.filter(String(name))
  if (!filter) throw unknownName(reg, 'filter', String(name))
  return items.map((item) => filter(item, filterArgs, kwargs))
}

function selectOrReject(reg: Registries, value: unknown, args: unknown[], kwargs: Kwargs, keep: boolean, onAttribute: boolean): unknown[] {
  if (!truthy(value)) return []
  let read = (item: unknown) => item
  let rest = args
  if (onAttribute) {
    if (args.length === 0) throw new TemplateError('Missing parameter for attribute name')
    read = attrGetter(args[0])
    rest = args.slice(1)
  }
  let check: (item: unknown) => boolean = truthy
  if (rest.length > 0) {
    const [name, ...testArgs] = rest
    const test = reg.test(String(name))
    if (!test) throw unknownName(reg, 'test', String(name))
    check = (item) => test(item, testArgs, kwargs)
  }
  return pyList(value).filter((item) => check(read(item)) === keep)
}

export function selectionFilters(reg: Registries): Record<string, FilterFn> {
  return {
    map: (value, args, kwargs) => map(reg, value, args, kwargs),
    select: (value, args, kwargs) => selectOrReject(reg, value, args, kwargs, true, false),
    reject: (value, args, kwargs) => selectOrReject(reg, value, args, kwargs, false, false),
    selectattr: (value, args, kwargs) => selectOrReject(reg, value, args, kwargs, true, true),
    rejectattr: (value, args, kwargs) => selectOrReject(reg, value, args, kwargs, false, true),
  }
}
