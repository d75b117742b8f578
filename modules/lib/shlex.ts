// Python's shlex.split in POSIX mode without comments, as the command module splits
// its free-form text: whitespace separates words, quotes group them, a backslash
// escapes the next character (inside double quotes only `"` and `\`).

export class ShellSplitError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ShellSplitError'
  }
}

export interface ShellWord {
  word: string
  /** Offset in the text just after the word (its closing quote included). */
  end: number
}

const WHITESPACE = ' \t\r\n'

export function shellWords(text: string): ShellWord[] {
  const words: ShellWord[] = []
  let word = ''
  let open = false // a word has started, even if empty ('' is a word)
  let quote = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote) {
      if (c === quote) quote = ''
      else if (c === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\')) word += text[++i]
      else word += c
    } else if (WHITESPACE.includes(c)) {
      if (open) words.push({ word, end: i })
      word = ''
      open = false
    } else if (c === '"' || c === "'") {
      quote = c
      open = true
    } else if (c === '\\') {
      if (i + 1 >= text.length) throw new ShellSplitError('No escaped character')
      word += text[++i]
      open = true
    } else {
      word += c
      open = true
    }
  }
  if (quote) throw new ShellSplitError('No closing quotation')
  if (open) words.push({ word, end: text.length })
  return words
}

export function shellSplit(text: string): string[] {
  return shellWords(text).map((w) => w.word)
}
