// Python's list, tuple and dict methods as templates call them: d.items(), d.get(k, x),
// l.index(x), and the mutating ones (l.append(x), d.update(…)) that Jinja2 templates use
// to build results in loops.
//
// Mutation is only allowed on lists and dicts the template itself created. In Ansible
// every variable access yields a fresh copy, so appending to a variable never changes
// the variable; here variables are shared objects, and mutating one would leak into
// later tasks. Rather than silently differ, that case is an error that says what to do.
import { TemplateError } from '../errors.js'
import { pyEquals } from './filters/python-compare.js'
import { pythonRepr } from './filters/python-repr.js'
import { isMapping, isTuple, mappingEntries, mappingKeys, numericKeyText, pyList, tuple } from './filters/python-types.js'
import { bindArgs, type ParamSpec, REQUIRED } from './filters/signature.js'
import { liftSlot } from './float-boundary.js'
import { hasKey } from './has-key.js'
import { PyFunction } from './callable.js'
import { sortValues } from './sorting.js'
import type { Kwargs } from './types.js'

type Dict = Record<string, unknown> | Map<unknown, unknown>
type Bound = Record<string, unknown>

const owned = new WeakSet<object>()

/** Record that the template created `value`, so its methods may mutate it. */
export function markOwned<T>(value: T): T {
  if (typeof value === 'object' && value !== null) owned.add(value)
  return value
}

function requireOwned(container: object, method: string): void {
  if (owned.has(container)) return
  throw new TemplateError(
    `${method}() would modify a variable in place, which Ansible never does (each use of a variable is a fresh copy)`,
    { hint: 'build a new value instead, e.g. {% set items = items + [x] %} or combine(), or copy it first with | list' },
  )
}

/** Python methods that mutate return None. */
function none(run: (p: Bound) => unknown): (p: Bound) => null {
  return (p) => {
    run(p)
    return null
  }
}

function method(name: string, owner: string, spec: ParamSpec, run: (p: Bound) => unknown): PyFunction {
  return new PyFunction(name, (args: unknown[], kwargs: Kwargs) => run(bindArgs(`${owner}.${name}()`, spec, args, kwargs)), owner)
}

const LIST_METHODS = new Set(['index', 'count', 'copy', 'append', 'extend', 'insert', 'pop', 'remove', 'clear', 'reverse', 'sort'])
const DICT_METHODS = new Set(['items', 'keys', 'values', 'get', 'copy', 'update', 'pop', 'setdefault', 'clear'])

/** The bound method `name` of a list or tuple, or undefined. */
export function listMethod(list: unknown[], name: string): PyFunction | undefined {
  if (!LIST_METHODS.has(name)) return undefined // most lookups are items, not methods: stay cheap
  const owner = isTuple(list) ? 'tuple' : 'list'
  switch (name) {
    case 'index':
      return method(name, owner, { value: REQUIRED, start: 0, stop: null }, (p) => indexOf(list, p))
    case 'count':
      return method(name, owner, { value: REQUIRED }, (p) => list.filter((item) => pyEquals(item, p.value)).length)
  }
  if (owner === 'tuple') return undefined
  const mutate = (spec: ParamSpec, run: (p: Bound) => unknown) =>
    method(name, owner, spec, (p) => {
      requireOwned(list, `list.${name}`)
      return run(p)
    })
  switch (name) {
    case 'copy':
      return method(name, owner, {}, () => markOwned([...list]))
    case 'append':
      return mutate({ object: REQUIRED }, none((p) => list.push(p.object)))
    case 'extend':
      return mutate({ iterable: REQUIRED }, none((p) => list.push(...pyList(p.iterable))))
    case 'insert':
      return mutate({ index: REQUIRED, object: REQUIRED }, none((p) => list.splice(insertAt(list, p.index), 0, p.object)))
    case 'pop':
      return mutate({ index: -1 }, (p) => popAt(list, p.index))
    case 'remove':
      return mutate({ value: REQUIRED }, none((p) => list.splice(indexOf(list, { value: p.value, start: 0, stop: null }), 1)))
    case 'clear':
      return mutate({}, none(() => list.splice(0)))
    case 'reverse':
      return mutate({}, none(() => list.reverse()))
    case 'sort':
      return mutate({ reverse: false }, none((p) => list.splice(0, list.length, ...sortValues(list, Boolean(p.reverse)))))
  }
  return undefined
}

function indexOf(list: unknown[], p: Bound): number {
  const stop = p.stop === null ? list.length : Number(p.stop)
  for (let i = Number(p.start); i < Math.min(stop, list.length); i++) if (pyEquals(list[i], p.value)) return i
  throw new TemplateError(`${pythonRepr(p.value)} is not in list`)
}

function insertAt(list: unknown[], index: unknown): number {
  const i = Number(index)
  return i < 0 ? Math.max(0, list.length + i) : Math.min(i, list.length)
}

function popAt(list: unknown[], index: unknown): unknown {
  if (list.length === 0) throw new TemplateError('pop from empty list')
  const i = Number(index) < 0 ? list.length + Number(index) : Number(index)
  if (i < 0 || i >= list.length) throw new TemplateError('pop index out of range')
  return list.splice(i, 1)[0]
}

/** The bound method `name` of a dict, or undefined. */
export function dictMethod(dict: Dict, name: string): PyFunction | undefined {
  if (!DICT_METHODS.has(name)) return undefined
  const read = (spec: ParamSpec, run: (p: Bound) => unknown) => method(name, 'dict', spec, run)
  const mutate = (spec: ParamSpec, run: (p: Bound) => unknown) =>
    method(name, 'dict', spec, (p) => {
      requireOwned(dict, `dict.${name}`)
      return run(p)
    })
  switch (name) {
    case 'items':
      return read({}, () => markOwned(mappingEntries(dict).map(([k, v]) => tuple(k, liftSlot(dict, String(k), v)))))
    case 'keys':
      return read({}, () => markOwned(mappingKeys(dict)))
    case 'values':
      return read({}, () => markOwned(mappingEntries(dict).map(([k, v]) => liftSlot(dict, String(k), v))))
    case 'get':
      return read({ key: REQUIRED, default: null }, (p) => (dictHas(dict, p.key) ? lookup(dict, p.key) : p.default))
    case 'copy':
      return read({}, () => markOwned(dict instanceof Map ? new Map(dict) : { ...dict }))
    case 'update':
      return mutate({ other: {} }, none((p) => updateDict(dict, p.other)))
    case 'pop':
      return mutate({ key: REQUIRED, default: REQUIRED_MISSING }, (p) => popKey(dict, p.key, p.default))
    case 'setdefault':
      return mutate({ key: REQUIRED, default: null }, (p) => {
        if (!dictHas(dict, p.key)) store(dict, p.key, p.default)
        return lookup(dict, p.key)
      })
    case 'clear':
      return mutate({}, none(() => mappingKeys(dict).forEach((key) => remove(dict, key))))
  }
  return undefined
}

const REQUIRED_MISSING = Symbol('no default')

/** Asks for the key directly: a dict may be a lazy variable object that must not be enumerated. */
function dictHas(dict: Dict, key: unknown): boolean {
  if (dict instanceof Map) return dict.has(key)
  const name = numericKeyText(key)
  return name !== undefined && hasKey(dict, name)
}

function lookup(dict: Dict, key: unknown): unknown {
  if (dict instanceof Map) return dict.get(key)
  const name = keyName(key)
  return liftSlot(dict, name, dict[name])
}

/** The property a key names, as setKey() names it: digits for a number (1 and 1.0 alike), 'True' for True. */
function keyName(key: unknown): string {
  return numericKeyText(key) ?? pythonRepr(key)
}

function store(dict: Dict, key: unknown, value: unknown): void {
  if (dict instanceof Map) dict.set(key, value)
  else Object.defineProperty(dict, keyName(key), { value, writable: true, enumerable: true, configurable: true })
}

function remove(dict: Dict, key: unknown): void {
  if (dict instanceof Map) dict.delete(key)
  else delete dict[keyName(key)]
}

function updateDict(dict: Dict, other: unknown): void {
  if (isMapping(other)) for (const [k, v] of mappingEntries(other)) store(dict, k, v)
  else for (const pair of pyList(other)) store(dict, (pair as unknown[])[0], (pair as unknown[])[1])
}

function popKey(dict: Dict, key: unknown, dflt: unknown): unknown {
  if (dictHas(dict, key)) {
    const value = lookup(dict, key)
    remove(dict, key)
    return value
  }
  if (dflt !== REQUIRED_MISSING) return dflt
  throw new TemplateError(pythonRepr(key))
}
