// Where values cross into and out of the template engine, integral floats change form.
//
// Inside, a float such as 1.0 is a PyFloat (filters/python-float.ts), so operators,
// filters and printing can tell it from the int 1. Outside, the executor and modules see
// plain JSON-like data and must not need to know about PyFloat (a module checking
// `typeof port === 'number'`, ajv's type: number), so a float there is a plain number
// whose float-ness is marked beside its list or dict (engine/load/float-marks.ts).
//   lift:  outside → inside, for variables read by name, items read from variables and
//          lookup results; only data that holds marks is copied (once, then cached).
//   lower: inside → outside, for what Templar.template() and evaluate() return.
// A float standing alone (not in a list or dict) leaves as a plain number: nothing can
// carry the mark. Playbook values mostly leave as text anyway: in ansible-core 2.14 a
// value that is one expression is rendered to text and read back only when it looks like
// a list, dict or bool, so "{{ 5.0 }}" is the string "5.0" and "{{ [1.0] }}" a list.
import { holdsFloats, isFloatSlot, markFloat, noteChild } from '../load/float-marks.js'
import { PyFloat } from './filters/python-float.js'
import { isTuple, setItem, tuple } from './filters/python-types.js'

/**
 * Lifted copies by the data they copy, so each is made once and keeps its identity
 * (marked data is not changed in place: see float-marks.ts).
 */
const liftedCopies = new WeakMap<object, object>()
const liftedFrom = new WeakMap<object, object>()

/** The engine's view of `container[key]`, which holds `value`. */
export function liftSlot(container: unknown, key: string | number, value: unknown): unknown {
  if (typeof value === 'number') return isFloatSlot(container, key, value) ? new PyFloat(value) : value
  return lift(value)
}

/** The engine's view of data from outside: marked floats become PyFloats. */
export function lift(value: unknown): unknown {
  if (!holdsFloats(value)) return value
  const data = value as object
  const cached = liftedCopies.get(data)
  if (cached) return cached
  if (Array.isArray(data)) {
    const copy: unknown[] = isTuple(data) ? tuple() : []
    remember(data, copy) // before the items: data may contain itself
    data.forEach((item, i) => copy.push(liftSlot(data, i, item)))
    return copy
  }
  if (!isPlainData(data)) return data
  const copy: Record<string, unknown> = {}
  remember(data, copy)
  for (const [key, item] of Object.entries(data)) setItem(copy, key, liftSlot(data, key, item))
  return copy
}

function remember(data: object, copy: object): void {
  liftedCopies.set(data, copy)
  liftedFrom.set(copy, data)
}

/** Data safe to walk: arrays and ordinary objects, never a lazy variables proxy (null prototype). */
function isPlainData(value: object): boolean {
  return Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype
}

/**
 * The outside view of an engine value: PyFloats become plain numbers, marked in their
 * list or dict. Data without PyFloats is returned as it is; a container is copied only
 * when something in it changes.
 */
export function lower(value: unknown): unknown {
  return lowerValue(value, new Set())
}

/** `active`: the containers being lowered, outermost first, to stop at a cycle. */
function lowerValue(value: unknown, active: Set<object>): unknown {
  if (value instanceof PyFloat) return value.value
  if (typeof value !== 'object' || value === null) return value
  const original = liftedFrom.get(value)
  if (original) return original
  if (value instanceof Set) return lowerSet(value)
  if (!isPlainData(value)) return value
  if (active.has(value)) return value // a cycle (a list appended to itself): left as it is
  active.add(value)
  try {
    return Array.isArray(value) ? lowerList(value, active) : lowerDict(value as Record<string, unknown>, active)
  } finally {
    active.delete(value)
  }
}

function lowerList(list: unknown[], active: Set<object>): unknown[] {
  const items = list.map((item) => lowerValue(item, active))
  if (items.every((item, i) => item === list[i])) {
    items.forEach((item) => noteChild(list, item))
    return list
  }
  const out = isTuple(list) ? tuple(...items) : items
  list.forEach((item, i) => keepFloat(out, i, item, items[i]))
  return out
}

function lowerDict(dict: Record<string, unknown>, active: Set<object>): Record<string, unknown> {
  const entries = Object.entries(dict).map(([key, item]) => [key, item, lowerValue(item, active)] as const)
  if (entries.every(([, item, lowered]) => item === lowered)) {
    entries.forEach(([, , lowered]) => noteChild(dict, lowered))
    return dict
  }
  const out: Record<string, unknown> = {}
  for (const [key, item, lowered] of entries) {
    setItem(out, key, lowered)
    keepFloat(out, key, item, lowered)
  }
  return out
}

/** A set's items have no key to mark: its floats become plain numbers (sets hold scalars and tuples). */
function lowerSet(set: Set<unknown>): Set<unknown> {
  const items = [...set]
  const lowered = items.map((item) => lower(item))
  return lowered.every((item, i) => item === items[i]) ? set : new Set(lowered)
}

/**
 * `out[key]` now holds `lowered`, the outside form of `item`: mark it when `item` was a
 * PyFloat, and note a float-holding child.
 */
function keepFloat(out: object, key: string | number, item: unknown, lowered: unknown): void {
  if (item instanceof PyFloat) markFloat(out, key, item.value)
  else noteChild(out, lowered)
}

/** `to[key]` holds a copy of `from[key]` (a playbook value rebuilt by the templar): keep its mark. */
export function carryFloatMark(from: object, to: object, key: string | number, original: unknown, copy: unknown): void {
  if (original instanceof PyFloat || isFloatSlot(from, key, original)) {
    if (typeof copy === 'number') markFloat(to, key, copy)
  }
  noteChild(to, copy)
}
