// Lookups that read variables: env (the controller's environment) and vars.
import { TemplateError } from '../../errors.js'
import { isUndefined } from '../undefined.js'
import type { LookupFn } from '../types.js'
import { isMapping, mappingGet, mappingHas } from '../filters/python-types.js'
import { lookupOptions, termText } from './options.js'

const env: LookupFn = (terms, kwargs) => {
  const { default: fallback } = lookupOptions('env', kwargs, { default: '' as unknown })
  return terms.map((term) => {
    const name = termText('env', term).trim().split(/\s+/)[0]
    const value = process.env[name]
    if (value !== undefined) return value
    if (isUndefined(fallback)) throw new TemplateError(`The "env" lookup, found an undefined variable: ${name}`)
    return fallback
  })
}

/** A variable by name from a (lazy, possibly prototype-chained) vars object. */
function readVar(vars: Record<string, unknown>, name: string): { found: boolean; value?: unknown } {
  if (!(name in vars)) return { found: false }
  const value = vars[name]
  const inherited = name in Object.prototype && value === (Object.prototype as Record<string, unknown>)[name]
  if (inherited || isUndefined(value)) return { found: false }
  return { found: true, value }
}

const vars: LookupFn = (terms, kwargs, ctx) => {
  const { default: fallback } = lookupOptions('vars', kwargs, { default: undefined as unknown })
  return terms.map((term) => {
    if (typeof term !== 'string') throw new TemplateError(`Invalid setting identifier, "${String(term)}" is not a string, its a ${typeof term}`)
    const direct = readVar(ctx.vars, term)
    if (direct.found) return direct.value
    const host = readVar(ctx.vars, 'inventory_hostname')
    const hostvars = readVar(ctx.vars, 'hostvars')
    if (host.found && hostvars.found && isMapping(hostvars.value)) {
      const own = mappingGet(hostvars.value, host.value)
      if (isMapping(own) && mappingHas(own, term)) return mappingGet(own, term)
    }
    if (fallback !== undefined && fallback !== null) return fallback
    throw new TemplateError(`No variable found with this name: ${term}`)
  })
}

export const variableLookups: Record<string, LookupFn> = { env, vars }
