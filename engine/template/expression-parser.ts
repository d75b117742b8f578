// Jinja2's expression grammar with its precedence, loosest first: inline if, or, and,
// not, comparisons (chained, with in / not in), + -, ~, * / // %, **, unary - +, then
// primaries with their postfixes (.attr, [key], calls) and the tightly bound filter and
// test chain (`1 + x is number` is `1 + (x is number)`, as in Jinja2).
import type { BinaryOperator, CallArgs, CompareOperator, Expr } from './ast.js'
import { toFloat } from './filters/python-float.js'
import { describeToken, TokenStream } from './token-stream.js'

const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>='])
const MATH2_OPS = new Set(['*', '/', '//', '%'])
/** Token kinds that may start the bare argument of a test: `x is divisibleby 3`. */
const TEST_ARG_STARTS = new Set(['name', 'string', 'integer', 'float'])

export class ExpressionParser {
  constructor(protected readonly stream: TokenStream) {}

  parseExpression(withCondexpr = true): Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr()
  }

  /**
   * A comma-separated list becomes a tuple: `{{ 1, 2 }}`, `{% for a, b in … %}`.
   * `endNames` are keywords that end the list (`in` after a for target).
   */
  parseTuple(opts: { simplified?: boolean; withCondexpr?: boolean; endNames?: string[]; explicitParens?: boolean } = {}): Expr {
    const at = this.stream.current.start
    const parseItem = opts.simplified
      ? () => this.parsePrimary()
      : () => this.parseExpression(opts.withCondexpr ?? true)
    const items: Expr[] = []
    let isTuple = false
    for (;;) {
      if (items.length) this.stream.expect('operator', ',')
      if (this.isTupleEnd(opts.endNames)) break
      items.push(parseItem())
      if (!this.stream.isOp(',')) break
      isTuple = true
    }
    if (!isTuple) {
      if (items.length) return items[0]
      if (!opts.explicitParens) this.stream.fail(`Expected an expression, got '${describeToken(this.stream.current)}'`)
    }
    return { kind: 'tuple', items, at }
  }

  private isTupleEnd(endNames?: string[]): boolean {
    const tok = this.stream.current
    if (tok.type === 'variable_end' || tok.type === 'block_end' || (tok.type === 'operator' && tok.value === ')')) return true
    return tok.type === 'name' && (endNames?.includes(tok.value) ?? false)
  }

  private parseCondexpr(): Expr {
    let expr = this.parseOr()
    while (this.stream.skipIf('name', 'if')) {
      const test = this.parseOr()
      const otherwise = this.stream.skipIf('name', 'else') ? this.parseCondexpr() : undefined
      expr = { kind: 'condexpr', test, then: expr, otherwise, at: expr.at }
    }
    return expr
  }

  private parseOr(): Expr {
    let left = this.parseAnd()
    while (this.stream.skipIf('name', 'or')) left = { kind: 'or', left, right: this.parseAnd(), at: left.at }
    return left
  }

  private parseAnd(): Expr {
    let left = this.parseNot()
    while (this.stream.skipIf('name', 'and')) left = { kind: 'and', left, right: this.parseNot(), at: left.at }
    return left
  }

  private parseNot(): Expr {
    if (this.stream.isName('not')) {
      const at = this.stream.next().start
      return { kind: 'not', operand: this.parseNot(), at }
    }
    return this.parseCompare()
  }

  private parseCompare(): Expr {
    const first = this.parseMath1()
    const ops: { op: CompareOperator; expr: Expr }[] = []
    for (;;) {
      const tok = this.stream.current
      let op: CompareOperator
      if (tok.type === 'operator' && COMPARE_OPS.has(tok.value)) {
        this.stream.next()
        op = tok.value as CompareOperator
      } else if (this.stream.skipIf('name', 'in')) op = 'in'
      else if (this.stream.isName('not') && this.stream.look().type === 'name' && this.stream.look().value === 'in') {
        this.stream.next()
        this.stream.next()
        op = 'not in'
      } else break
      ops.push({ op, expr: this.parseMath1() })
    }
    return ops.length ? { kind: 'compare', first, ops, at: first.at } : first
  }

  private parseMath1(): Expr {
    let left = this.parseConcat()
    while (this.stream.isOp('+') || this.stream.isOp('-')) {
      const op = this.stream.next().value as BinaryOperator
      left = { kind: 'binary', op, left, right: this.parseConcat(), at: left.at }
    }
    return left
  }

  private parseConcat(): Expr {
    const items = [this.parseMath2()]
    while (this.stream.skipIf('operator', '~')) items.push(this.parseMath2())
    return items.length === 1 ? items[0] : { kind: 'concat', items, at: items[0].at }
  }

  private parseMath2(): Expr {
    let left = this.parsePow()
    while (this.stream.current.type === 'operator' && MATH2_OPS.has(this.stream.current.value)) {
      const op = this.stream.next().value as BinaryOperator
      left = { kind: 'binary', op, left, right: this.parsePow(), at: left.at }
    }
    return left
  }

  private parsePow(): Expr {
    let left = this.parseUnary()
    while (this.stream.skipIf('operator', '**')) left = { kind: 'binary', op: '**', left, right: this.parseUnary(), at: left.at }
    return left
  }

  private parseUnary(withFilter = true): Expr {
    const tok = this.stream.current
    let node: Expr
    if (this.stream.skipIf('operator', '-')) node = { kind: 'neg', operand: this.parseUnary(false), at: tok.start }
    else if (this.stream.skipIf('operator', '+')) node = { kind: 'pos', operand: this.parseUnary(false), at: tok.start }
    else node = this.parsePrimary()
    node = this.parsePostfix(node)
    return withFilter ? this.parseFilterExpr(node) : node
  }

  protected parsePrimary(): Expr {
    const tok = this.stream.current
    const at = tok.start
    switch (tok.type) {
      case 'name':
        this.stream.next()
        if (tok.value === 'true' || tok.value === 'True') return { kind: 'const', value: true, at }
        if (tok.value === 'false' || tok.value === 'False') return { kind: 'const', value: false, at }
        if (tok.value === 'none' || tok.value === 'None') return { kind: 'const', value: null, at }
        return { kind: 'name', name: tok.value, at }
      case 'string': {
        let value = ''
        while (this.stream.is('string')) value += this.stream.next().value // 'a' 'b' is 'ab'
        return { kind: 'const', value, at }
      }
      case 'integer':
        this.stream.next()
        return { kind: 'const', value: parseInteger(tok.value), at }
      case 'float':
        this.stream.next()
        return { kind: 'const', value: toFloat(parseFloat(tok.value.replaceAll('_', ''))), at }
    }
    if (this.stream.skipIf('operator', '(')) {
      const node = this.parseTuple({ explicitParens: true })
      this.stream.expect('operator', ')')
      return node
    }
    if (this.stream.isOp('[')) return this.parseList()
    if (this.stream.isOp('{')) return this.parseDict()
    return this.stream.fail(`unexpected '${describeToken(tok)}'`)
  }

  private parseList(): Expr {
    const at = this.stream.expect('operator', '[').start
    const items: Expr[] = []
    while (!this.stream.isOp(']')) {
      if (items.length) this.stream.expect('operator', ',')
      if (this.stream.isOp(']')) break
      items.push(this.parseExpression())
    }
    this.stream.expect('operator', ']')
    return { kind: 'list', items, at }
  }

  private parseDict(): Expr {
    const at = this.stream.expect('operator', '{').start
    const items: [Expr, Expr][] = []
    while (!this.stream.isOp('}')) {
      if (items.length) this.stream.expect('operator', ',')
      if (this.stream.isOp('}')) break
      const key = this.parseExpression()
      this.stream.expect('operator', ':')
      items.push([key, this.parseExpression()])
    }
    this.stream.expect('operator', '}')
    return { kind: 'dict', items, at }
  }

  protected parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.stream.isOp('.') || this.stream.isOp('[')) node = this.parseSubscript(node)
      else if (this.stream.isOp('(')) node = this.parseCall(node)
      else return node
    }
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.stream.isOp('|')) node = this.parseFilter(node)
      else if (this.stream.isName('is')) node = this.parseTest(node)
      else if (this.stream.isOp('(')) node = this.parseCall(node)
      else return node
    }
  }

  private parseSubscript(node: Expr): Expr {
    const tok = this.stream.next()
    if (tok.value === '.') {
      const attr = this.stream.next()
      if (attr.type === 'name') return { kind: 'getattr', obj: node, attr: attr.value, at: tok.start }
      if (attr.type !== 'integer') this.stream.fail('expected name or number', attr.start)
      return { kind: 'getitem', obj: node, key: { kind: 'const', value: parseInteger(attr.value), at: attr.start }, at: tok.start }
    }
    const keys: Expr[] = []
    while (!this.stream.isOp(']')) {
      if (keys.length) this.stream.expect('operator', ',')
      keys.push(this.parseSubscribed())
    }
    this.stream.expect('operator', ']')
    const key: Expr = keys.length === 1 ? keys[0] : { kind: 'tuple', items: keys, at: tok.start }
    return { kind: 'getitem', obj: node, key, at: tok.start }
  }

  /** One subscript: an expression or a slice `start:stop:step` with any part left out. */
  private parseSubscribed(): Expr {
    const at = this.stream.current.start
    let start: Expr | undefined
    if (!this.stream.isOp(':')) {
      start = this.parseExpression()
      if (!this.stream.isOp(':')) return start
    }
    this.stream.next()
    const sliceEnd = () => this.stream.isOp(']') || this.stream.isOp(',')
    const stop = this.stream.isOp(':') || sliceEnd() ? undefined : this.parseExpression()
    let step: Expr | undefined
    if (this.stream.skipIf('operator', ':') && !sliceEnd()) step = this.parseExpression()
    return { kind: 'slice', start, stop, step, at }
  }

  protected parseCallArgs(): CallArgs {
    const open = this.stream.expect('operator', '(')
    const call: CallArgs = { args: [], kwargs: [] }
    const ensure = (ok: boolean) => {
      if (!ok) this.stream.fail('invalid syntax for function call expression', open.start)
    }
    let requireComma = false
    while (!this.stream.isOp(')')) {
      if (requireComma) {
        this.stream.expect('operator', ',')
        if (this.stream.isOp(')')) break
      }
      if (this.stream.skipIf('operator', '*')) {
        ensure(!call.starArgs && !call.starKwargs)
        call.starArgs = this.parseExpression()
      } else if (this.stream.skipIf('operator', '**')) {
        ensure(!call.starKwargs)
        call.starKwargs = this.parseExpression()
      } else if (this.stream.is('name') && this.stream.look().type === 'operator' && this.stream.look().value === '=') {
        ensure(!call.starKwargs)
        const key = this.stream.next().value
        this.stream.next()
        call.kwargs.push([key, this.parseExpression()])
      } else {
        ensure(!call.starArgs && !call.starKwargs && call.kwargs.length === 0)
        call.args.push(this.parseExpression())
      }
      requireComma = true
    }
    this.stream.expect('operator', ')')
    return call
  }

  private parseCall(node: Expr): Expr {
    const at = this.stream.current.start
    return { kind: 'call', fn: node, call: this.parseCallArgs(), at }
  }

  /** `| name(args)` repeated; a null node stands for a {% filter %} block's body. */
  parseFilter(node: Expr | null, startInline = false): Expr {
    while (this.stream.isOp('|') || startInline) {
      if (!startInline) this.stream.next()
      startInline = false
      const { name, at } = this.parseDottedName()
      const call = this.stream.isOp('(') ? this.parseCallArgs() : { args: [], kwargs: [] }
      node = { kind: 'filter', node, name, call, at }
    }
    return node as Expr
  }

  private parseTest(node: Expr): Expr {
    const isTok = this.stream.next()
    const negated = this.stream.skipIf('name', 'not')
    const { name } = this.parseDottedName()
    let call: CallArgs = { args: [], kwargs: [] }
    const tok = this.stream.current
    if (this.stream.isOp('(')) call = this.parseCallArgs()
    else if (this.startsBareTestArg()) {
      if (tok.type === 'name' && tok.value === 'is') this.stream.fail('You cannot chain multiple tests with is')
      call = { args: [this.parsePostfix(this.parsePrimary())], kwargs: [] }
    }
    const test: Expr = { kind: 'test', node, name, call, at: isTok.start }
    return negated ? { kind: 'not', operand: test, at: isTok.start } : test
  }

  private startsBareTestArg(): boolean {
    const tok = this.stream.current
    if (tok.type === 'operator') return tok.value === '[' || tok.value === '{'
    if (!TEST_ARG_STARTS.has(tok.type)) return false
    return !(tok.type === 'name' && (tok.value === 'else' || tok.value === 'or' || tok.value === 'and'))
  }

  /** Filter and test names may be qualified: ansible.builtin.to_json. */
  private parseDottedName(): { name: string; at: number } {
    const first = this.stream.expect('name')
    let name = first.value
    while (this.stream.skipIf('operator', '.')) name += '.' + this.stream.expect('name').value
    return { name, at: first.start }
  }
}

/** Python's int(text, 0) for a lexed integer: decimal, 0x, 0o, 0b, with underscores. */
export function parseInteger(text: string): number | bigint {
  const digits = text.replaceAll('_', '').toLowerCase()
  const big = BigInt(digits) // BigInt understands 0x / 0o / 0b prefixes
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big
}
