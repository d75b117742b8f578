// A template may start with a line `#jinja2: trim_blocks: False, lstrip_blocks: True`
// that changes how it is parsed, as Ansible allows.
import { TemplateError } from '../errors.js'
import type { CompileOptions } from './compile.js'
import { literalEval } from './python-literal.js'

const HEADER = '#jinja2:'

const SETTINGS: Record<string, (opts: CompileOptions, value: unknown) => CompileOptions> = {
  trim_blocks: (o, v) => ({ ...o, trimBlocks: Boolean(v) }),
  lstrip_blocks: (o, v) => ({ ...o, lstripBlocks: Boolean(v) }),
  newline_sequence: (o, v) => ({ ...o, newlineSequence: String(v) }),
  block_start_string: (o, v) => ({ ...o, delimiters: { ...o.delimiters, blockStart: String(v) } }),
  block_end_string: (o, v) => ({ ...o, delimiters: { ...o.delimiters, blockEnd: String(v) } }),
  variable_start_string: (o, v) => ({ ...o, delimiters: { ...o.delimiters, variableStart: String(v) } }),
  variable_end_string: (o, v) => ({ ...o, delimiters: { ...o.delimiters, variableEnd: String(v) } }),
  comment_start_string: (o, v) => ({ ...o, delimiters: { ...o.delimiters, commentStart: String(v) } }),
  comment_end_string: (o, v) => ({ ...o, delimiters: { ...o.delimiters, commentEnd: String(v) } }),
}

/** Split off a `#jinja2:` header line, returning the body and the options it sets. */
export function applyJinjaHeader(source: string, opts: CompileOptions): { body: string; opts: CompileOptions } {
  if (!source.startsWith(HEADER)) return { body: source, opts }
  const eol = source.indexOf('\n')
  const line = source.slice(HEADER.length, eol < 0 ? undefined : eol)
  let result = opts
  for (const pair of line.split(',')) {
    const colon = pair.indexOf(':')
    if (colon < 0) {
      throw new TemplateError(`failed to parse jinja2 override '${pair.trim()}'. Did you use something different from colon as key-value separator?`)
    }
    const key = pair.slice(0, colon).trim()
    const parsed = literalEval(pair.slice(colon + 1).trim())
    if (!parsed) throw new TemplateError(`invalid value for jinja2 override '${key}': ${pair.slice(colon + 1).trim()}`)
    const apply = SETTINGS[key]
    if (!apply) throw new TemplateError(`unsupported jinja2 override '${key}'`, { hint: `supported: ${Object.keys(SETTINGS).join(', ')}` })
    result = apply(result, parsed.value)
  }
  return { body: eol < 0 ? '' : source.slice(eol + 1), opts: result }
}
