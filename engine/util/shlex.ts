// Python's shlex.split in POSIX mode, the one word splitter for the whole project: the
// command module's free-form text, validate commands, and INI inventory host lines
// (those with `comments: true`, where '#' starts a comment anywhere outside quotes).
// Quotes group words, a backslash escapes the next character (inside double quotes only
// `"` and `\`), and '' is a word of its own.

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

export interface SplitOptions {
  /** '#' outside quotes ends the text (shlex's comments=True). */
  comments?: boolean
}

const WHITESPACE = ' \t\r\n'

export function shellWords(text: string, opts: SplitOptions = {}): ShellWord[] {
  const words: ShellWord[] = []
  let word = ''
  let open = false // a word has started, even if empty ('' is a word)
  let quote = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote) {
      if (c === quote) quote = ''
      else if (c === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\')) word += text[++i]
      else if (c === '\\' && quote === '"' && i + 1 >= text.length) throw new ShellSplitError('No escaped character')
      else word += c
    } else if (WHITESPACE.includes(c)) {
      if (open) words.push({ word, end: i })
      word = ''
      open = false
    } else if (c === '#' && opts.comments) {
      break
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

export function shellSplit(text: string, opts: SplitOptions = {}): string[] {
  return shellWords(text, opts).map((w) => w.word)
}
