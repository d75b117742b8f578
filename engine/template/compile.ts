// Source text → parsed template, cached by text and options (playbooks render the same
// strings thousands of times). Ansible's backslash rule for playbook strings is applied
// here: inside {{ }}, string literals keep their backslashes ('\d' and '\n' stay two
// characters), because YAML has already processed the escapes once.
import type { TemplateAst } from './ast.js'
import { DEFAULT_DELIMITERS, type Delimiters, type LexOptions, prepareSource, tokenize } from './lexer.js'
import { parseTemplate } from './parser.js'

export interface CompileOptions {
  trimBlocks: boolean
  lstripBlocks: boolean
  newlineSequence: string
  delimiters: Delimiters
  /** Ansible's escape_backslashes: on for playbook values, off for template files. */
  escapeBackslashes: boolean
}

export const PLAYBOOK_OPTIONS: CompileOptions = {
  trimBlocks: true,
  lstripBlocks: false,
  newlineSequence: '\n',
  delimiters: DEFAULT_DELIMITERS,
  escapeBackslashes: true,
}

export class TemplateCache {
  // One map per option set, keyed by the source string itself (its hash is cached by V8).
  private readonly byOptions = new Map<string, Map<string, TemplateAst>>()
  private size = 0

  constructor(private readonly capacity: number) {}

  compile(source: string, opts: CompileOptions): TemplateAst {
    const entries = this.entriesFor(opts)
    const hit = entries.get(source)
    if (hit) return hit
    const ast = compileTemplate(source, opts)
    if (++this.size > this.capacity) {
      // Crude but cheap: start over; the hot templates come back at once.
      this.byOptions.clear()
      this.size = 1
    }
    this.entriesFor(opts).set(source, ast)
    return ast
  }

  private entriesFor(opts: CompileOptions): Map<string, TemplateAst> {
    const key = optionsKey(opts)
    let entries = this.byOptions.get(key)
    if (!entries) this.byOptions.set(key, (entries = new Map()))
    return entries
  }
}

const optionKeys = new WeakMap<CompileOptions, string>()

function optionsKey(opts: CompileOptions): string {
  let key = optionKeys.get(opts)
  if (key === undefined) {
    const d = opts.delimiters
    key = [+opts.trimBlocks, +opts.lstripBlocks, +opts.escapeBackslashes, opts.newlineSequence, d.blockStart, d.blockEnd, d.variableStart, d.variableEnd, d.commentStart, d.commentEnd].join('\u0001')
    optionKeys.set(opts, key)
  }
  return key
}

export function compileTemplate(source: string, opts: CompileOptions): TemplateAst {
  const lex: LexOptions = { ...opts, keepTrailingNewline: false }
  let prepared = prepareSource(source, false)
  if (opts.escapeBackslashes && source.includes('\\') && source.includes(opts.delimiters.variableStart)) {
    // Ansible re-joins the lexed tokens and templates that, so the source is prepared twice.
    prepared = prepareSource(escapeBackslashes(prepared, lex), false)
  }
  return parseTemplate(prepared, lex)
}

/** Double the backslashes of string literals inside {{ }}, as Ansible's _escape_backslashes does. */
function escapeBackslashes(prepared: string, lex: LexOptions): string {
  let out = ''
  let copied = 0
  let inVariable = false
  for (const tok of tokenize(prepared, { ...lex, trimBlocks: false, lstripBlocks: false })) {
    if (tok.type === 'variable_begin') inVariable = true
    else if (tok.type === 'variable_end') inVariable = false
    else if (inVariable && tok.type === 'string') {
      const raw = prepared.slice(tok.start, tok.end)
      out += prepared.slice(copied, tok.start) + raw.replaceAll('\\', '\\\\')
      copied = tok.end
    }
  }
  return out + prepared.slice(copied)
}
