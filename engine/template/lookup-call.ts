// lookup() / query() / q() as Ansible runs them: the terms are templated first, the
// plugin returns a list, `lookup` joins a list of strings with "," unless wantlist=True,
// and errors='strict' | 'warn' | 'ignore' decides what a failing plugin does.
import { closest } from 'fastest-levenshtein'
import { TemplateError } from '../errors.js'
import { isString } from './filters/python-types.js'
import { markOwned } from './collection-methods.js'
import { liftSlot, lower } from './float-boundary.js'
import type { Kwargs, LookupContext, LookupFn } from './types.js'
import { UndefinedError } from './undefined.js'

export interface LookupCall {
  lookups: Record<string, LookupFn>
  context: LookupContext
  /** Ansible templates the terms (again) before the plugin sees them. */
  templateTerms(terms: unknown[]): unknown[]
  warn(message: string): void
}

export function runLookup(call: LookupCall, args: unknown[], kwargs: Kwargs, forceList: boolean): unknown {
  if (args.length === 0) throw new TemplateError('lookup() needs the name of a lookup plugin')
  const [nameArg, ...rawTerms] = args
  const name = String(nameArg)
  const options = { ...kwargs }
  const wantlist = Boolean(take(options, 'wantlist', false)) || forceList
  const errors = String(take(options, 'errors', 'strict'))
  take(options, 'allow_unsafe', false)
  const plugin = findPlugin(call.lookups, name)
  let ran: unknown[]
  try {
    // Plugins see plain data, as the executor's with_<lookup> gives them, and what they
    // return (perhaps read from variables) comes into the engine like a variable does.
    const found = plugin(call.templateTerms(rawTerms), lower(options) as Kwargs, call.context)
    ran = found.map((item, i) => liftSlot(found, i, item))
  } catch (err) {
    if (err instanceof UndefinedError || errors === 'strict') throw describeFailure(err, name)
    if (errors === 'warn') call.warn(`Lookup failed but the error is being ignored: ${messageOf(err)}`)
    return wantlist ? markOwned([]) : null
  }
  if (wantlist) return markOwned(ran)
  if (ran.length === 0) return markOwned(ran)
  if (ran.every(isString)) return ran.join(',')
  return ran.length === 1 ? ran[0] : markOwned(ran)
}

function take(options: Kwargs, key: string, fallback: unknown): unknown {
  if (!(key in options)) return fallback
  const value = options[key]
  delete options[key]
  return value
}

function findPlugin(lookups: Record<string, LookupFn>, name: string): LookupFn {
  const short = name.startsWith('ansible.builtin.') ? name.slice('ansible.builtin.'.length) : name
  for (const key of [name, short]) if (Object.prototype.hasOwnProperty.call(lookups, key)) return lookups[key]
  const names = Object.keys(lookups)
  throw new TemplateError(`lookup plugin (${name}) not found`, { hint: names.length ? `did you mean '${closest(short, names)}'?` : undefined })
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function describeFailure(err: unknown, name: string): unknown {
  if (err instanceof UndefinedError) return err
  return new TemplateError(`An unhandled exception occurred while running the lookup plugin '${name}'. Error was: ${messageOf(err)}`, { cause: err })
}
