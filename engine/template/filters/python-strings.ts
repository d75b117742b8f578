// Python's str methods whose details differ from JavaScript's: what counts as
// whitespace, strip(chars), split(sep, maxsplit), splitlines(), replace(old, new, count).
import { TemplateError } from '../../errors.js'

/** Python's str.isspace() characters (JS \s differs: it has U+FEFF and lacks \x1c-\x1f, \x85). */
export const PY_WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'

const LEADING_SPACE = new RegExp(`^[${PY_WHITESPACE}]+`)
const TRAILING_SPACE = new RegExp(`[${PY_WHITESPACE}]+$`)
const SPACE_RUN = new RegExp(`[${PY_WHITESPACE}]+`)

export function isPySpace(text: string): boolean {
  return text.length > 0 && new RegExp(`^[${PY_WHITESPACE}]+$`).test(text)
}

/** Python's strip/lstrip/rstrip, with optional set of characters to remove. */
export function pyStrip(text: string, chars?: string | null, side: 'both' | 'left' | 'right' = 'both'): string {
  if (chars === null || chars === undefined) {
    if (side !== 'right') text = text.replace(LEADING_SPACE, '')
    if (side !== 'left') text = text.replace(TRAILING_SPACE, '')
    return text
  }
  const set = new Set(Array.from(chars))
  const points = Array.from(text)
  let start = 0
  let end = points.length
  if (side !== 'right') while (start < end && set.has(points[start])) start++
  if (side !== 'left') while (end > start && set.has(points[end - 1])) end--
  return points.slice(start, end).join('')
}

/** Python's str.split(sep=None, maxsplit=-1). */
export function pySplit(text: string, sep?: string | null, maxsplit = -1): string[] {
  if (sep === null || sep === undefined) return splitOnWhitespace(text, maxsplit)
  if (sep === '') throw new TemplateError('empty separator')
  const parts: string[] = []
  let rest = text
  while (maxsplit < 0 || parts.length < maxsplit) {
    const at = rest.indexOf(sep)
    if (at < 0) break
    parts.push(rest.slice(0, at))
    rest = rest.slice(at + sep.length)
  }
  parts.push(rest)
  return parts
}

function splitOnWhitespace(text: string, maxsplit: number): string[] {
  const parts: string[] = []
  let rest = text.replace(LEADING_SPACE, '')
  while (rest.length > 0) {
    if (maxsplit >= 0 && parts.length >= maxsplit) {
      parts.push(rest)
      break
    }
    const match = SPACE_RUN.exec(rest)
    if (!match) {
      parts.push(rest)
      break
    }
    parts.push(rest.slice(0, match.index))
    rest = rest.slice(match.index + match[0].length)
  }
  return parts
}

const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/

/** Python's str.splitlines(keepends=False). */
export function pySplitlines(text: string): string[] {
  const lines: string[] = []
  let rest = text
  while (rest.length > 0) {
    const match = LINE_BREAK.exec(rest)
    if (!match) {
      lines.push(rest)
      break
    }
    lines.push(rest.slice(0, match.index))
    rest = rest.slice(match.index + match[0].length)
  }
  return lines
}

/** Python's str.replace(old, new, count=-1); an empty `old` inserts between characters. */
export function pyReplace(text: string, old: string, replacement: string, count = -1): string {
  if (count === 0) return text
  if (old === '') {
    const points = Array.from(text)
    let out = ''
    let done = 0
    for (let i = 0; i <= points.length; i++) {
      if (count < 0 || done < count) {
        out += replacement
        done++
      }
      if (i < points.length) out += points[i]
    }
    return out
  }
  if (count < 0) return text.split(old).join(replacement)
  const pieces = pySplit(text, old, count)
  return pieces.join(replacement)
}

/** Python's str.capitalize(): first character upper case, the rest lower case. */
export function pyCapitalize(text: string): string {
  const [first = '', ...rest] = Array.from(text)
  return first.toUpperCase() + rest.join('').toLowerCase()
}

/** Python's str.center(width): the extra space goes right unless width and margin are odd. */
export function pyCenter(text: string, width: number, fill = ' '): string {
  const length = Array.from(text).length
  const margin = width - length
  if (margin <= 0) return text
  const left = Math.floor(margin / 2) + (margin & width & 1)
  return fill.repeat(left) + text + fill.repeat(margin - left)
}
