// Free-form module arguments, `copy: src=a dest="b c" mode=0644`, split and read the way
// Ansible's parse_kv/split_args do: whitespace separates words except inside quotes and
// inside {{ }}, {% %} and {# #}; values stay strings; words that are not k=v (and, for
// command-like modules, everything but their few options) become `_raw_params`.
import { ParseError } from '../errors.js'
import { assignKey } from './assign-key.js'

/** Options of command/shell/… that may appear as k=v inside their free-form command line. */
export const RAW_COMMAND_OPTIONS: ReadonlySet<string> = new Set([
  'creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends',
])

export interface ParseKvOptions {
  /** Command-like modules: only RAW_COMMAND_OPTIONS are taken as k=v, the rest is the command. */
  checkRaw?: boolean
}

/** Jinja2 delimiters tracked while splitting, so `{{ a | b }}` stays one word. */
const JINJA_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['{{', '}}'],
  ['{%', '%}'],
  ['{#', '#}'],
]

function occurrences(text: string, needle: string): number {
  let count = 0
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++
  return count
}

/** The quote still open after `word`, given the one open before it (a backslash escapes a quote). */
function openQuoteAfter(word: string, open: string | undefined): string | undefined {
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!
    if ((c !== '"' && c !== "'") || (i > 0 && word[i - 1] === '\\')) continue
    if (open === undefined) open = c
    else if (c === open) open = undefined
  }
  return open
}

/** Splits a line of arguments into words, keeping quoted text and Jinja2 blocks together. */
class ArgSplitter {
  readonly words: string[] = []
  private quote: string | undefined
  private readonly depth = [0, 0, 0]

  private get insideJinja(): boolean {
    return this.depth.some((d) => d > 0)
  }

  private appendToLast(text: string): void {
    if (this.words.length === 0) this.words.push(text)
    else this.words[this.words.length - 1] += text
  }

  /** Feed one line (without its newline); returns whether it ended with a `\` continuation. */
  line(text: string): boolean {
    const pieces = text.split(' ')
    let continued = false
    pieces.forEach((piece, index) => {
      if (piece === '' && index > 0) {
        // Runs of spaces are kept, attached to the word before them.
        if (this.words.length > 0) this.appendToLast(' ')
        return
      }
      if (piece === '\\' && this.quote === undefined) {
        continued = true
        return
      }
      this.word(piece, index, pieces.length)
    })
    return continued
  }

  private word(piece: string, index: number, count: number): void {
    const wasQuoted = this.quote !== undefined
    this.quote = openQuoteAfter(piece, this.quote)
    const quoted = this.quote !== undefined
    let placed = false
    if (quoted && !wasQuoted && !this.insideJinja) {
      this.words.push(piece)
      placed = true
    } else if (this.insideJinja || quoted || wasQuoted) {
      // Continue the open word: after a newline directly, after a space with a space.
      if (index === 0 && wasQuoted) this.appendToLast(piece)
      else if (count > 1) this.appendToLast(index > 0 ? ` ${piece}` : piece)
      else this.appendToLast(`\n${piece}`)
      placed = true
    }
    JINJA_PAIRS.forEach(([open, close], kind) => {
      const opened = occurrences(piece, open) - occurrences(piece, close)
      if (opened === 0) return
      this.depth[kind] = Math.max(0, this.depth[kind]! + opened)
      if (!placed) {
        this.words.push(piece)
        placed = true
      }
    })
    if (!placed && !this.insideJinja && !quoted && piece !== '') this.words.push(piece)
  }

  newline(): void {
    if (this.words.length > 0) this.appendToLast('\n')
  }

  get balanced(): boolean {
    return this.quote === undefined && !this.insideJinja
  }
}

/** Split an argument string into words, as Ansible's split_args does. */
export function splitArgs(text: string): string[] {
  const splitter = new ArgSplitter()
  const lines = text.split('\n')
  lines.forEach((line, index) => {
    const continued = splitter.line(line)
    if (lines.length > 1 && index < lines.length - 1 && !continued) splitter.newline()
  })
  if (!splitter.balanced) {
    throw new ParseError(`failed at splitting arguments, either an unbalanced jinja2 block or quotes: ${text}`)
  }
  return splitter.words
}

/** Join words back, keeping the newlines they carry (the inverse of splitArgs for _raw_params). */
export function joinArgs(words: readonly string[]): string {
  let out = ''
  for (const word of words) out += out === '' || out.endsWith('\n') ? word : ` ${word}`
  return out
}

/** Strip one pair of matching outer quotes ('a b' → a b), unless the closing one is escaped. */
export function unquote(text: string): string {
  const first = text[0]
  const quoted = text.length > 1 && (first === '"' || first === "'") && text.endsWith(first) && text[text.length - 2] !== '\\'
  return quoted ? text.slice(1, -1) : text
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
}
const ESCAPE_RE = /\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\\'"abfnrtv])/g

/** Python-style backslash escapes (\n, \t, \", \x41, \u00e9 …) decoded; others left as written. */
export function decodeEscapes(text: string): string {
  if (!text.includes('\\')) return text
  return text.replace(ESCAPE_RE, (_, seq: string) => {
    const kind = seq[0]!
    if (kind === 'U' || kind === 'u' || kind === 'x') return String.fromCodePoint(parseInt(seq.slice(1), 16))
    return SIMPLE_ESCAPES[kind]!
  })
}

/** The position of the `=` that separates key from value (not the first character, not escaped), or -1. */
function separatorIndex(word: string): number {
  for (let at = word.indexOf('=', 1); at !== -1; at = word.indexOf('=', at + 1)) {
    if (word[at - 1] !== '\\') return at
  }
  return -1
}

/** Parse `k=v` words into a mapping; leftovers go to `_raw_params` (as Ansible's parse_kv). */
export function parseKv(text: string, opts: ParseKvOptions = {}): Record<string, string> {
  const options: Record<string, unknown> = {}
  const raw: string[] = []
  for (const word of splitArgs(text)) {
    const decoded = decodeEscapes(word)
    if (!decoded.includes('=')) {
      raw.push(word)
      continue
    }
    const at = separatorIndex(decoded)
    if (at === -1) {
      raw.push(decoded.replaceAll('\\=', '='))
      continue
    }
    const key = decoded.slice(0, at)
    if (opts.checkRaw && !RAW_COMMAND_OPTIONS.has(key)) {
      raw.push(word)
      continue
    }
    assignKey(options, key.trim(), unquote(decoded.slice(at + 1).trim()))
  }
  if (raw.length > 0) options._raw_params = joinArgs(raw)
  return options as Record<string, string>
}
