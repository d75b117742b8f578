// Python's string-literal escapes, as Jinja2 decodes them (`unicode-escape`): \n, \t,
// \xHH, \uHHHH, octal, line continuations… and, unlike JavaScript or Nunjucks, an unknown
// escape such as `\d` keeps its backslash, so regexes written in templates survive.
import { TemplateSyntaxError } from './syntax-error.js'

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
}

const HEX_ESCAPES: Record<string, [number, string]> = {
  x: [2, 'truncated \\xXX escape'],
  u: [4, 'truncated \\uXXXX escape'],
  U: [8, 'truncated \\UXXXXXXXX escape'],
}

/** Decode the body of a string literal (without its quotes); `offset` locates errors. */
export function decodePythonString(body: string, offset: number): string {
  if (!body.includes('\\')) return body
  let out = ''
  let i = 0
  while (i < body.length) {
    const ch = body[i]
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch
      i++
      continue
    }
    const [text, used] = decodeEscape(body, i + 1, offset)
    out += text
    i += 1 + used
  }
  return out
}

/** One escape starting after its backslash: [decoded text, characters consumed]. */
function decodeEscape(body: string, at: number, offset: number): [string, number] {
  const ch = body[at]
  if (ch in SIMPLE_ESCAPES) return [SIMPLE_ESCAPES[ch], 1]
  if (ch in HEX_ESCAPES) {
    const [width, message] = HEX_ESCAPES[ch]
    const digits = body.slice(at + 1, at + 1 + width)
    if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== width) throw new TemplateSyntaxError(message, offset)
    const code = parseInt(digits, 16)
    if (code > 0x10ffff) throw new TemplateSyntaxError('illegal Unicode character', offset)
    return [String.fromCodePoint(code), 1 + width]
  }
  const octal = /^[0-7]{1,3}/.exec(body.slice(at, at + 3))
  if (octal) return [String.fromCodePoint(parseInt(octal[0], 8)), octal[0].length]
  if (ch === 'N') throw new TemplateSyntaxError('\\N{...} escapes (Unicode names) are not supported', offset)
  const code = ch.codePointAt(0) as number
  // Jinja2 first escapes non-ASCII text as \xHH / \uHHHH, so a backslash before one keeps that spelling.
  if (code > 0x7f) return ['\\' + nonAsciiEscape(code), String.fromCodePoint(code).length]
  return ['\\' + ch, 1]
}

function nonAsciiEscape(code: number): string {
  if (code < 0x100) return `x${code.toString(16).padStart(2, '0')}`
  if (code < 0x10000) return `u${code.toString(16).padStart(4, '0')}`
  return `U${code.toString(16).padStart(8, '0')}`
}
