// What a render produces: the text pieces in order, as Jinja2 yields them to Ansible's
// concat function, which treats a template that is a single piece specially.
import { pythonStr } from './filters/python-repr.js'
import { isMapping, mappingEntries } from './filters/python-types.js'
import type { Expr } from './ast.js'
import { isUndefined, SilentUndefined } from './undefined.js'

/**
 * Ansible's STRING_TYPE_FILTERS: when one of these (by its short name) produces the whole
 * template, the text is kept as text and not parsed back into a list or dict.
 */
const STRING_TYPE_FILTERS = new Set(['string', 'to_json', 'to_nice_json', 'to_yaml', 'to_nice_yaml', 'ppretty', 'json'])

export class OutputBuffer {
  readonly pieces: string[] = []
  /** Whether the single piece (if there is one) is text by intent, from a string filter. */
  singlePieceIsText = false

  write(text: string, isTextByIntent = false): void {
    this.pieces.push(text)
    this.singlePieceIsText = this.pieces.length === 1 && isTextByIntent
  }

  text(): string {
    return this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('')
  }
}

export function isStringFilterOutput(expr: Expr): boolean {
  return expr.kind === 'filter' && STRING_TYPE_FILTERS.has(expr.name)
}

/**
 * Ansible's finalize for `{{ }}`: an undefined value (even inside a list or dict) is an
 * error, None prints as '', anything else as Python's str().
 */
export function finalize(value: unknown): string {
  if (value instanceof SilentUndefined) return ''
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  failOnUndefined(value)
  return pythonStr(value)
}

function failOnUndefined(value: unknown): void {
  if (isUndefined(value) && !(value instanceof SilentUndefined)) throw value.error()
  if (Array.isArray(value)) value.forEach(failOnUndefined)
  else if (value instanceof Map || (isMapping(value) && Object.getPrototypeOf(value) === Object.prototype)) {
    for (const [, v] of mappingEntries(value)) failOnUndefined(v)
  }
}
