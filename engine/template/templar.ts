// The template engine's front door: renders playbook values, template files and
// conditionals with the variables of a host, exactly as ansible-core 2.14 does.
// This class takes its filter, test and lookup libraries as options; index.ts exports
// the Templar that comes with the standard libraries.
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { type SourcePos, TemplateError } from '../errors.js'
import { copyPos, getKeyPos, getPos } from '../load/position.js'
import { isMapping } from './filters/python-types.js'
import type { TemplateAst } from './ast.js'
import { ANSIBLE_GLOBAL_NAMES, ansibleGlobal } from './ansible-globals.js'
import { type CompileOptions, PLAYBOOK_OPTIONS, TemplateCache } from './compile.js'
import { evaluateConditions } from './conditional.js'
import { carryFloatMark, lower } from './float-boundary.js'
import { jinjaGlobals, setKey } from './globals.js'
import { applyJinjaHeader } from './jinja-header.js'
import { DEFAULT_DELIMITERS, type Delimiters, prepareSource, tokenize } from './lexer.js'
import type { LookupCall } from './lookup-call.js'
import { convertRendered, restoreTrailingNewlines } from './native.js'
import type { OutputBuffer } from './output.js'
import { errorOffsets, Renderer } from './render.js'
import { type GlobalResolver, RootScope, Scope, type VarSource } from './scope.js'
import { templateFailure } from './template-errors.js'
import type { FilterFn, LookupContext, LookupFn, TestFn } from './types.js'
import { isUndefined } from './undefined.js'
import { layeredVars, peekVariable } from './vars-access.js'

export interface RenderContext {
  /** Where the value being templated was written; errors point there. */
  pos?: SourcePos
  /** Controller folders for lookups and {% include %}, most specific first. */
  searchPaths?: string[]
  /** Find a controller file by name in the `kind` subfolder ('files', 'templates', 'vars') of the search paths. */
  findFile?: (name: string, kind?: string) => string | undefined
  /** Where warnings go (a lookup with errors='warn', {{ }} in a conditional). */
  warn?: (message: string) => void
}

/** How renderString parses a template file (the template module's options). */
export interface RenderOptions {
  /** Drop the first newline after a block tag (default true, as Ansible's template module). */
  trimBlocks?: boolean
  /** Strip whitespace before a block tag on its own line (default false). */
  lstripBlocks?: boolean
  newlineSequence?: string
  delimiters?: Partial<Delimiters>
}

export interface TemplarOptions {
  filters?: Record<string, FilterFn>
  tests?: Record<string, TestFn>
  lookups?: Record<string, LookupFn>
  /** Default destination of warnings when the render context has none. */
  warn?: (message: string) => void
  /** How many compiled templates to keep (default 10000). */
  cacheSize?: number
}

const MARKERS = ['{{', '{%', '{#']
// Ansible's SINGLE_VAR: a value that is exactly one variable keeps a bool/number/None type.
const SINGLE_VAR = /^\{\{\s*([\p{L}\p{N}_]*)\s*\}\}$/u

export class Templar {
  private readonly filters: Record<string, FilterFn>
  private readonly tests: Record<string, TestFn>
  private readonly lookups: Record<string, LookupFn>
  private readonly cache: TemplateCache
  private readonly jinjaGlobals = jinjaGlobals()

  constructor(private readonly opts: TemplarOptions = {}) {
    this.filters = opts.filters ?? {}
    this.tests = opts.tests ?? {}
    this.lookups = opts.lookups ?? {}
    this.cache = new TemplateCache(opts.cacheSize ?? 10_000)
  }

  /**
   * Render a playbook value: strings are templated, lists and dicts recursively (dict keys
   * are left as written, as Ansible does). A string that renders to text looking like a
   * list, dict or True/False comes back as that value; numbers come back as text. What
   * comes back is plain data: an integral float in a list or dict is a number marked
   * beside it (float-boundary.ts), never the engine's PyFloat.
   */
  template(value: unknown, vars: Record<string, unknown>, ctx: RenderContext = {}): unknown {
    return this.templateValue(value, [vars], ctx)
  }

  /** Render template text to text (template module, template lookup). */
  renderString(source: string, vars: Record<string, unknown>, ctx: RenderContext = {}, options: RenderOptions = {}): string {
    return this.renderText(source, [vars], ctx, options)
  }

  /** Evaluate a bare expression (debug var:, loop items) to its native value. */
  evaluate(expr: string, vars: Record<string, unknown>, ctx: RenderContext = {}): unknown {
    const source = `{{ ${expr} }}`
    return this.run(source, PLAYBOOK_OPTIONS, [vars], ctx, (ast, renderer, scope) => {
      const [stmt] = ast.body
      if (ast.body.length !== 1 || stmt.kind !== 'print') throw new TemplateError(`not a single expression: ${expr}`)
      const value = renderer.evaluate(stmt.expr, scope)
      if (isUndefined(value)) throw value.error()
      return lower(value)
    })
  }

  /** Ansible's conditional rules for when / changed_when / failed_when / until / assert. */
  condition(expr: unknown, vars: Record<string, unknown>, ctx: RenderContext = {}): boolean {
    const sources = [vars]
    return evaluateConditions(expr, {
      pos: ctx.pos,
      template: (value) => this.templateValue(value, sources, ctx),
      render: (source) => String(this.templateString(source, sources, { ...ctx, pos: undefined })),
      isTemplate: (text) => this.isTemplate(text),
      warn: (message) => this.warn(ctx, message),
    })
  }

  /** Does `s` contain a complete {{ }}, {% %} or {# #}? (Ansible's is_template) */
  isTemplate(s: string): boolean {
    if (typeof s !== 'string' || !MARKERS.some((m) => s.includes(m))) return false
    try {
      const tokens = tokenize(prepareSource(s, false), { ...PLAYBOOK_OPTIONS, keepTrailingNewline: false })
      return tokens.some((t) => t.type === 'variable_end' || t.type === 'block_end') || /\{#[\s\S]*?#\}/.test(s)
    } catch {
      return false
    }
  }

  private templateValue(value: unknown, sources: VarSource[], ctx: RenderContext): unknown {
    if (typeof value === 'string') return this.templateString(value, sources, ctx)
    if (Array.isArray(value)) {
      const itemCtx = { ...ctx, pos: getPos(value) ?? ctx.pos }
      const out = value.map((item) => this.templateValue(item, sources, itemCtx))
      out.forEach((item, i) => carryFloatMark(value, out, i, value[i], item))
      return out
    }
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {}
      for (const key of Object.keys(value)) {
        const item = this.templateValue(value[key], sources, { ...ctx, pos: getKeyPos(value, key) ?? ctx.pos })
        setKey(out, key, item)
        carryFloatMark(value, out, key, value[key], item)
      }
      copyPos(value, out)
      return out
    }
    return lower(value) // a lookup's terms may be engine values
  }

  private templateString(s: string, sources: VarSource[], ctx: RenderContext): unknown {
    if (!MARKERS.some((m) => s.includes(m))) return s
    const single = SINGLE_VAR.exec(s)
    if (single) {
      const value = peekVariable(sources, single[1])
      if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'bigint' || value === null) return value
    }
    const { body, opts } = applyJinjaHeader(s, PLAYBOOK_OPTIONS)
    return this.run(body, opts, sources, ctx, (ast, renderer, scope) => {
      const result = convertRendered(renderer.render(ast, scope))
      return typeof result === 'string' ? restoreTrailingNewlines(result, s, opts.newlineSequence) : lower(result)
    })
  }

  private renderText(source: string, sources: VarSource[], ctx: RenderContext, options: RenderOptions): string {
    const base: CompileOptions = {
      trimBlocks: options.trimBlocks ?? true,
      lstripBlocks: options.lstripBlocks ?? false,
      newlineSequence: options.newlineSequence ?? '\n',
      delimiters: options.delimiters ? { ...DEFAULT_DELIMITERS, ...options.delimiters } : DEFAULT_DELIMITERS,
      escapeBackslashes: false,
    }
    const { body, opts } = applyJinjaHeader(source, base)
    return this.run(body, opts, sources, ctx, (ast, renderer, scope) => {
      const out: OutputBuffer = renderer.render(ast, scope)
      return restoreTrailingNewlines(out.text(), source, opts.newlineSequence)
    })
  }

  /** Compile `source` and run `use` on it, turning every failure into a located TemplateError. */
  private run<T>(
    source: string,
    opts: CompileOptions,
    sources: VarSource[],
    ctx: RenderContext,
    use: (ast: TemplateAst, renderer: Renderer, scope: Scope) => T,
  ): T {
    let ast: TemplateAst
    try {
      ast = this.cache.compile(source, opts)
    } catch (err) {
      throw templateFailure(err, source, prepareSource(source, false), ctx.pos)
    }
    try {
      const renderer = new Renderer({ filters: this.filters, tests: this.tests }, (name) => this.loadTemplate(name, opts, ctx))
      const root = new RootScope(sources, this.globalsFor(sources, ctx))
      return use(ast, renderer, new Scope(root))
    } catch (err) {
      const offset = typeof err === 'object' && err !== null ? errorOffsets.get(err) : undefined
      throw templateFailure(err, source, ast.source, ctx.pos, offset)
    }
  }

  /** Jinja2's globals plus Ansible's, which see this render's variables (made on first use). */
  private globalsFor(sources: VarSource[], ctx: RenderContext): GlobalResolver {
    const made = new Map<string, unknown>()
    let call: LookupCall | undefined
    const lookupCall = (): LookupCall =>
      (call ??= {
        lookups: this.lookups,
        context: this.lookupContext(sources, ctx),
        templateTerms: (terms) => this.templateValue(terms, sources, ctx) as unknown[],
        warn: (message) => this.warn(ctx, message),
      })
    return (name) => {
      if (Object.prototype.hasOwnProperty.call(this.jinjaGlobals, name)) return this.jinjaGlobals[name]
      if (!ANSIBLE_GLOBAL_NAMES.has(name)) return undefined
      if (!made.has(name)) made.set(name, ansibleGlobal(name, lookupCall))
      return made.get(name)
    }
  }

  private lookupContext(sources: VarSource[], ctx: RenderContext): LookupContext {
    const searchPaths = ctx.searchPaths ?? []
    return {
      searchPaths,
      findFile: ctx.findFile ?? ((name, kind) => findInSearchPaths(searchPaths, name, kind)),
      vars: layeredVars(sources),
      render: (template, extraVars) => this.renderText(template, extraVars ? [extraVars, ...sources] : sources, ctx, {}),
    }
  }

  /** {% include %} / {% import %}: a template file from the search paths. */
  private loadTemplate(name: string, opts: CompileOptions, ctx: RenderContext): TemplateAst | undefined {
    const path = ctx.findFile?.(name, 'templates') ?? findInSearchPaths(ctx.searchPaths ?? [], name, 'templates')
    if (!path) return undefined
    const text = readFileSync(path, 'utf8')
    try {
      return this.cache.compile(text, { ...opts, escapeBackslashes: false })
    } catch (err) {
      throw templateFailure(err, text, prepareSource(text, false), { file: path, line: 1, column: 1 })
    }
  }

  private warn(ctx: RenderContext, message: string): void {
    const sink = ctx.warn ?? this.opts.warn
    if (sink) sink(message)
    else process.emitWarning(message)
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isMapping(value) || value instanceof Map) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function findInSearchPaths(paths: string[], name: string, kind?: string): string | undefined {
  if (isAbsolute(name)) return existsSync(name) ? name : undefined
  for (const dir of paths) {
    for (const candidate of kind ? [join(dir, kind, name), join(dir, name)] : [join(dir, name)]) {
      if (existsSync(candidate)) return candidate
    }
  }
  return undefined
}

