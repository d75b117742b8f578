// Module arguments converted to the types their schema declares, the way Ansible's
// argument spec converts them before a module runs: "yes" → true for booleans, "8" → 8
// for integers, "a,b" → ["a", "b"] for lists, 5 → "5" for strings, "k=v k2=v2" → a
// mapping. Values that cannot be converted are reported with Ansible's wording.
import { pythonStr } from '../output/pyrepr.js'
import { assignKey } from './assign-key.js'
import { pythonTypeName } from './describe-value.js'

type Schema = Record<string, unknown>
type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null'

const TRUE_WORDS = new Set(['y', 'yes', 'on', '1', 'true', 't'])
const FALSE_WORDS = new Set(['n', 'no', 'off', '0', 'false', 'f'])

/** Ansible's names for the schema types, as its messages show them. */
const ANSIBLE_TYPE: Record<JsonType, string> = {
  string: 'str', integer: 'int', number: 'float', boolean: 'bool', array: 'list', object: 'dict', null: 'None',
}

/** The types a schema admits: its `type`, or the union of its anyOf/oneOf branches; undefined = anything. */
export function schemaTypes(schema: Schema): JsonType[] | undefined {
  if (typeof schema.type === 'string') return [schema.type as JsonType]
  if (Array.isArray(schema.type)) return schema.type as JsonType[]
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined
  if (!branches) return undefined
  const types = branches.map(schemaTypes)
  if (types.some((t) => t === undefined)) return undefined
  return [...new Set(types.flat() as JsonType[])]
}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string'
    case 'integer': return Number.isInteger(value)
    case 'number': return typeof value === 'number'
    case 'boolean': return typeof value === 'boolean'
    case 'array': return Array.isArray(value)
    case 'object': return value !== null && typeof value === 'object' && !Array.isArray(value)
    case 'null': return value === null
  }
}

class Unconvertible extends Error {}

function toBoolean(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number') {
    const word = String(value).trim().toLowerCase()
    if (TRUE_WORDS.has(word)) return true
    if (FALSE_WORDS.has(word)) return false
    throw new Unconvertible(
      `The value '${String(value)}' is not a valid boolean. Valid booleans include: ` +
        "'y', 'yes', 'on', '1', 'true', 't', 'n', 'no', 'off', '0', 'false', 'f'",
    )
  }
  throw new Unconvertible(`${pythonTypeName(value)} cannot be converted to a bool`)
}

function toInteger(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0 // a bool is an int in Python
  if (typeof value === 'string' && /^\s*[-+]?[0-9]+(?:_[0-9]+)*\s*$/.test(value)) return parseInt(value.replaceAll('_', ''), 10)
  if (typeof value === 'string') throw new Unconvertible(`invalid literal for int() with base 10: '${value}'`)
  throw new Unconvertible(`${pythonTypeName(value)} cannot be converted to an int`)
}

function toNumber(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase()
    if (/^[-+]?(?:inf|infinity)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity
    if (/^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[-+]?[0-9]+)?$/.test(text)) return Number(text)
    throw new Unconvertible(`could not convert string to float: '${value}'`)
  }
  throw new Unconvertible(`${pythonTypeName(value)} cannot be converted to a float`)
}

function toText(value: unknown): string {
  // Containers are not flattened into text: that is nearly always a mistake in the playbook.
  if (typeof value === 'number' || typeof value === 'boolean') return pythonStr(value)
  throw new Unconvertible(`${pythonTypeName(value)} cannot be converted to a str`)
}

function toList(value: unknown): unknown[] {
  if (typeof value === 'string') return value.split(',')
  if (typeof value === 'number') return [pythonStr(value)]
  throw new Unconvertible(`${pythonTypeName(value)} cannot be converted to a list`)
}

/** `k1=v1, k2="v 2"` or a JSON object → a mapping, as Ansible's check_type_dict. */
function toMapping(value: unknown): Record<string, unknown> {
  if (typeof value !== 'string') throw new Unconvertible(`${pythonTypeName(value)} cannot be converted to a dict`)
  if (value.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(value)
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
    } catch {
      // reported below
    }
    throw new Unconvertible('unable to evaluate string as dictionary')
  }
  if (!value.includes('=')) throw new Unconvertible('dictionary requested, could not parse JSON or key=value')
  const out: Record<string, unknown> = {}
  for (const field of splitFields(value.trim())) {
    const at = field.indexOf('=')
    if (at === -1) throw new Unconvertible('dictionary requested, could not parse JSON or key=value')
    assignKey(out, field.slice(0, at), field.slice(at + 1))
  }
  return out
}

/** Fields separated by commas or spaces; quotes group, a backslash escapes the next character. */
function splitFields(text: string): string[] {
  const fields: string[] = []
  let current = ''
  let quote: string | undefined
  let escaped = false
  for (const c of text) {
    if (escaped) {
      current += c
      escaped = false
    } else if (c === '\\') escaped = true
    else if (!quote && (c === '"' || c === "'")) quote = c
    else if (quote && c === quote) quote = undefined
    else if (!quote && (c === ',' || c === ' ')) {
      if (current) fields.push(current)
      current = ''
    } else current += c
  }
  if (current) fields.push(current)
  return fields
}

const CONVERTERS: Record<JsonType, (value: unknown) => unknown> = {
  boolean: toBoolean,
  integer: toInteger,
  number: toNumber,
  string: toText,
  array: toList,
  object: toMapping,
  null: () => {
    throw new Unconvertible('only null is allowed')
  },
}

/** Converts argument values in place of a copy, collecting Ansible-worded errors. */
export class ArgumentCoercer {
  readonly errors: string[] = []
  /** Arguments that could not be converted, by dotted path ("disks.0.size"). */
  readonly failedPaths = new Set<string>()

  /** `value` as `schema` wants it; `name` is the argument's path for messages ("disks.0.size"). */
  coerce(value: unknown, schema: Schema | undefined, name: string): unknown {
    if (value === null || value === undefined || schema === undefined) return value
    const types = schemaTypes(schema)
    let converted: unknown = value
    if (types && !types.some((t) => hasType(value, t))) {
      const attempt = this.convert(value, types, name)
      if (attempt.failed) return value
      converted = attempt.value
    }
    return this.coerceInside(converted, schema, name)
  }

  private convert(value: unknown, types: JsonType[], name: string): { failed: boolean; value?: unknown } {
    let reason = ''
    for (const type of types) {
      try {
        return { failed: false, value: CONVERTERS[type](value) }
      } catch (err) {
        if (!(err instanceof Unconvertible)) throw err
        reason ||= err.message
      }
    }
    const wanted = types.map((t) => ANSIBLE_TYPE[t]).join(' or ')
    this.failedPaths.add(name)
    this.errors.push(`argument '${name}' is of type ${pythonTypeName(value)} and we were unable to convert to ${wanted}: ${reason}`)
    return { failed: true }
  }

  /** Elements of lists and options of mappings, by their own schemas. */
  private coerceInside(value: unknown, schema: Schema, name: string): unknown {
    if (Array.isArray(value)) {
      const items = branchWith(schema, 'items')?.items as Schema | undefined
      return items ? value.map((item, i) => this.coerce(item, items, `${name}.${i}`)) : value
    }
    if (value !== null && typeof value === 'object') {
      const properties = branchWith(schema, 'properties')?.properties as Record<string, Schema> | undefined
      return properties ? this.coerceProperties(value as Record<string, unknown>, properties, name) : value
    }
    return value
  }

  /** Each known property of `args` coerced; `prefix` names the parent for messages. */
  coerceProperties(args: Record<string, unknown>, properties: Record<string, Schema>, prefix = ''): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(args)) {
      assignKey(out, key, this.coerce(value, Object.hasOwn(properties, key) ? properties[key] : undefined, prefix ? `${prefix}.${key}` : key))
    }
    return out
  }
}

/** The schema itself, or the anyOf/oneOf branch that has `keyword` (e.g. the list branch's `items`). */
function branchWith(schema: Schema, keyword: string): Schema | undefined {
  if (keyword in schema) return schema
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined
  return branches?.find((b) => keyword in b)
}
