// What a template can call and what has Python attributes: functions (globals such as
// range, bound methods such as 'a,b'.split), and objects like `loop` or a namespace.
import { TemplateError } from '../errors.js'
import type { PyPrintable } from './filters/python-types.js'
import { typeName } from './filters/python-types.js'
import type { Kwargs } from './types.js'
import { isUndefined } from './undefined.js'

/** Returned by attribute hooks when the object has no such attribute. */
export const MISSING: unique symbol = Symbol('missing')

/** An object with Python attributes of its own (loop, namespace, cycler, datetime…). */
export interface PyObject extends PyPrintable {
  readonly pyTypeName: string
  /** The attribute's value, or MISSING. */
  pyGetAttr(name: string): unknown
  /** Present when the object itself is callable (a macro, a recursive loop). */
  pyCall?(args: unknown[], kwargs: Kwargs): unknown
}

export function isPyObject(value: unknown): value is PyObject {
  return typeof value === 'object' && value !== null && typeof (value as PyObject).pyGetAttr === 'function'
}

export type CallFn = (args: unknown[], kwargs: Kwargs) => unknown

/** A function as templates see it: Python's calling convention with keyword arguments. */
export class PyFunction implements PyPrintable {
  readonly pyTypeName = 'builtin_function_or_method'

  /** `owner` is the type a bound method belongs to ('str' for 'a'.upper). */
  constructor(readonly name: string, readonly fn: CallFn, readonly owner?: string) {}

  __repr__(): string {
    return this.owner ? `<built-in method ${this.name} of ${this.owner} object>` : `<function ${this.name}>`
  }
}

/** Call `fn` as Jinja2 would; `what` is the callee as written, for errors. */
export function callValue(fn: unknown, args: unknown[], kwargs: Kwargs, what: string): unknown {
  if (isUndefined(fn)) throw fn.error()
  if (fn instanceof PyFunction) return fn.fn(args, kwargs)
  if (isPyObject(fn) && fn.pyCall) return fn.pyCall(args, kwargs)
  if (typeof fn === 'function') {
    if (Object.keys(kwargs).length > 0) throw new TemplateError(`${what}() takes no keyword arguments`)
    return (fn as (...a: unknown[]) => unknown)(...args)
  }
  throw new TemplateError(`'${typeName(fn)}' object is not callable`)
}
