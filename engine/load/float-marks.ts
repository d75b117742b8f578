// Which numbers of plain data are Python floats with an integral value.
//
// YAML's `ratio: 1.0` and a template's [1.0, 2] hold floats, which Ansible prints as
// "1.0"; a JS number 1 cannot say so, and modules and the executor must keep receiving
// plain numbers. So, like source positions (position.ts), the float-ness is kept beside
// the data: per list or dict, the keys (or indexes) whose number is a float. The YAML
// loader writes these marks, the template engine reads them when data comes in and
// writes them when its results go out (engine/template/float-boundary.ts). A mark names
// the number it was made for, so a slot that later holds another number is not a float.
//
// A layer that copies values from one object into another (variable precedence, loop
// items) keeps a float a float by copying its mark with copyFloatMark(). Marked data is
// treated as immutable, as loaded playbook data is: the template engine keeps one copy of
// it in its own form, so change a marked list or dict by building a new one.

const marks = new WeakMap<object, Map<string, number>>()
/** Containers with a mark in themselves or in a list or dict below them. */
const holders = new WeakSet<object>()
/** Objects (such as a lazy variables proxy) that answer with other objects' keys. */
const aliases = new WeakMap<object, object[]>()

/** Record that `container[key]` holds the float `value` (only integral values need it). */
export function markFloat(container: object, key: string | number, value: number): void {
  if (!Number.isSafeInteger(value)) return // 2.5 or 1e300 cannot be mistaken for an int
  let slots = marks.get(container)
  if (!slots) marks.set(container, (slots = new Map()))
  slots.set(String(key), value)
  holders.add(container)
}

/** Is `value`, read from `container[key]`, a float? */
export function isFloatSlot(container: unknown, key: string | number, value: unknown): boolean {
  if (typeof value !== 'number' || container === null || typeof container !== 'object') return false
  const targets = aliases.get(container)
  if (targets) return targets.some((target) => isFloatSlot(target, key, value))
  const marked = marks.get(container)?.get(String(key))
  return marked !== undefined && Object.is(marked, value)
}

/** Record that `container` holds `child`, so a float below it is found from the top. */
export function noteChild(container: object, child: unknown): void {
  if (holdsFloats(child)) holders.add(container)
}

/** Does this list or dict hold a float, at any depth? Unmarked data is never copied to look. */
export function holdsFloats(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false
  return holders.has(value) || (aliases.get(value)?.some(holdsFloats) ?? false)
}

/** `to[toKey] = from[fromKey]` was done: carry the mark over (or clear a stale one). */
export function copyFloatMark(from: object, fromKey: string | number, to: object, toKey: string | number): void {
  const value = (from as Record<string, unknown>)[String(fromKey)]
  if (isFloatSlot(from, fromKey, value)) markFloat(to, toKey, value as number)
  else marks.get(to)?.delete(String(toKey))
  noteChild(to, value)
}

/**
 * Let `alias` (a proxy that reads its values from `targets`) answer with their marks. A
 * mark only holds for the number it was made for, so a target whose key another target
 * shadows with a different number cannot make that number a float.
 */
export function aliasFloatMarks(alias: object, ...targets: object[]): void {
  aliases.set(alias, targets)
}
