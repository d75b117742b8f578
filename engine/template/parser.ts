// Jinja2's statement grammar: text, {{ }}, and the tags Ansible's environment knows
// (for, if, set, macro, call, filter, with, include, import, from, block, print).
// Tags Jinja2 would only accept with an extension (do, break, continue) are unknown tags
// here too, as in ansible-core with its default configuration.
import type { Expr, Param, Stmt, Target, TemplateAst } from './ast.js'
import { ExpressionParser } from './expression-parser.js'
import { tokenize, type LexOptions } from './lexer.js'
import { TemplateSyntaxError } from './syntax-error.js'
import { TokenStream } from './token-stream.js'

/** Tags Jinja2 knows that this engine refuses rather than render differently. */
const UNSUPPORTED_TAGS: Record<string, string> = {
  extends: 'template inheritance ({% extends %}) is not supported',
  autoescape: '{% autoescape %} is not supported (Ansible renders without HTML escaping)',
}

export function parseTemplate(prepared: string, opts: LexOptions): TemplateAst {
  const parser = new TemplateParser(new TokenStream(tokenize(prepared, opts)))
  return { body: parser.parseTemplate(), source: prepared }
}

class TemplateParser extends ExpressionParser {
  private readonly tagStack: string[] = []
  private readonly endTokenStack: string[][] = []

  parseTemplate(): Stmt[] {
    return this.subparse()
  }

  /** Statements until one of `endTokens` (left as the current token) or the end of the template. */
  private subparse(endTokens?: string[]): Stmt[] {
    const body: Stmt[] = []
    if (endTokens) this.endTokenStack.push(endTokens)
    try {
      for (;;) {
        const tok = this.stream.current
        if (tok.type === 'eof') return body
        if (tok.type === 'data') {
          body.push({ kind: 'text', text: tok.value, at: tok.start })
          this.stream.next()
        } else if (tok.type === 'variable_begin') {
          this.stream.next()
          body.push({ kind: 'print', expr: this.parseTuple(), at: tok.start })
          this.stream.expect('variable_end')
        } else if (tok.type === 'block_begin') {
          this.stream.next()
          const tag = this.stream.current
          if (endTokens && tag.type === 'name' && endTokens.includes(tag.value)) return body
          body.push(...this.parseStatement())
          this.stream.expect('block_end')
        } else {
          this.stream.fail(`unexpected '${tok.value}'`)
        }
      }
    } finally {
      if (endTokens) this.endTokenStack.pop()
    }
  }

  /** The body of a block tag up to one of `endTokens`; with `dropNeedle` the end tag name is consumed. */
  private parseStatements(endTokens: string[], dropNeedle = false): Stmt[] {
    this.stream.skipIf('operator', ':')
    this.stream.expect('block_end')
    const body = this.subparse(endTokens)
    if (this.stream.current.type === 'eof') this.failEof(endTokens)
    if (dropNeedle) this.stream.next()
    return body
  }

  private parseStatement(): Stmt[] {
    const tok = this.stream.current
    if (tok.type !== 'name') this.stream.fail('tag name expected')
    if (UNSUPPORTED_TAGS[tok.value]) this.stream.fail(UNSUPPORTED_TAGS[tok.value])
    const parse = this.statementParsers[tok.value]
    if (!parse) return this.failUnknownTag(tok.value, tok.start)
    this.tagStack.push(tok.value)
    try {
      return parse()
    } finally {
      this.tagStack.pop()
    }
  }

  private readonly statementParsers: Record<string, () => Stmt[]> = {
    for: () => [this.parseFor()],
    if: () => [this.parseIf()],
    set: () => [this.parseSet()],
    macro: () => [this.parseMacro()],
    call: () => [this.parseCallBlock()],
    filter: () => [this.parseFilterBlock()],
    with: () => [this.parseWith()],
    include: () => [this.parseInclude()],
    import: () => [this.parseImport()],
    from: () => [this.parseFrom()],
    block: () => [this.parseBlock()],
    print: () => this.parsePrint(),
  }

  private parseFor(): Stmt {
    const at = this.stream.next().start
    const target = this.parseAssignTarget({ endNames: ['in'] })
    this.stream.expect('name', 'in')
    const iter = this.parseTuple({ withCondexpr: false, endNames: ['recursive'] })
    const filter = this.stream.skipIf('name', 'if') ? this.parseExpression() : undefined
    const recursive = this.stream.skipIf('name', 'recursive')
    const body = this.parseStatements(['endfor', 'else'])
    const otherwise = this.stream.next().value === 'endfor' ? [] : this.parseStatements(['endfor'], true)
    return { kind: 'for', target, iter, body, otherwise, filter, recursive, at }
  }

  private parseIf(): Stmt {
    const at = this.stream.next().start
    const test = this.parseTuple({ withCondexpr: false })
    const body = this.parseStatements(['elif', 'else', 'endif'])
    const tok = this.stream.next()
    let otherwise: Stmt[] = []
    if (tok.value === 'elif') otherwise = [this.parseIf()]
    else if (tok.value === 'else') otherwise = this.parseStatements(['endif'], true)
    return { kind: 'if', test, body, otherwise, at }
  }

  private parseSet(): Stmt {
    const at = this.stream.next().start
    const target = this.parseAssignTarget({ withNamespace: true })
    if (this.stream.skipIf('operator', '=')) return { kind: 'set', target, value: this.parseTuple(), at }
    const filter = this.stream.isOp('|') ? this.parseFilter(null) : null
    const body = this.parseStatements(['endset'], true)
    return { kind: 'setblock', target, body, filter, at }
  }

  private parseMacro(): Stmt {
    const at = this.stream.next().start
    const name = this.stream.expect('name').value
    const params = this.parseSignature()
    return { kind: 'macro', name, params, body: this.parseStatements(['endmacro'], true), at }
  }

  private parseCallBlock(): Stmt {
    const at = this.stream.next().start
    const params = this.stream.isOp('(') ? this.parseSignature() : []
    const call = this.parseExpression()
    if (call.kind !== 'call') return this.stream.fail('expected call', at)
    return { kind: 'callblock', call, params, body: this.parseStatements(['endcall'], true), at }
  }

  private parseSignature(): Param[] {
    const params: Param[] = []
    this.stream.expect('operator', '(')
    while (!this.stream.isOp(')')) {
      if (params.length) this.stream.expect('operator', ',')
      const name = this.stream.expect('name').value
      if (this.stream.skipIf('operator', '=')) params.push({ name, default: this.parseExpression() })
      else if (params.some((p) => p.default)) this.stream.fail('non-default argument follows default argument')
      else params.push({ name })
    }
    this.stream.expect('operator', ')')
    return params
  }

  private parseFilterBlock(): Stmt {
    const at = this.stream.next().start
    const filter = this.parseFilter(null, true)
    return { kind: 'filterblock', filter, body: this.parseStatements(['endfilter'], true), at }
  }

  private parseWith(): Stmt {
    const at = this.stream.next().start
    const targets: Target[] = []
    const values: Expr[] = []
    while (!this.stream.is('block_end')) {
      if (targets.length) this.stream.expect('operator', ',')
      targets.push(this.parseAssignTarget())
      this.stream.expect('operator', '=')
      values.push(this.parseExpression())
    }
    return { kind: 'with', targets, values, body: this.parseStatements(['endwith'], true), at }
  }

  private parseInclude(): Stmt {
    const at = this.stream.next().start
    const template = this.parseExpression()
    let ignoreMissing = false
    if (this.stream.isName('ignore') && this.stream.look().value === 'missing') {
      this.stream.next()
      this.stream.next()
      ignoreMissing = true
    }
    return { kind: 'include', template, ignoreMissing, withContext: this.parseImportContext(true), at }
  }

  private parseImport(): Stmt {
    const at = this.stream.next().start
    const template = this.parseExpression()
    this.stream.expect('name', 'as')
    const target = this.stream.expect('name').value
    return { kind: 'import', template, target, withContext: this.parseImportContext(false), at }
  }

  private parseFrom(): Stmt {
    const at = this.stream.next().start
    const template = this.parseExpression()
    this.stream.expect('name', 'import')
    const names: [string, string][] = []
    let withContext: boolean | undefined
    for (;;) {
      if (names.length) this.stream.expect('operator', ',')
      if (!this.stream.is('name')) this.stream.expect('name')
      if ((withContext = this.parseOptionalContext()) !== undefined) break
      const nameTok = this.stream.expect('name')
      if (nameTok.value.startsWith('_')) this.stream.fail('names starting with an underline can not be imported', nameTok.start)
      const alias = this.stream.skipIf('name', 'as') ? this.stream.expect('name').value : nameTok.value
      names.push([nameTok.value, alias])
      if ((withContext = this.parseOptionalContext()) !== undefined || !this.stream.isOp(',')) break
    }
    return { kind: 'fromimport', template, names, withContext: withContext ?? false, at }
  }

  private parseImportContext(byDefault: boolean): boolean {
    return this.parseOptionalContext() ?? byDefault
  }

  /** `with context` / `without context`, if written. */
  private parseOptionalContext(): boolean | undefined {
    const tok = this.stream.current
    if (tok.type !== 'name' || (tok.value !== 'with' && tok.value !== 'without')) return undefined
    if (this.stream.look().value !== 'context') return undefined
    this.stream.next()
    this.stream.next()
    return tok.value === 'with'
  }

  private parseBlock(): Stmt {
    const at = this.stream.next().start
    const name = this.stream.expect('name').value
    this.stream.skipIf('name', 'scoped')
    this.stream.skipIf('name', 'required')
    if (this.stream.isOp('-')) {
      this.stream.fail('Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.')
    }
    const body = this.parseStatements(['endblock'], true)
    this.stream.skipIf('name', name)
    return { kind: 'block', name, body, at }
  }

  private parsePrint(): Stmt[] {
    this.stream.next()
    const out: Stmt[] = []
    while (!this.stream.is('block_end')) {
      if (out.length) this.stream.expect('operator', ',')
      const expr = this.parseExpression()
      out.push({ kind: 'print', expr, at: expr.at })
    }
    return out
  }

  /** A name, a tuple of names (`a, b`), or with `withNamespace` a namespace attribute (`ns.x`). */
  private parseAssignTarget(opts: { endNames?: string[]; withNamespace?: boolean } = {}): Target {
    const tok = this.stream.current
    if (opts.withNamespace && tok.type === 'name' && this.stream.look().value === '.') {
      this.stream.next()
      this.stream.next()
      return { kind: 'nsref', name: tok.value, attr: this.stream.expect('name').value, at: tok.start }
    }
    return toTarget(this.parseTuple({ simplified: true, endNames: opts.endNames }))
  }

  private failUnknownTag(name: string, at: number): never {
    return this.failUnexpected(`Encountered unknown tag '${name}'.`, name, this.endTokenStack, at)
  }

  private failEof(endTokens: string[]): never {
    return this.failUnexpected('Unexpected end of template.', undefined, [...this.endTokenStack, endTokens], this.stream.current.start)
  }

  private failUnexpected(first: string, name: string | undefined, stack: string[][], at: number): never {
    const message = [first]
    const looking = stack.at(-1)
    if (looking) {
      const list = looking.map((t) => `'${t}'`).join(' or ')
      if (name !== undefined && stack.some((s) => s.includes(name))) {
        message.push(`You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${list}.`)
      } else message.push(`Jinja was looking for the following tags: ${list}.`)
    }
    const innermost = this.tagStack.at(-1)
    if (innermost) message.push(`The innermost block that needs to be closed is '${innermost}'.`)
    throw new TemplateSyntaxError(message.join(' '), at)
  }
}

function toTarget(expr: Expr): Target {
  if (expr.kind === 'name') return { kind: 'name', name: expr.name, at: expr.at }
  if (expr.kind === 'tuple') return { kind: 'tuple', items: expr.items.map(toTarget), at: expr.at }
  throw new TemplateSyntaxError(`can't assign to '${expr.kind}'`, expr.at)
}
