// POSIX shell-like splitting of an INI host line, the way ansible's INI parser does it
// (Python's shlex.split(line, comments=True)): quotes group words, backslash escapes,
// and '#' starts a comment anywhere outside quotes, even in the middle of a word.

const WHITESPACE = ' \t\r\n'
const QUOTES = `'"`

export class ShlexError extends Error {}

/** Split `line` into words; throws ShlexError for an unclosed quote or a trailing backslash. */
export function shlexSplit(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false // a word is open, even if it is still empty ('' counts as a word)
  let quote = '' // the quote we are inside of, or ''
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote) {
      if (c === quote) {
        quote = ''
      } else if (c === '\\' && quote === '"') {
        // Inside double quotes a backslash only escapes '"' and '\'.
        if (i + 1 >= line.length) throw new ShlexError('No escaped character')
        const next = line[++i]
        word += next === '"' || next === '\\' ? next : `\\${next}`
      } else {
        word += c
      }
      continue
    }
    if (WHITESPACE.includes(c)) {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else if (c === '#') {
      break // the rest of the line is a comment
    } else if (QUOTES.includes(c)) {
      quote = c
      inWord = true
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new ShlexError('No escaped character')
      word += line[++i]
      inWord = true
    } else {
      word += c
      inWord = true
    }
  }
  if (quote) throw new ShlexError('No closing quotation')
  if (inWord) words.push(word)
  return words
}
