// A module's arguments checked against its parameter schema just before it runs (after
// templating): aliases, free-form text, Ansible's type conversions, defaults, unknown
// and missing parameters, and cross-parameter rules — reported with Ansible's wording.
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { TsplayError, type SourcePos } from '../errors.js'
import type { ModuleDefinition } from '../module.js'
import { assignKey } from './assign-key.js'
import { describeValue } from './describe-value.js'
import { suggestionSuffix } from './did-you-mean.js'
import { ArgumentCoercer } from './module-params-coerce.js'
import { schemaErrorMessages } from './module-params-errors.js'

type Schema = Record<string, unknown>

/** A module called with arguments it does not accept; the message is the task's failure `msg`. */
export class ModuleArgsError extends TsplayError {
  constructor(
    message: string,
    readonly errors: string[],
    opts: { pos?: SourcePos; hint?: string } = {},
  ) {
    super(message, opts)
    this.name = 'ModuleArgsError'
  }
}

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv
// Strict, to catch typos in module schemas — but `required` inside not/anyOf/if is how
// modules state cross-parameter rules, so those need not repeat the properties.
const ajv = addFormats(
  new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true }),
)
const validators = new WeakMap<object, ValidateFunction>()

/** The compiled validator of a module's schema (compiled once). Throws if the schema is invalid. */
export function compileModuleSchema(def: ModuleDefinition): ValidateFunction {
  let validate = validators.get(def.params)
  if (!validate) {
    try {
      validate = ajv.compile(def.params)
    } catch (err) {
      throw new TsplayError(`the parameter schema of module '${def.name}' is invalid: ${(err as Error).message}`, { cause: err })
    }
    validators.set(def.params, validate)
  }
  return validate
}

export interface ValidateParamsOptions {
  /** Non-fatal findings, e.g. "Both option path and its alias dest are set." */
  onWarning?: (message: string) => void
}

/**
 * Check and normalise `args` for `def`: returns a new object with aliases resolved,
 * values converted to the declared types and defaults filled in. Null values count as
 * not given. Throws ModuleArgsError (at `pos`) when the arguments are not acceptable.
 */
export function validateModuleParams(
  def: ModuleDefinition,
  args: Record<string, unknown>,
  pos?: SourcePos,
  opts: ValidateParamsOptions = {},
): Record<string, unknown> {
  const schema = def.params
  const properties = (schema.properties ?? {}) as Record<string, Schema>
  const fail = (errors: string[], hint?: string) => {
    throw new ModuleArgsError(errors[0]!, errors, { pos, hint })
  }
  let params = withoutNulls(mergeVariableParams(def, args, fail))
  params = freeFormToParam(def, params, fail)
  params = resolveAliases(def, params, opts.onWarning ?? (() => {}))
  const unknown = unknownParams(def, params, properties)
  if (unknown.length > 0) fail(unknown, `supported parameters: ${supportedNames(def, properties).join(', ')}`)
  const coercer = new ArgumentCoercer()
  params = withDefaults(coercer.coerceProperties(params, properties), properties)
  const validate = compileModuleSchema(def)
  const valid = validate(params)
  if (!valid || coercer.errors.length > 0) {
    const conversions = { messages: coercer.errors, paths: coercer.failedPaths }
    fail(schemaErrorMessages(valid ? [] : (validate.errors ?? []), params, def.name, conversions))
  }
  return params
}

/**
 * Top-level defaults filled in before validation, so rules that depend on a defaulted
 * value (`state` defaults to present, and present requires `path`) see it — as in Ansible.
 * ajv's useDefaults fills the nested ones.
 */
function withDefaults(args: Record<string, unknown>, properties: Record<string, Schema>): Record<string, unknown> {
  const out = { ...args }
  for (const [name, schema] of Object.entries(properties)) {
    if (out[name] === undefined && schema.default !== undefined) out[name] = structuredClone(schema.default)
  }
  return out
}

/** `debug: "{{ settings }}"` — the template's mapping, under any explicit arguments. */
function mergeVariableParams(def: ModuleDefinition, args: Record<string, unknown>, fail: (e: string[]) => never): Record<string, unknown> {
  if (!('_variable_params' in args)) return args
  const { _variable_params: variable, ...rest } = args
  if (variable === null || typeof variable !== 'object' || Array.isArray(variable)) {
    fail([`the arguments of ${def.name} must be a mapping, but the template gave ${describeValue(variable)}`])
  }
  return { ...(variable as Record<string, unknown>), ...rest }
}

function withoutNulls(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(args)) if (value !== null && value !== undefined) assignKey(out, key, value)
  return out
}

/** Free-form text (`_raw_params`) goes to the parameter the module names for it. */
function freeFormToParam(def: ModuleDefinition, args: Record<string, unknown>, fail: (e: string[]) => never): Record<string, unknown> {
  if (!('_raw_params' in args)) return args
  if (!def.freeForm) fail([`${def.name} does not take free-form arguments; write them as key=value pairs or as a mapping`])
  if (def.freeForm === '_raw_params') return args
  const { _raw_params: text, ...rest } = args
  if (rest[def.freeForm] !== undefined) {
    fail([`${def.name} got its '${def.freeForm}' both as free-form text and as a parameter; give it only once`])
  }
  return { ...rest, [def.freeForm]: text }
}

/** Aliases replaced by their parameter; when both are given the alias wins, as in Ansible. */
function resolveAliases(def: ModuleDefinition, args: Record<string, unknown>, warn: (m: string) => void): Record<string, unknown> {
  if (!def.aliases) return args
  const out = { ...args }
  for (const [param, aliases] of Object.entries(def.aliases)) {
    for (const alias of aliases) {
      if (!Object.hasOwn(out, alias)) continue
      if (Object.hasOwn(args, param)) warn(`Both option ${param} and its alias ${alias} are set.`)
      out[param] = out[alias]
      delete out[alias]
    }
  }
  return out
}

function supportedNames(def: ModuleDefinition, properties: Record<string, Schema>): string[] {
  const aliases = Object.values(def.aliases ?? {}).flat()
  return [...Object.keys(properties), ...aliases].filter((n) => !n.startsWith('_')).sort()
}

function unknownParams(def: ModuleDefinition, args: Record<string, unknown>, properties: Record<string, Schema>): string[] {
  if (def.params.additionalProperties !== false) return []
  const candidates = supportedNames(def, properties)
  return Object.keys(args)
    .filter((key) => !Object.hasOwn(properties, key))
    .map((key) => `unknown parameter '${key}' for ${def.name}${suggestionSuffix(key, candidates)}`)
}
