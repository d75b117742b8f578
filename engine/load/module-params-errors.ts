// ajv's findings about module arguments turned into Ansible's sentences. Module schemas
// express Ansible's argument-spec rules in JSON schema, and each form maps to Ansible's
// message for that rule:
//   mutually_exclusive  not: { required: [a, b] }                  "parameters are mutually exclusive: a|b"
//   required_one_of     anyOf: [{ required: [a] }, { required: [b] }]  "one of the following is required: a, b"
//   exactly one of      oneOf: [{ required: [a] }, { required: [b] }]  either message above
//   required_by         dependencies: { a: [b] }                    "missing parameter(s) required by 'a': b"
//   required_if         if: { properties: { state: { const: present } }, required: [state] },
//                       then: { required: [path] }                  "state is present but all of the following are missing: path"
import type { ErrorObject } from 'ajv'
import { pythonStr } from '../output/pyrepr.js'
import { describeValue } from './describe-value.js'
import { suggestionSuffix } from './did-you-mean.js'
import { schemaTypes } from './module-params-coerce.js'

type Schema = Record<string, unknown>

/** Error kinds in the order Ansible checks them, so the first message is the one Ansible shows. */
const RANK: Record<string, number> = { not: 0, oneOf: 0, required: 1, anyOf: 1, dependencies: 2, if: 2, type: 3, enum: 4, const: 4 }

/** Combinators whose own error speaks for the errors found inside them. */
const COMBINATOR = /\/(?:anyOf|oneOf|not|if|then|else)(?:\/|$)/

/** "disks.0.size" for `/disks/0/size`. */
function dotted(instancePath: string): string {
  return instancePath.split('/').slice(1).join('.')
}

/** " found in disks -> 0" for nested arguments, as Ansible names their context. */
function context(instancePath: string): string {
  const parts = instancePath.split('/').slice(1)
  return parts.length ? ` found in ${parts.join(' -> ')}` : ''
}

function valueAt(data: unknown, instancePath: string): unknown {
  let current = data
  for (const part of instancePath.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

/** Names of a `required`-only branch list ([{required:[a]},{required:[b,c]}]) or undefined. */
function requiredBranches(branches: unknown): string[][] | undefined {
  if (!Array.isArray(branches)) return undefined
  const names = branches.map((b: Schema) => (Object.keys(b).length === 1 && Array.isArray(b.required) ? (b.required as string[]) : undefined))
  return names.every((n) => n !== undefined) ? (names as string[][]) : undefined
}

function present(data: unknown, names: string[]): string[] {
  return names.filter((n) => data !== null && typeof data === 'object' && n in (data as object))
}

function describeCondition(ifSchema: Schema): string {
  const properties = (ifSchema.properties ?? {}) as Record<string, Schema>
  const parts = Object.entries(properties).map(([name, s]) => {
    const value = 'const' in s ? s.const : Array.isArray(s.enum) ? s.enum.map(pythonStr).join(' or ') : '(matching)'
    return `${name} is ${pythonStr(value)}`
  })
  return parts.join(' and ') || 'the condition holds'
}

function messageFor(error: ErrorObject, data: unknown, moduleName: string): string {
  const path = error.instancePath
  const here = valueAt(data, path)
  const name = dotted(path)
  const parent = (error.parentSchema ?? {}) as Schema
  switch (error.keyword) {
    case 'required':
      return `missing required arguments: ${String(error.params.missingProperty)}${context(path)}`
    case 'not': {
      const names = (parent.not as Schema | undefined)?.required
      return Array.isArray(names)
        ? `parameters are mutually exclusive: ${names.join('|')}${context(path)}`
        : `the arguments of ${moduleName} are not a valid combination${context(path)}`
    }
    case 'anyOf':
    case 'oneOf': {
      const groups = requiredBranches(parent[error.keyword])
      if (groups) {
        const given = present(here, groups.flat())
        if (error.keyword === 'oneOf' && given.length > 1) return `parameters are mutually exclusive: ${given.join('|')}${context(path)}`
        return `one of the following is required: ${groups.flat().join(', ')}${context(path)}`
      }
      const types = schemaTypes(parent)
      const expected = types ? ` (expected ${types.join(' or ')})` : ''
      return `argument '${name}' has an invalid value${expected}: got ${describeValue(here)}`
    }
    case 'dependencies':
      return `missing parameter(s) required by '${String(error.params.property)}': ${String(error.params.deps)}${context(path)}`
    case 'if': {
      const branch = (parent[String(error.params.failingKeyword)] ?? {}) as Schema
      const needed = Array.isArray(branch.required) ? (branch.required as string[]) : []
      const missing = needed.filter((n) => !present(here, [n]).length)
      return `${describeCondition((parent.if ?? {}) as Schema)} but all of the following are missing: ${missing.join(', ')}${context(path)}`
    }
    case 'enum':
    case 'const': {
      const allowed = (error.keyword === 'enum' ? (error.params.allowedValues as unknown[]) : [error.params.allowedValue]).map(pythonStr)
      const suggestion = typeof here === 'string' ? suggestionSuffix(here, allowed) : ''
      return `value of ${name} must be one of: ${allowed.join(', ')}, got: ${pythonStr(here)}${suggestion}`
    }
    case 'additionalProperties': {
      const extra = String(error.params.additionalProperty)
      const known = Object.keys((parent.properties ?? {}) as object)
      return `unknown parameter '${extra}' in '${name}' for ${moduleName}${suggestionSuffix(extra, known)}`
    }
    case 'type':
      return `argument '${name}' is of type ${describeValue(here)} but must be ${String(error.params.type)}`
    default:
      return `argument '${name || moduleName}' ${error.message ?? 'is not valid'}, got ${describeValue(here)}`
  }
}

/** Problems found before validation (failed type conversions), ranked among the schema's. */
export interface ConversionProblems {
  messages: readonly string[]
  /** Dotted paths of the arguments concerned: ajv's own errors about them are left out. */
  paths: ReadonlySet<string>
}

/** One sentence per distinct problem, in the order Ansible checks them; `data` is the validated arguments. */
export function schemaErrorMessages(
  errors: readonly ErrorObject[],
  data: unknown,
  moduleName: string,
  conversions: ConversionProblems = { messages: [], paths: new Set() },
): string[] {
  const relevant = errors.filter((e) => {
    const container = e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'))
    return !COMBINATOR.test(container) && !conversions.paths.has(dotted(e.instancePath))
  })
  const ranked = [
    ...relevant.map((e) => ({ rank: RANK[e.keyword] ?? 5, message: messageFor(e, data, moduleName) })),
    ...conversions.messages.map((message) => ({ rank: RANK.type!, message })),
  ].sort((a, b) => a.rank - b.rank)
  return mergeMissing([...new Set(ranked.map((r) => r.message))])
}

/** Ansible lists all missing arguments in one message: "missing required arguments: a, b". */
function mergeMissing(messages: string[]): string[] {
  const prefix = 'missing required arguments: '
  const missing = messages.filter((m) => m.startsWith(prefix) && !m.includes(' found in '))
  if (missing.length < 2) return messages
  const names = missing.map((m) => m.slice(prefix.length)).sort()
  const merged = `${prefix}${names.join(', ')}`
  const first = messages.indexOf(missing[0]!)
  const rest = messages.filter((m) => !missing.includes(m))
  rest.splice(first, 0, merged)
  return rest
}
