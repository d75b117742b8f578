// Binding a filter's positional and keyword arguments to its parameter names, the way
// Python binds a call: `join(', ', attribute='name')`, with clear errors for a typo'd
// keyword, a missing argument or one too many.
import { closest } from 'fastest-levenshtein'
import { TemplateError } from '../../errors.js'
import { isUndefined } from '../undefined.js'
import type { FilterFn, Kwargs, TestFn } from '../types.js'
import { isInt } from './python-float.js'
import { pythonRepr, pythonStr } from './python-repr.js'
import { isString, typeName } from './python-types.js'

/** Marks a parameter without a default: the caller must pass it. */
export const REQUIRED: unique symbol = Symbol('required')

/** Parameter names in order, each with its default (or REQUIRED). */
export type ParamSpec = Record<string, unknown>

export type BoundArgs = Record<string, unknown>

/** Match args/kwargs to `spec`; `what` names the callee in errors ("filter 'join'"). */
export function bindArgs(what: string, spec: ParamSpec, args: unknown[], kwargs: Kwargs): BoundArgs {
  const names = Object.keys(spec)
  if (args.length > names.length) {
    throw new TemplateError(`${what} takes at most ${names.length} argument(s) (${args.length} given)`)
  }
  const bound: BoundArgs = {}
  args.forEach((arg, i) => (bound[names[i]] = arg))
  for (const [key, value] of Object.entries(kwargs)) {
    if (!names.includes(key)) throw unexpectedKeyword(what, key, names)
    if (key in bound) throw new TemplateError(`${what} got multiple values for argument '${key}'`)
    bound[key] = value
  }
  for (const name of names) {
    if (name in bound) continue
    if (spec[name] === REQUIRED) throw new TemplateError(`${what} is missing its required argument '${name}'`)
    bound[name] = spec[name]
  }
  return bound
}

function unexpectedKeyword(what: string, key: string, names: string[]): TemplateError {
  const hint = names.length > 0 ? `did you mean '${closest(key, names)}'?` : undefined
  const accepted = names.length > 0 ? `; it accepts ${names.join(', ')}` : '; it accepts no keyword arguments'
  return new TemplateError(`${what} got an unexpected keyword argument '${key}'${accepted}`, { hint })
}

/** Define a filter with named parameters; `fn` receives the bound arguments. */
export function defineFilter(name: string, spec: ParamSpec, fn: (value: unknown, p: BoundArgs) => unknown): FilterFn {
  const what = `filter '${name}'`
  return (value, args, kwargs) => fn(value, bindArgs(what, spec, args, kwargs))
}

/** Define a test with named parameters. */
export function defineTest(name: string, spec: ParamSpec, fn: (value: unknown, p: BoundArgs) => boolean): TestFn {
  const what = `test '${name}'`
  return (value, args, kwargs) => fn(value, bindArgs(what, spec, args, kwargs))
}

/** A filter argument that must be an integer (bools count, as in Python). */
export function intArg(value: unknown, name: string): number {
  if (isUndefined(value)) throw value.error()
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number' && isInt(value)) return value
  if (typeof value === 'bigint') return Number(value)
  throw new TemplateError(`'${name}' must be an integer, got ${typeName(value)} ${pythonRepr(value)}`)
}

/** A filter argument used as text: Python's str() of it. */
export function strArg(value: unknown): string {
  return pythonStr(value)
}

/** A filter argument that must already be a string. */
export function stringArg(value: unknown, name: string): string {
  if (isUndefined(value)) throw value.error()
  if (!isString(value)) throw new TemplateError(`'${name}' must be a string, got ${typeName(value)} ${pythonRepr(value)}`)
  return String(value)
}

/** An optional argument: null/undefined (Python's None) stay undefined. */
export function optional<T>(value: unknown, convert: (v: unknown) => T): T | undefined {
  return value === null || value === undefined ? undefined : convert(value)
}
