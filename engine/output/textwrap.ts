// Line wrapping as Python's textwrap.wrap does it (break_long_words and
// break_on_hyphens on), because Ansible wraps [WARNING] and [DEPRECATION WARNING]
// messages with it and users compare those lines.

export interface WrapOptions {
  /** Drop whitespace at the start and end of wrapped lines (Python's drop_whitespace). */
  dropWhitespace?: boolean
}

const WS = '[\\t\\n\\x0b\\x0c\\r ]'
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]'
const WORD_PUNCT = `[\\p{L}\\p{N}_!"'&.,?]`
const LETTER = '[\\p{L}\\p{M}_]'
// A chunk is a run of whitespace, an em-dash between words, or a word that may end
// just after a hyphen joining two letters ("well-|known").
const CHUNK = new RegExp(
  `(${WS}+` +
  `|(?<=${WORD_PUNCT})-{2,}(?=\\w)` +
  `|${NWS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})` +
  `|(?=${WS}|$)` +
  `|(?<=${WORD_PUNCT})(?=-{2,}\\w)))`,
  'u',
)

export function wrapText(text: string, width: number, opts: WrapOptions = {}): string[] {
  const dropWhitespace = opts.dropWhitespace ?? true
  const chunks = splitChunks(expandTabs(text).replace(/[\t\n\x0b\x0c\r]/g, ' '))
  const lines: string[] = []
  chunks.reverse() // consumed from the end, like Python's implementation
  while (chunks.length > 0) {
    const line: string[] = []
    let length = 0
    if (dropWhitespace && isBlank(chunks[chunks.length - 1]) && lines.length > 0) chunks.pop()
    while (chunks.length > 0) {
      const next = chunks[chunks.length - 1]
      if (length + next.length > width) break
      line.push(chunks.pop()!)
      length += next.length
    }
    if (chunks.length > 0 && chunks[chunks.length - 1].length > width) {
      breakLongWord(chunks, line, width, length)
    }
    if (dropWhitespace && line.length > 0 && isBlank(line[line.length - 1])) line.pop()
    if (line.length > 0) lines.push(line.join(''))
  }
  return lines
}

/** Put as much of an over-long word as fits on the line, preferring to break after a hyphen. */
function breakLongWord(chunks: string[], line: string[], width: number, length: number): void {
  const spaceLeft = Math.max(width - length, 1)
  const word = chunks[chunks.length - 1]
  let end = spaceLeft
  if (word.length > spaceLeft) {
    const hyphen = word.lastIndexOf('-', spaceLeft - 1)
    if (hyphen > 0 && /[^-]/.test(word.slice(0, hyphen))) end = hyphen + 1
  }
  line.push(word.slice(0, end))
  chunks[chunks.length - 1] = word.slice(end)
}

function splitChunks(text: string): string[] {
  return text.split(CHUNK).filter((c) => c !== undefined && c !== '')
}

function isBlank(chunk: string): boolean {
  return chunk.trim() === ''
}

export function expandTabs(text: string, size = 8): string {
  let column = 0
  let out = ''
  for (const ch of text) {
    if (ch === '\t') {
      const pad = size - (column % size)
      out += ' '.repeat(pad)
      column += pad
    } else {
      out += ch
      column = ch === '\n' || ch === '\r' ? 0 : column + 1
    }
  }
  return out
}
