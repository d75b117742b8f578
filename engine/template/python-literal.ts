// Python's ast.literal_eval, as Ansible applies it to rendered text that looks like a
// list, dict or bool: strings (all quote and prefix forms, adjacent ones joined), numbers,
// True/False/None (and JSON's true/false/null, which Ansible maps), tuples, lists, dicts
// and sets. Anything else is "not a literal" and the text stays text.
import { type PyFloat, toFloat } from './filters/python-float.js'
import { isNumber, isTuple, tuple } from './filters/python-types.js'
import { negateNumber } from './number-ops.js'
import { parseInteger } from './expression-parser.js'
import { setKey } from './globals.js'
import { TemplateError } from '../errors.js'
import { decodePythonString } from './string-literal.js'

const NOT_LITERAL = Symbol('not a literal')

const NAMES: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, null: null }

class LiteralParser {
  private pos = 0

  constructor(private readonly text: string) {}

  parseAll(): unknown {
    const value = this.value()
    this.skipSpace()
    if (this.pos !== this.text.length) throw NOT_LITERAL
    return value
  }

  private skipSpace(): void {
    for (;;) {
      const m = /^(?:[ \t\f\r\n]+|#[^\n]*|\\\n)/.exec(this.text.slice(this.pos))
      if (!m) return
      this.pos += m[0].length
    }
  }

  private peek(): string {
    this.skipSpace()
    return this.text[this.pos] ?? ''
  }

  private eat(ch: string): boolean {
    if (this.peek() !== ch) return false
    this.pos++
    return true
  }

  private value(): unknown {
    const ch = this.peek()
    if (ch === '[') return this.sequence('[', ']', (items) => items)
    if (ch === '(') return this.sequence('(', ')', (items, trailingComma) => (items.length === 1 && !trailingComma ? items[0] : tuple(...items)))
    if (ch === '{') return this.braces()
    if (ch === '-' || ch === '+') {
      this.pos++
      const n = this.value()
      if (!isNumber(n)) throw NOT_LITERAL
      return ch === '-' ? negateNumber(n) : n
    }
    const rest = this.text.slice(this.pos)
    const bytes = /^[bB][rR]?['"]|^[rR][bB]['"]/.exec(rest)
    if (bytes) throw unsupported('bytes literal', rest)
    const str = /^([rRuU]?)('''|"""|'|")/.exec(rest)
    if (str) return this.strings()
    const num = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*)?\.?(?:\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?)[jJ]?/.exec(rest)
    if (num && num[0] && /\d/.test(num[0])) return this.number(num[0])
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest)
    if (name && Object.prototype.hasOwnProperty.call(NAMES, name[0])) {
      this.pos += name[0].length
      return NAMES[name[0]]
    }
    throw NOT_LITERAL
  }

  private number(text: string): number | bigint | PyFloat {
    this.pos += text.length
    if (/[jJ]$/.test(text)) throw unsupported('complex number', text)
    if (/^0[xXoObB]/.test(text) || /^\d(?:_?\d)*$/.test(text)) {
      if (/^0\d/.test(text.replaceAll('_', '')) && !/^0+$/.test(text.replaceAll('_', ''))) throw NOT_LITERAL
      return parseInteger(text)
    }
    return toFloat(parseFloat(text.replaceAll('_', '')))
  }

  /** One or more adjacent string literals, joined as Python does. */
  private strings(): string {
    let out = ''
    for (;;) {
      this.skipSpace()
      const m = /^([rRuU]?)('''|"""|'|")/.exec(this.text.slice(this.pos))
      if (!m) return out
      this.pos += m[0].length
      const quote = m[2]
      let body = ''
      for (;;) {
        if (this.pos >= this.text.length) throw NOT_LITERAL
        if (this.text.startsWith(quote, this.pos)) break
        const ch = this.text[this.pos]
        if (ch === '\n' && quote.length === 1) throw NOT_LITERAL
        body += ch
        if (ch === '\\' && this.pos + 1 < this.text.length) body += this.text[++this.pos]
        this.pos++
      }
      this.pos += quote.length
      out += /r/i.test(m[1]) ? body : decodeOrReject(body)
    }
  }

  private sequence(open: string, close: string, build: (items: unknown[], trailingComma: boolean) => unknown): unknown {
    this.eat(open)
    const items: unknown[] = []
    let trailingComma = false
    while (!this.eat(close)) {
      items.push(this.value())
      trailingComma = this.eat(',')
      if (!trailingComma && this.peek() !== close) throw NOT_LITERAL
    }
    return build(items, trailingComma)
  }

  private braces(): unknown {
    this.eat('{')
    if (this.eat('}')) return {}
    const first = this.value()
    if (this.eat(':')) return this.dictFrom(first)
    const set = new Set<unknown>([hashable(first)])
    while (this.eat(',')) {
      if (this.peek() === '}') break
      set.add(hashable(this.value()))
    }
    if (!this.eat('}')) throw NOT_LITERAL
    return set
  }

  private dictFrom(firstKey: unknown): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    let key = firstKey
    for (;;) {
      setKey(out, hashable(key), this.value())
      if (!this.eat(',') || this.peek() === '}') break
      key = this.value()
      if (!this.eat(':')) throw NOT_LITERAL
    }
    if (!this.eat('}')) throw NOT_LITERAL
    return out
  }
}

/** Python dict keys and set items must be hashable: scalars, or tuples of them. As in Python, anything else is a TypeError. */
function hashable(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || isNumber(value)) return value
  if (isTuple(value)) {
    value.forEach(hashable)
    return value
  }
  const type = value instanceof Set ? 'set' : Array.isArray(value) ? 'list' : 'dict'
  throw new TemplateError(`unhashable type: '${type}'`)
}

/** Python would build a value JavaScript has no counterpart for: refuse rather than differ. */
function unsupported(what: string, text: string): TemplateError {
  return new TemplateError(`the rendered text parses as a Python literal with a ${what}, which is not supported: ${text.slice(0, 80)}`)
}

function decodeOrReject(body: string): string {
  try {
    return decodePythonString(body, 0)
  } catch {
    throw NOT_LITERAL // a bad escape is Python's SyntaxError: the text stays text
  }
}

/** The value `text` spells as a Python literal, or `undefined` when it is not one. */
export function literalEval(text: string): { value: unknown } | undefined {
  try {
    return { value: new LiteralParser(text).parseAll() }
  } catch (err) {
    if (err === NOT_LITERAL) return undefined
    throw err
  }
}
