// Values in INI inventories go through Python's ast.literal_eval in ansible: `x=1` is the
// number 1, `x=[1, 2]` a list, `x="a b"` a string, and anything that is not a Python
// literal (`x=hello`, `x=yes`) stays the text as written. This is a small parser for
// exactly the literals literal_eval accepts, producing JSON-like values.
//
// Differences that JavaScript forces: complex numbers (`1j`) are not literals here (they
// stay text); floats and ints share one number type; sets and tuples become arrays.

type Literal = unknown
/** Thrown inside the parser when the text is not a literal; never escapes this file. */
const FAIL = Symbol('not a literal')

/** The value of `text` as ansible's INI parser computes it: a Python literal, or the text itself. */
export function iniValue(text: string): unknown {
  const parsed = parsePythonLiteral(text)
  return parsed ? parsed.value : text
}

/** Parse a Python literal expression; undefined when literal_eval would refuse it. */
export function parsePythonLiteral(text: string): { value: Literal } | undefined {
  // literal_eval strips leading blanks itself (Python 3.9+).
  const parser = new LiteralParser(text.replace(/^[ \t]+/, ''))
  try {
    const value = parser.value()
    parser.skipSpace()
    return parser.atEnd() ? { value } : undefined
  } catch (err) {
    if (err === FAIL) return undefined
    throw err
  }
}

const NUMBER_RE =
  /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:[0-9](?:_?[0-9])*)?\.[0-9](?:_?[0-9])*|[0-9](?:_?[0-9])*\.?)(?:[eE][+-]?[0-9](?:_?[0-9])*)?/y
const STRING_START_RE = /([rRuUbBfF]{0,2})('''|"""|'|")/y
const NAME_RE = /[A-Za-z_][A-Za-z0-9_]*/y
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
}

class LiteralParser {
  private pos = 0
  constructor(private readonly src: string) {}

  atEnd(): boolean {
    return this.pos >= this.src.length
  }

  skipSpace(): void {
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]
      if (c === '#') {
        const nl = this.src.indexOf('\n', this.pos)
        this.pos = nl < 0 ? this.src.length : nl
      } else if (' \t\f\r\n'.includes(c)) {
        this.pos++
      } else {
        return
      }
    }
  }

  private peek(): string {
    this.skipSpace()
    return this.src[this.pos] ?? ''
  }

  private expect(c: string): void {
    if (this.peek() !== c) throw FAIL
    this.pos++
  }

  value(): Literal {
    const c = this.peek()
    if (c === '+' || c === '-') return this.signedNumber()
    if (c === '[') return this.sequence('[', ']')
    if (c === '(') return this.parenthesized()
    if (c === '{') return this.braces()
    if (/[0-9.]/.test(c)) return this.number()
    if (this.startsString()) return this.strings()
    return this.name()
  }

  /** literal_eval allows one sign directly on a number (`-1`, `- 1`, `-(1)`), not on anything else. */
  private signedNumber(): number {
    const sign = this.src[this.pos++] === '-' ? -1 : 1
    let depth = 0
    while (this.peek() === '(') {
      this.pos++
      depth++
    }
    if (!/[0-9.]/.test(this.peek())) throw FAIL
    const n = this.number()
    for (; depth > 0; depth--) this.expect(')')
    return sign * n
  }

  private number(): number {
    NUMBER_RE.lastIndex = this.pos
    const m = NUMBER_RE.exec(this.src)
    if (!m) throw FAIL
    this.pos += m[0].length
    // `07`, `1abc`, `1j` (complex) and `1.2.3` are not literals we can represent.
    if (/[0-9A-Za-z_.]/.test(this.src[this.pos] ?? '')) throw FAIL
    const text = m[0].replaceAll('_', '')
    if (/^0[xob]/i.test(text)) return Number(text.toLowerCase())
    // Python 3 refuses leading zeros in integers (`07`), except for zero itself (`00`).
    if (/^0[0-9]*[1-9]/.test(text) && !/[.eE]/.test(text)) throw FAIL
    return Number(text)
  }

  private name(): Literal {
    NAME_RE.lastIndex = this.pos
    const m = NAME_RE.exec(this.src)
    if (!m) throw FAIL
    this.pos += m[0].length
    if (m[0] === 'True') return true
    if (m[0] === 'False') return false
    if (m[0] === 'None') return null
    if (m[0] === 'set') {
      this.expect('(')
      this.expect(')')
      return []
    }
    throw FAIL
  }

  private sequence(open: string, close: string): Literal[] {
    this.expect(open)
    const items: Literal[] = []
    while (this.peek() !== close) {
      items.push(this.value())
      if (this.peek() !== ',') break
      this.pos++
    }
    this.expect(close)
    return items
  }

  /** `(1)` is 1; `()`, `(1,)` and `(1, 2)` are tuples. */
  private parenthesized(): Literal {
    this.expect('(')
    if (this.peek() === ')') {
      this.pos++
      return []
    }
    const first = this.value()
    if (this.peek() === ')') {
      this.pos++
      return first
    }
    const items = [first]
    while (this.peek() === ',') {
      this.pos++
      if (this.peek() === ')') break
      items.push(this.value())
    }
    this.expect(')')
    return items
  }

  /** `{}` and `{k: v}` are dicts; `{1, 2}` is a set, which becomes a list of its distinct items. */
  private braces(): Literal {
    this.expect('{')
    const afterBrace = this.pos
    if (this.peek() === '}') {
      this.pos++
      return {}
    }
    const first = this.value()
    if (this.peek() !== ':') {
      this.pos = afterBrace - 1 // re-read from the brace as a set
      const items = this.sequence('{', '}')
      if (items.some((i) => i !== null && typeof i === 'object')) throw FAIL // unhashable
      return [...new Set(items)]
    }
    const dict: Record<string, Literal> = {}
    let key: Literal = first
    for (;;) {
      this.expect(':')
      dict[dictKey(key)] = this.value()
      if (this.peek() !== ',') break
      this.pos++
      if (this.peek() === '}') break
      key = this.value()
    }
    this.expect('}')
    return dict
  }

  private startsString(): boolean {
    STRING_START_RE.lastIndex = this.pos
    return STRING_START_RE.test(this.src)
  }

  /** One or more adjacent string literals, concatenated as Python does. */
  private strings(): string {
    let text = ''
    let kind: 'bytes' | 'str' | undefined
    while (this.startsString()) {
      const part = this.stringLiteral()
      if (kind && kind !== part.kind) throw FAIL // bytes + str is a syntax error
      kind = part.kind
      text += part.text
      this.skipSpace()
    }
    return text
  }

  private stringLiteral(): { kind: 'bytes' | 'str'; text: string } {
    STRING_START_RE.lastIndex = this.pos
    const m = STRING_START_RE.exec(this.src)!
    const prefix = m[1].toLowerCase()
    const quote = m[2]
    if (!/^(?:|r|u|b|br|rb)$/.test(prefix)) throw FAIL // f-strings are not literals
    this.pos += m[0].length
    const raw = prefix.includes('r')
    const kind = prefix.includes('b') ? 'bytes' : 'str'
    let text = ''
    for (;;) {
      if (this.pos >= this.src.length) throw FAIL
      if (this.src.startsWith(quote, this.pos)) {
        this.pos += quote.length
        break
      }
      const c = this.src[this.pos++]
      if (c === '\n' && quote.length === 1) throw FAIL
      if (c !== '\\') text += c
      else if (raw) text += c + (this.src[this.pos++] ?? '')
      else text += this.escape(kind)
    }
    if (kind === 'bytes' && /[^\x00-\x7f]/.test(text)) throw FAIL
    return { kind, text }
  }

  /** The character(s) a backslash escape stands for; the backslash is already consumed. */
  private escape(kind: 'bytes' | 'str'): string {
    const c = this.src[this.pos++] ?? ''
    if (c in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[c]
    if (c === '\n') return ''
    if (/[0-7]/.test(c)) {
      let digits = c
      while (digits.length < 3 && /[0-7]/.test(this.src[this.pos] ?? '')) digits += this.src[this.pos++]
      return String.fromCodePoint(parseInt(digits, 8))
    }
    const hexLength = c === 'x' ? 2 : kind === 'str' && c === 'u' ? 4 : kind === 'str' && c === 'U' ? 8 : 0
    if (hexLength) {
      const hex = this.src.slice(this.pos, this.pos + hexLength)
      if (!new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) throw FAIL
      this.pos += hexLength
      const code = parseInt(hex, 16)
      if (code > 0x10ffff) throw FAIL
      return String.fromCodePoint(code)
    }
    if (c === 'N' && kind === 'str') throw FAIL // named escapes need Unicode names we do not carry
    return `\\${c}` // unknown escapes keep their backslash
  }
}

/** Python dict keys become JSON object keys the way json.dumps writes them. */
function dictKey(key: Literal): string {
  if (typeof key === 'string') return key
  if (typeof key === 'number') return String(key)
  if (typeof key === 'boolean') return key ? 'true' : 'false'
  if (key === null) return 'null'
  throw FAIL // tuples, lists and dicts cannot be JSON keys
}
