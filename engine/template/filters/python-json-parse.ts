// Python's json.loads, as from_json calls it. JSON.parse would read 1.0 as the int 1 and
// 12345678901234567890 inexactly, and refuse NaN and Infinity, which Python accepts; its
// error messages differ too. This reads floats as floats (python-float.ts), big ints as
// BigInt, and fails with Python's words and positions ("Expecting ',' delimiter: line 1
// column 6 (char 5)").
import { TemplateError } from '../../errors.js'
import { toFloat } from './python-float.js'
import { setItem } from './python-types.js'

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y
const WHITESPACE = /[ \t\n\r]*/y
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }
const CONSTANTS: [string, unknown][] = [
  ['null', null], ['true', true], ['false', false], ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity],
]

/** json.loads(text). */
export function pyJsonLoads(text: string): unknown {
  const reader = new JsonReader(text)
  const value = reader.value(reader.skipSpace(0))
  const end = reader.skipSpace(reader.pos)
  if (end !== text.length) throw reader.error('Extra data', end)
  return value
}

class JsonReader {
  pos = 0

  constructor(private readonly text: string) {}

  skipSpace(from: number): number {
    WHITESPACE.lastIndex = from
    WHITESPACE.exec(this.text)
    return WHITESPACE.lastIndex
  }

  /** The value starting at `at`; leaves `pos` just after it. */
  value(at: number): unknown {
    const ch = this.text[at]
    if (ch === '"') return this.string(at)
    if (ch === '{') return this.object(at + 1)
    if (ch === '[') return this.array(at + 1)
    NUMBER.lastIndex = at
    const number = NUMBER.exec(this.text)
    if (number && !this.text.startsWith('-Infinity', at)) {
      this.pos = at + number[0].length
      return number[1] !== undefined || number[2] !== undefined ? toFloat(Number(number[0])) : intOf(number[0])
    }
    for (const [word, value] of CONSTANTS) {
      if (this.text.startsWith(word, at)) {
        this.pos = at + word.length
        return value
      }
    }
    throw this.error('Expecting value', at)
  }

  private array(start: number): unknown[] {
    const items: unknown[] = []
    let at = this.skipSpace(start)
    if (this.text[at] === ']') {
      this.pos = at + 1
      return items
    }
    for (;;) {
      items.push(this.value(at))
      at = this.skipSpace(this.pos)
      if (this.text[at] === ']') {
        this.pos = at + 1
        return items
      }
      if (this.text[at] !== ',') throw this.error("Expecting ',' delimiter", at)
      at = this.skipSpace(at + 1)
    }
  }

  private object(start: number): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    let at = this.skipSpace(start)
    if (this.text[at] === '}') {
      this.pos = at + 1
      return out
    }
    for (;;) {
      if (this.text[at] !== '"') throw this.error('Expecting property name enclosed in double quotes', at)
      const key = this.string(at)
      at = this.skipSpace(this.pos)
      if (this.text[at] !== ':') throw this.error("Expecting ':' delimiter", at)
      setItem(out, key, this.value(this.skipSpace(at + 1)))
      at = this.skipSpace(this.pos)
      if (this.text[at] === '}') {
        this.pos = at + 1
        return out
      }
      if (this.text[at] !== ',') throw this.error("Expecting ',' delimiter", at)
      at = this.skipSpace(at + 1)
    }
  }

  private string(quote: number): string {
    let out = ''
    let at = quote + 1
    for (;;) {
      const ch = this.text[at]
      if (ch === undefined) throw this.error('Unterminated string starting at', quote)
      if (ch === '"') break
      if (ch < ' ') throw this.error('Invalid control character at', at)
      if (ch === '\\') {
        const [decoded, next] = this.escape(at)
        out += decoded
        at = next
      } else {
        out += ch
        at++
      }
    }
    this.pos = at + 1
    return out
  }

  /** The escape at `at` (a backslash) and where the text continues after it. */
  private escape(at: number): [string, number] {
    const code = this.text[at + 1]
    if (code === undefined) throw this.error('Unterminated string starting at', at)
    if (code !== 'u') {
      const decoded = ESCAPES[code]
      if (decoded === undefined) throw this.error(`Invalid \\escape: '${code}'`, at)
      return [decoded, at + 2]
    }
    const hex = this.text.slice(at + 2, at + 6)
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.error('Invalid \\uXXXX escape', at + 1)
    return [String.fromCharCode(parseInt(hex, 16)), at + 6]
  }

  error(message: string, at: number): TemplateError {
    const before = this.text.slice(0, at)
    const line = before.split('\n').length
    const column = at - before.lastIndexOf('\n')
    return new TemplateError(`${message}: line ${line} column ${column} (char ${at})`)
  }
}

/** A JSON int: exact at any size, as Python's int is; -0 is 0. */
function intOf(text: string): number | bigint {
  const n = Number(text)
  if (Number.isSafeInteger(n)) return n === 0 ? 0 : n
  return BigInt(text)
}
