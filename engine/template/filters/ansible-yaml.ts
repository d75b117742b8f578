// Ansible's YAML filters: to_yaml, to_nice_yaml (PyYAML/libyaml output, see yaml-emitter.ts)
// and from_yaml, from_yaml_all (YAML 1.1 as Ansible reads it, via the loader of engine/load).
import { parseAllDocuments } from 'yaml'
import { TemplateError, TsplayError } from '../../errors.js'
import { parseYamlDocument } from '../../load/yaml.js'
import { lift } from '../float-boundary.js'
import type { FilterFn, Kwargs } from '../types.js'
import { PyFloat } from './python-float.js'
import { isString, truthy } from './python-types.js'
import { pyYamlDump, type YamlDumpOptions } from './yaml-emitter.js'
import { intArg } from './signature.js'

const DUMP_OPTIONS = ['indent', 'width', 'default_flow_style', 'explicit_start', 'allow_unicode', 'sort_keys']

function dumpOptions(filter: string, kwargs: Kwargs, defaults: YamlDumpOptions): YamlDumpOptions {
  const opts = { ...defaults }
  for (const [key, value] of Object.entries(kwargs)) {
    if (!DUMP_OPTIONS.includes(key)) throw new TemplateError(`filter '${filter}' got an unexpected keyword argument '${key}'`)
    if (key === 'indent') opts.indent = intArg(value, 'indent')
    if (key === 'width') opts.width = intArg(value, 'width')
    if (key === 'default_flow_style') opts.defaultFlowStyle = value === null ? null : truthy(value)
    if (key === 'explicit_start') opts.explicitStart = truthy(value)
    if (key === 'sort_keys') opts.sortKeys = truthy(value)
  }
  return opts
}

/** The document as a template value: its integral floats (`1.0`) are floats here too. */
function loadYaml(text: string, source: string): unknown {
  try {
    const { value, rootIsFloat } = parseYamlDocument(text, source)
    return rootIsFloat ? new PyFloat(value as number) : lift(value)
  } catch (err) {
    if (err instanceof TsplayError) throw new TemplateError(`${source}: ${err.message}`, { cause: err })
    throw err
  }
}

/** Every document of a YAML stream, each parsed on its own (columns preserved). */
function loadAllYaml(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).map((doc) => {
    const range = doc.contents?.range
    if (!range) return null
    const lineStart = text.lastIndexOf('\n', range[0] - 1) + 1
    const source = ' '.repeat(range[0] - lineStart) + text.slice(range[0], range[2])
    return loadYaml(source, 'from_yaml_all')
  })
}

function noPositional(filter: string, args: unknown[]): void {
  if (args.length > 0) throw new TemplateError(`filter '${filter}' takes keyword arguments only`)
}

export const ansibleYamlFilters: Record<string, FilterFn> = {
  to_yaml: (value, args, kwargs) => {
    noPositional('to_yaml', args)
    return pyYamlDump(value, dumpOptions('to_yaml', kwargs, { defaultFlowStyle: null }))
  },
  to_nice_yaml: (value, args, kwargs) => {
    if (args.length > 1) throw new TemplateError(`filter 'to_nice_yaml' takes at most 1 argument (${args.length} given)`)
    const indent = args.length > 0 ? intArg(args[0], 'indent') : 4
    return pyYamlDump(value, dumpOptions('to_nice_yaml', kwargs, { indent, defaultFlowStyle: false }))
  },
  from_yaml: (value, args, kwargs) => {
    noPositional('from_yaml', [...args, ...Object.keys(kwargs)])
    return isString(value) ? loadYaml(String(value), 'from_yaml') : value
  },
  from_yaml_all: (value, args, kwargs) => {
    noPositional('from_yaml_all', [...args, ...Object.keys(kwargs)])
    return isString(value) ? loadAllYaml(String(value)) : value
  },
}
