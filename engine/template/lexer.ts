// Jinja2's lexer, rule for rule: template text, {{ }}, {% %}, {# #}, {% raw %}, the
// whitespace controls (- and +), trim_blocks / lstrip_blocks, brace balancing (so `}}`
// inside a dict literal is two braces) and Python string literals. Nunjucks' lexer
// differs in each of these (it drops unknown escapes such as `\d`, keeps the newline
// after a comment, turns `r/…/` into a regex), so templates are lexed here instead.
import { decodePythonString } from './string-literal.js'
import { TemplateSyntaxError } from './syntax-error.js'

export type TokenType =
  | 'data'
  | 'variable_begin'
  | 'variable_end'
  | 'block_begin'
  | 'block_end'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'operator'
  | 'eof'

export interface Token {
  type: TokenType
  /** Decoded text for strings; the source text for everything else. */
  value: string
  /** Offsets into the prepared source (see prepareSource). */
  start: number
  end: number
}

export interface Delimiters {
  blockStart: string
  blockEnd: string
  variableStart: string
  variableEnd: string
  commentStart: string
  commentEnd: string
}

export const DEFAULT_DELIMITERS: Delimiters = {
  blockStart: '{%',
  blockEnd: '%}',
  variableStart: '{{',
  variableEnd: '}}',
  commentStart: '{#',
  commentEnd: '#}',
}

export interface LexOptions {
  trimBlocks: boolean
  lstripBlocks: boolean
  keepTrailingNewline: boolean
  newlineSequence: string
  delimiters: Delimiters
}

/** Jinja2 splits on every line break style, joins with \n and drops one trailing newline. */
export function prepareSource(source: string, keepTrailingNewline: boolean): string {
  let text = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source
  if (!keepTrailingNewline && text.endsWith('\n')) text = text.slice(0, -1)
  return text
}

const WHITESPACE = /\s+/y
const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy
const INTEGER = /0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*/iy
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy
const STRING = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y
const OPERATOR = /\/\/|\*\*|==|!=|>=|<=|[+\-/*%~[\](){}><=.:|,;]/y
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' }

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Tokenizes one prepared source. Comments produce no tokens; raw blocks produce data. */
export class Lexer {
  private pos = 0
  private lineStarting = true
  private readonly tokens: Token[] = []
  private readonly d: Delimiters
  private readonly rawBegin: RegExp
  private readonly rawEnd: RegExp
  private readonly blockEnd: RegExp
  private readonly variableEnd: RegExp

  constructor(private readonly src: string, private readonly opts: LexOptions) {
    const d = (this.d = opts.delimiters)
    const [bs, be, ve] = [escapeRegex(d.blockStart), escapeRegex(d.blockEnd), escapeRegex(d.variableEnd)]
    const trim = opts.trimBlocks ? '\\n?' : ''
    this.rawBegin = new RegExp(`${bs}([-+]?)\\s*raw\\s*(?:-${be}\\s*|${be})`, 'y')
    this.rawEnd = new RegExp(`${bs}([-+]?)\\s*endraw\\s*(?:\\+${be}|-${be}\\s*|${be}${trim})`, 'g')
    this.blockEnd = new RegExp(`\\+${be}|-${be}\\s*|${be}${trim}`, 'y')
    this.variableEnd = new RegExp(`-${ve}\\s*|${ve}`, 'y')
  }

  tokenize(): Token[] {
    while (this.pos < this.src.length) this.lexRoot()
    this.tokens.push({ type: 'eof', value: '', start: this.src.length, end: this.src.length })
    return this.tokens
  }

  private push(type: TokenType, value: string, start: number, end: number): void {
    this.tokens.push({ type, value, start, end })
  }

  private pushData(text: string, start: number): void {
    if (text) this.push('data', this.normalizeNewlines(text), start, start + text.length)
  }

  private normalizeNewlines(text: string): string {
    return this.opts.newlineSequence === '\n' ? text : text.replace(/\n/g, this.opts.newlineSequence)
  }

  /** Text up to the next tag, then the tag itself. */
  private lexRoot(): void {
    const { src } = this
    const start = this.pos
    const tag = this.nextTag(start)
    if (!tag) {
      this.pushData(src.slice(start), start)
      this.pos = src.length
      return
    }
    const next = src[tag.at + tag.open.length]
    const sign = next === '-' || next === '+' ? next : ''
    const text = this.stripBeforeTag(src.slice(start, tag.at), sign, tag.kind !== 'variable')
    this.pushData(text, start)
    const afterOpen = tag.at + tag.open.length + sign.length
    if (tag.kind === 'comment') return this.lexComment(afterOpen)
    if (tag.kind === 'block') {
      this.rawBegin.lastIndex = tag.at
      const raw = this.rawBegin.exec(src)
      if (raw) return this.lexRaw(tag.at + raw[0].length)
    }
    const type = tag.kind === 'block' ? 'block_begin' : 'variable_begin'
    this.push(type, src.slice(tag.at, afterOpen), tag.at, afterOpen)
    this.pos = afterOpen
    if (tag.kind === 'block') this.lexCode(this.blockEnd, 'block_end')
    else this.lexCode(this.variableEnd, 'variable_end')
  }

  private nextTag(from: number): { at: number; open: string; kind: 'block' | 'variable' | 'comment' } | undefined {
    const { d, src } = this
    let best: { at: number; open: string; kind: 'block' | 'variable' | 'comment' } | undefined
    for (const [open, kind] of [
      [d.commentStart, 'comment'],
      [d.blockStart, 'block'],
      [d.variableStart, 'variable'],
    ] as const) {
      const at = src.indexOf(open, from)
      if (at >= 0 && (!best || at < best.at)) best = { at, open, kind }
    }
    return best
  }

  /** `{%-` strips all whitespace before the tag; lstrip_blocks strips the indentation of a line holding only the tag. */
  private stripBeforeTag(text: string, sign: string, isBlockOrComment: boolean): string {
    if (sign === '-') return text.trimEnd()
    if (sign === '+' || !isBlockOrComment || !this.opts.lstripBlocks) return text
    const lineStart = text.lastIndexOf('\n') + 1
    if (lineStart > 0 || this.lineStarting) {
      const rest = text.slice(lineStart)
      if (rest && /^\s+$/.test(rest)) return text.slice(0, lineStart)
    }
    return text
  }

  private lexComment(from: number): void {
    const { src, d } = this
    const close = src.indexOf(d.commentEnd, from)
    if (close < 0) throw new TemplateSyntaxError('Missing end of comment tag', from)
    let end = close + d.commentEnd.length
    const sign = close > from ? src[close - 1] : ''
    if (sign === '-') end = skipWhitespace(src, end)
    else if (sign !== '+' && this.opts.trimBlocks && src[end] === '\n') end++
    this.finishMatch(end)
  }

  private lexRaw(contentStart: number): void {
    const { src } = this
    this.rawEnd.lastIndex = contentStart
    const m = this.rawEnd.exec(src)
    if (!m) throw new TemplateSyntaxError('Missing end of raw directive', contentStart)
    const content = this.stripBeforeTag(src.slice(contentStart, m.index), m[1], true)
    this.pushData(content, contentStart)
    this.finishMatch(m.index + m[0].length)
  }

  private finishMatch(end: number): void {
    this.lineStarting = this.src[end - 1] === '\n'
    this.pos = end
  }

  /** Expression tokens up to the closing tag (only recognised when brackets are balanced). */
  private lexCode(endTag: RegExp, endType: TokenType): void {
    const { src } = this
    const balance: string[] = []
    for (;;) {
      if (this.pos >= src.length) return
      if (balance.length === 0) {
        endTag.lastIndex = this.pos
        const m = endTag.exec(src)
        if (m) {
          this.push(endType, m[0], this.pos, this.pos + m[0].length)
          this.finishMatch(this.pos + m[0].length)
          return
        }
      }
      if (this.skip(WHITESPACE)) continue
      this.lexExpressionToken(balance)
    }
  }

  private skip(re: RegExp): boolean {
    re.lastIndex = this.pos
    const m = re.exec(this.src)
    if (!m) return false
    this.pos += m[0].length
    return true
  }

  private lexExpressionToken(balance: string[]): void {
    const { src } = this
    const start = this.pos
    for (const [re, type] of [
      [FLOAT, 'float'],
      [INTEGER, 'integer'],
      [NAME, 'name'],
    ] as const) {
      re.lastIndex = start
      const m = re.exec(src)
      if (m) {
        this.push(type, m[0], start, (this.pos = start + m[0].length))
        return
      }
    }
    STRING.lastIndex = start
    const str = STRING.exec(src)
    if (str) {
      const body = this.normalizeNewlines(str[1] ?? str[2])
      this.push('string', decodePythonString(body, start), start, (this.pos = start + str[0].length))
      return
    }
    OPERATOR.lastIndex = start
    const op = OPERATOR.exec(src)
    if (!op) throw new TemplateSyntaxError(`unexpected char ${charRepr(src[start])} at ${start}`, start)
    this.trackBalance(op[0], balance, start)
    this.push('operator', op[0], start, (this.pos = start + op[0].length))
  }

  private trackBalance(op: string, balance: string[], at: number): void {
    if (CLOSERS[op]) balance.push(CLOSERS[op])
    else if (op === ')' || op === ']' || op === '}') {
      const expected = balance.pop()
      if (!expected) throw new TemplateSyntaxError(`unexpected '${op}'`, at)
      if (expected !== op) throw new TemplateSyntaxError(`unexpected '${op}', expected '${expected}'`, at)
    }
  }
}

function skipWhitespace(text: string, from: number): number {
  let i = from
  while (i < text.length && /\s/.test(text[i])) i++
  return i
}

function charRepr(ch: string): string {
  return ch === "'" ? `"'"` : `'${ch}'`
}

export function tokenize(prepared: string, opts: LexOptions): Token[] {
  return new Lexer(prepared, opts).tokenize()
}
