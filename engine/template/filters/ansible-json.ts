// Ansible's JSON filters: to_json, to_nice_json, from_json (Python's json module wording
// and layout: ", " separators, ASCII escapes, sorted keys for to_nice_json; floats stay floats).
import { TemplateError } from '../../errors.js'
import type { FilterFn, Kwargs } from '../types.js'
import { pyJsonDumps, type JsonOptions } from './python-json.js'
import { pyJsonLoads } from './python-json-parse.js'
import { isString, truthy, typeName } from './python-types.js'
import { intArg, strArg } from './signature.js'

// Keyword arguments of json.dumps that mean something here; Ansible's own encoder flags are accepted and ignored.
const IGNORED = ['vault_to_text', 'preprocess_unsafe', 'skipkeys', 'check_circular', 'allow_nan', 'cls', 'default']

function jsonOptions(filter: string, kwargs: Kwargs, defaults: JsonOptions): JsonOptions {
  const opts: JsonOptions = { ...defaults }
  for (const [key, value] of Object.entries(kwargs)) {
    if (key === 'indent') opts.indent = value === null ? undefined : isString(value) ? String(value) : intArg(value, 'indent')
    else if (key === 'sort_keys') opts.sortKeys = truthy(value)
    else if (key === 'ensure_ascii') opts.ensureAscii = truthy(value)
    else if (key === 'separators') opts.separators = separatorsOf(value)
    else if (!IGNORED.includes(key)) throw new TemplateError(`filter '${filter}' got an unexpected keyword argument '${key}'`)
  }
  return opts
}

function separatorsOf(value: unknown): [string, string] {
  if (Array.isArray(value) && value.length === 2) return [strArg(value[0]), strArg(value[1])]
  throw new TemplateError('separators must be an (item_separator, key_separator) pair')
}

function fromJson(value: unknown): unknown {
  if (!isString(value)) throw new TemplateError(`the JSON object must be str, bytes or bytearray, not ${typeName(value)}`)
  return pyJsonLoads(String(value))
}

export const ansibleJsonFilters: Record<string, FilterFn> = {
  to_json: (value, args, kwargs) => {
    if (args.length > 0) throw new TemplateError("filter 'to_json' takes keyword arguments only (indent=, sort_keys=, ...)")
    return pyJsonDumps(value, jsonOptions('to_json', kwargs, {}))
  },
  to_nice_json: (value, args, kwargs) => {
    if (args.length > 2) throw new TemplateError(`filter 'to_nice_json' takes at most 2 arguments (${args.length} given)`)
    const positional: Kwargs = {}
    if (args.length > 0) positional.indent = args[0]
    if (args.length > 1) positional.sort_keys = args[1]
    const opts = jsonOptions('to_nice_json', { ...positional, ...kwargs }, { indent: 4, sortKeys: true })
    return pyJsonDumps(value, { ...opts, separators: [',', ': '] })
  },
  from_json: (value, args, kwargs) => {
    if (args.length > 0 || Object.keys(kwargs).length > 0) throw new TemplateError("filter 'from_json' takes no arguments")
    return fromJson(value)
  },
}
