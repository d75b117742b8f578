// A cursor over the lexer's tokens with Jinja2's helper vocabulary (skip_if, expect,
// look) and its way of describing tokens in error messages.
import type { Token, TokenType } from './lexer.js'
import { TemplateSyntaxError } from './syntax-error.js'

const TYPE_DESCRIPTIONS: Partial<Record<TokenType, string>> = {
  block_begin: 'begin of statement block',
  block_end: 'end of statement block',
  variable_begin: 'begin of print statement',
  variable_end: 'end of print statement',
  data: 'template data / text',
  eof: 'end of template',
}

/** How Jinja2 names a token in "unexpected …" messages. */
export function describeToken(tok: Token): string {
  if (tok.type === 'name' || tok.type === 'operator') return tok.value
  return TYPE_DESCRIPTIONS[tok.type] ?? tok.type
}

export class TokenStream {
  private index = 0

  constructor(private readonly tokens: Token[]) {}

  get current(): Token {
    return this.tokens[this.index]
  }

  /** The token after the current one. */
  look(): Token {
    return this.tokens[Math.min(this.index + 1, this.tokens.length - 1)]
  }

  next(): Token {
    const tok = this.current
    if (tok.type !== 'eof') this.index++
    return tok
  }

  is(type: TokenType, value?: string): boolean {
    const tok = this.current
    return tok.type === type && (value === undefined || tok.value === value)
  }

  isName(value?: string): boolean {
    return this.is('name', value)
  }

  isOp(value: string): boolean {
    return this.is('operator', value)
  }

  skipIf(type: TokenType, value?: string): boolean {
    if (!this.is(type, value)) return false
    this.next()
    return true
  }

  expect(type: TokenType, value?: string): Token {
    if (this.is(type, value)) return this.next()
    const wanted = value ?? TYPE_DESCRIPTIONS[type] ?? type
    const tok = this.current
    if (tok.type === 'eof') throw new TemplateSyntaxError(`unexpected end of template, expected '${wanted}'.`, tok.start)
    throw new TemplateSyntaxError(`expected token '${wanted}', got '${describeToken(tok)}'`, tok.start)
  }

  fail(message: string, at = this.current.start): never {
    throw new TemplateSyntaxError(message, at)
  }
}
