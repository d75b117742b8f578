// Python's textwrap.wrap() as Jinja2's `wordwrap` calls it (no tab expansion, no
// whitespace replacement): the same chunking rules, so lines break where Ansible's do.
import { TemplateError } from '../../errors.js'
import { isPySpace } from './python-strings.js'

export interface WrapOptions {
  width: number
  breakLongWords: boolean
  breakOnHyphens: boolean
}

const WS = '[\\t\\n\\v\\f\\r ]'
const NON_WS = '[^\\t\\n\\v\\f\\r ]'
const WORD = '[\\p{L}\\p{N}_]'
const WORD_PUNCT = `(?:${WORD}|[!"'&.,?])`
const LETTER = '[\\p{L}_]'

// textwrap.TextWrapper.wordsep_re: whitespace runs, em-dashes, and words that may
// break after a hyphen between letters.
const WORDSEP = new RegExp(
  `(${WS}+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=${WORD})` +
    `|${NON_WS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})` +
    `|(?=${WS}|$)` +
    `|(?<=${WORD_PUNCT})(?=-{2,}${WORD})))`,
  'u',
)
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`, 'u')

function splitChunks(text: string, breakOnHyphens: boolean): string[] {
  const splitter = breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE
  return text.split(new RegExp(splitter.source, 'gu')).filter((chunk) => chunk !== undefined && chunk !== '')
}

const len = (text: string) => Array.from(text).length

/** textwrap.wrap(text, width, ...) → lines (empty list for empty text). */
export function wrapText(text: string, opts: WrapOptions): string[] {
  if (opts.width <= 0) throw new TemplateError(`invalid width ${opts.width} (must be > 0)`)
  const chunks = splitChunks(text, opts.breakOnHyphens).reverse()
  const lines: string[] = []
  while (chunks.length > 0) {
    let line: string[] = []
    let lineLength = 0
    if (lines.length > 0 && isBlank(chunks[chunks.length - 1])) chunks.pop()
    while (chunks.length > 0 && lineLength + len(chunks[chunks.length - 1]) <= opts.width) {
      const chunk = chunks.pop() as string
      line.push(chunk)
      lineLength += len(chunk)
    }
    if (chunks.length > 0 && len(chunks[chunks.length - 1]) > opts.width) {
      line = breakLongWord(chunks, line, lineLength, opts)
    }
    if (line.length > 0 && isBlank(line[line.length - 1])) line.pop()
    if (line.length > 0) lines.push(line.join(''))
  }
  return lines
}

function isBlank(chunk: string): boolean {
  return chunk.length === 0 || isPySpace(chunk)
}

/** textwrap's _handle_long_word: split the next chunk to fill the line. */
function breakLongWord(chunks: string[], line: string[], lineLength: number, opts: WrapOptions): string[] {
  const spaceLeft = opts.width < 1 ? 1 : opts.width - lineLength
  if (opts.breakLongWords) {
    const chunk = Array.from(chunks[chunks.length - 1])
    let end = spaceLeft
    if (opts.breakOnHyphens && chunk.length > spaceLeft) {
      const hyphen = chunk.slice(0, spaceLeft).lastIndexOf('-')
      if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1
    }
    line.push(chunk.slice(0, end).join(''))
    chunks[chunks.length - 1] = chunk.slice(end).join('')
  } else if (line.length === 0) {
    line.push(chunks.pop() as string)
  }
  return line
}
