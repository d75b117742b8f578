// A result as the default callback prints it after "=>" (CallbackBase._dump_results):
// internal keys, invocation (below -vvv), diff (below -vvv) and exception removed;
// JSON with sorted keys, indented when the result asks for it or from -vvv.
import { stringify as yamlStringify } from 'yaml'
import { pythonJson } from './pyjson.js'
import { stripInternalKeys, structuredCloneJson, type Result } from './redact.js'
import { expandTabs } from './textwrap.js'

export type ResultFormat = 'json' | 'yaml'

export interface DumpOptions {
  verbosity: number
  /** callback_result_format */
  format?: ResultFormat
  /** callback_format_pretty: undefined = Ansible's default (pretty for yaml only). */
  pretty?: boolean
  indent?: number
  keepInvocation?: boolean
}

export function dumpResult(result: Result, opts: DumpOptions): string {
  const format = opts.format ?? 'json'
  let indent = opts.indent
  const wantsIndent = result._ansible_verbose_always === true
    || (opts.pretty === undefined && format !== 'json')
    || opts.pretty === true
    || opts.verbosity > 2
  if (!indent && wantsIndent) indent = 4
  if (opts.pretty === false) indent = undefined

  const shown = structuredCloneJson(result) as Result
  stripInternalKeys(shown)
  if (!opts.keepInvocation && opts.verbosity < 3) delete shown.invocation
  if (opts.verbosity < 3) delete shown.diff
  delete shown.exception

  if (format === 'json') return pythonJson(shown, { indent, sortKeys: true })
  return dumpYaml(shown, indent ?? 4, opts.pretty !== false)
}

/**
 * YAML result format. Close to Ansible's PyYAML output (sorted keys, block scalars for
 * multi-line text, YAML 1.1 quoting) but not byte-identical: sequences are indented.
 */
function dumpYaml(shown: Result, indent: number, lossy: boolean): string {
  if (lossy) {
    // Ansible's readable mode: the *_lines twins repeat stdout/stderr, so they are omitted.
    if ('stdout' in shown && 'stdout_lines' in shown) shown.stdout_lines = '<omitted>'
    if ('stderr' in shown && 'stderr_lines' in shown) shown.stderr_lines = '<omitted>'
  }
  const text = yamlStringify(lossy ? trimForBlocks(shown) : shown, {
    indent, sortMapEntries: true, blockQuote: 'literal', singleQuote: true, lineWidth: 0, version: '1.1',
  })
  const pad = ' '.repeat(indent)
  return '\n' + text.split('\n').map((line) => (line === '' ? line : pad + line)).join('\n')
}

/** Block scalars cannot keep trailing spaces or tabs; readable mode drops them like Ansible. */
function trimForBlocks(value: unknown): unknown {
  if (typeof value === 'string') {
    return /[\n\x85\u2028\u2029]/.test(value) ? expandTabs(value.trimEnd()).replace(/ +(?=[\n\x85\u2028\u2029])/g, '') : value
  }
  if (Array.isArray(value)) return value.map(trimForBlocks)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimForBlocks(v)]))
  }
  return value
}
