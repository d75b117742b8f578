// Jinja2's global functions: range(), dict(), namespace(), cycler(), joiner(). Ansible's
// own (lookup, query, q, now, undef) need the render context and live in templar.ts.
import { TemplateError } from '../errors.js'
import { pythonRepr } from './filters/python-repr.js'
import { isInt } from './filters/python-float.js'
import { isMapping, mappingEntries, numericKeyText, pyList, typeName } from './filters/python-types.js'
import { MISSING, PyFunction, type PyObject } from './callable.js'
import { markOwned } from './collection-methods.js'
import type { Kwargs } from './types.js'
import { isUndefined } from './undefined.js'

/** More items than any sensible template loops over; Python's lazy range has no such bound. */
const MAX_RANGE = 10_000_000

function intArgument(value: unknown): number {
  if (isUndefined(value)) throw value.error()
  if (typeof value === 'boolean') return Number(value)
  if (typeof value === 'number' && isInt(value)) return value
  throw new TemplateError(`'${typeName(value)}' object cannot be interpreted as an integer`)
}

/** range(stop) / range(start, stop[, step]) as a list. */
export function pyRange(args: unknown[]): number[] {
  if (args.length < 1 || args.length > 3) throw new TemplateError(`range expected 1 to 3 arguments, got ${args.length}`)
  const [start, stop, step] = args.length === 1 ? [0, intArgument(args[0]), 1] : [intArgument(args[0]), intArgument(args[1]), args.length === 3 ? intArgument(args[2]) : 1]
  if (step === 0) throw new TemplateError('range() arg 3 must not be zero')
  const count = Math.max(0, Math.ceil((stop - start) / step))
  if (count > MAX_RANGE) throw new TemplateError(`range() of ${count} items is too large to render`)
  return markOwned(Array.from({ length: count }, (_, i) => start + i * step))
}

/** dict(mapping_or_pairs, **kwargs) */
export function pyDict(args: unknown[], kwargs: Kwargs): Record<string, unknown> {
  if (args.length > 1) throw new TemplateError(`dict expected at most 1 argument, got ${args.length}`)
  const out: Record<string, unknown> = {}
  if (args.length === 1) {
    const source = args[0]
    const pairs = isMapping(source) ? mappingEntries(source) : pyList(source).map(toPair)
    for (const [k, v] of pairs) setKey(out, k, v)
  }
  for (const [k, v] of Object.entries(kwargs)) setKey(out, k, v)
  return markOwned(out)
}

function toPair(item: unknown, index: number): [unknown, unknown] {
  const pair = pyList(item)
  if (pair.length !== 2) {
    throw new TemplateError(`dictionary update sequence element #${index} has length ${pair.length}; 2 is required`)
  }
  return [pair[0], pair[1]]
}

/** Set a key on a plain object, even one named __proto__. Python keys become their text (1 and 1.0 the same). */
export function setKey(obj: Record<string, unknown>, key: unknown, value: unknown): void {
  const name = numericKeyText(key) ?? pythonRepr(key)
  Object.defineProperty(obj, name, { value, writable: true, enumerable: true, configurable: true })
}

/** Jinja2's namespace(): attributes that {% set ns.attr = … %} may change from inside loops. */
export class Namespace implements PyObject {
  readonly pyTypeName = 'Namespace'
  readonly attrs: Record<string, unknown>

  constructor(args: unknown[], kwargs: Kwargs) {
    this.attrs = pyDict(args, kwargs)
  }

  pyGetAttr(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.attrs, name) ? this.attrs[name] : MISSING
  }

  set(name: string, value: unknown): void {
    setKey(this.attrs, name, value)
  }

  __repr__(): string {
    return `<Namespace ${pythonRepr(this.attrs)}>`
  }
}

/** Jinja2's cycler(a, b, …): .next(), .reset(), .current. */
class Cycler implements PyObject {
  readonly pyTypeName = 'Cycler'
  private position = 0

  constructor(private readonly items: unknown[]) {
    if (items.length === 0) throw new TemplateError('at least one item has to be provided')
  }

  pyGetAttr(name: string): unknown {
    if (name === 'current') return this.items[this.position]
    if (name === 'next') return new PyFunction('next', () => this.advance(), 'Cycler')
    if (name === 'reset') return new PyFunction('reset', () => ((this.position = 0), null), 'Cycler')
    return MISSING
  }

  private advance(): unknown {
    const item = this.items[this.position]
    this.position = (this.position + 1) % this.items.length
    return item
  }

  __repr__(): string {
    return '<Cycler>'
  }
}

/** Jinja2's joiner(sep): '' the first time it is called, `sep` afterwards. */
function joiner(sep: unknown): PyFunction {
  let used = false
  return new PyFunction('joiner', () => {
    if (!used) {
      used = true
      return ''
    }
    return sep
  })
}

/** The globals every template sees (Ansible's are added by the Templar). */
export function jinjaGlobals(): Record<string, unknown> {
  return {
    range: new PyFunction('range', (args, kwargs) => {
      if (Object.keys(kwargs).length) throw new TemplateError('range() takes no keyword arguments')
      return pyRange(args)
    }),
    dict: new PyFunction('dict', pyDict),
    namespace: new PyFunction('namespace', (args, kwargs) => new Namespace(args, kwargs)),
    cycler: new PyFunction('cycler', (args) => new Cycler(args)),
    joiner: new PyFunction('joiner', (args, kwargs) => joiner(args[0] ?? kwargs.sep ?? ', ')),
    lipsum: new PyFunction('lipsum', () => {
      throw new TemplateError('lipsum() is not supported')
    }),
  }
}
