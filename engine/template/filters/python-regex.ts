// Python `re` patterns run on JavaScript's RegExp. The syntax mostly agrees; where it
// does not, the pattern is rewritten so the match is Python's: (?P<n>…), \A \Z, `$`
// before a final newline, `.` not matching only \n, Unicode-aware \d \w \b, inline
// flags, lenient escapes and braces. Constructs JS cannot express are errors.
import { TemplateError } from '../../errors.js'

export interface PyRegexFlags {
  ignorecase?: boolean
  multiline?: boolean
  dotall?: boolean
}

const WORD_CLASS = '\\p{L}\\p{N}_'
const WORD = `[${WORD_CLASS}]`
const NOT_WORD = `[^${WORD_CLASS}]`
const BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`
const NON_BOUNDARY = `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`
const START = '(?<![\\s\\S])'
const END = '(?![\\s\\S])'

const cache = new Map<string, RegExp>()

/**
 * How the pattern will be used: re.search (first match anywhere), all matches (findall,
 * sub), re.match (anchored at the start) or re.fullmatch (the whole text).
 */
export type RegexMode = 'search' | 'global' | 'match' | 'fullmatch'

/**
 * Compile a Python pattern for `mode`. Compiled patterns are cached and shared, so take
 * a fresh one for each text (match/fullmatch/global patterns carry a lastIndex).
 */
export function compilePyRegex(pattern: string, flags: PyRegexFlags = {}, mode: RegexMode = 'search'): RegExp {
  const cacheKey = `${flags.ignorecase ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.dotall ? 's' : ''}${mode}:${pattern}`
  let compiled = cache.get(cacheKey)
  if (!compiled) {
    compiled = translate(pattern, { ...flags }, mode)
    if (cache.size > 500) cache.clear()
    cache.set(cacheKey, compiled)
  }
  compiled.lastIndex = 0
  return compiled
}

function translate(pattern: string, flags: PyRegexFlags, mode: RegexMode): RegExp {
  const { body, verbose } = takeInlineFlags(pattern, flags)
  let source = new Translator(verbose ? stripVerbose(body) : body, flags).run()
  if (mode === 'fullmatch') source = `(?:${source})${END}`
  const modeFlag = mode === 'global' ? 'g' : mode === 'search' ? '' : 'y'
  const jsFlags = `u${flags.ignorecase ? 'i' : ''}${modeFlag}`
  try {
    return new RegExp(source, jsFlags)
  } catch (err) {
    throw new TemplateError(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`)
  }
}

/** Leading (?imsx) groups set flags for the whole pattern, as in Python. */
function takeInlineFlags(pattern: string, flags: PyRegexFlags): { body: string; verbose: boolean } {
  let verbose = false
  let body = pattern
  for (let m = /^\(\?([aiLmsux]+)\)/.exec(body); m; m = /^\(\?([aiLmsux]+)\)/.exec(body)) {
    for (const f of m[1]) {
      if (f === 'i') flags.ignorecase = true
      if (f === 'm') flags.multiline = true
      if (f === 's') flags.dotall = true
      if (f === 'x') verbose = true
    }
    body = body.slice(m[0].length)
  }
  return { body, verbose }
}

/** re.VERBOSE: whitespace and # comments outside classes are not part of the pattern. */
function stripVerbose(pattern: string): string {
  let out = ''
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '')
      i++
    } else if (inClass) {
      if (ch === ']') inClass = false
      out += ch
    } else if (ch === '[') {
      inClass = true
      out += ch
      if (pattern[i + 1] === '^') out += pattern[++i]
      if (pattern[i + 1] === ']') out += pattern[++i]
    } else if (ch === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++
    } else if (!/\s/.test(ch)) {
      out += ch
    }
  }
  return out
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\\x07', f: '\\f', n: '\\n', r: '\\r', t: '\\t', v: '\\v' }

class Translator {
  private i = 0
  private out = ''

  constructor(
    private readonly src: string,
    private readonly flags: PyRegexFlags,
  ) {}

  run(): string {
    while (this.i < this.src.length) this.step()
    return this.out
  }

  private step(): void {
    const ch = this.src[this.i]
    if (ch === '\\') return this.escape(false)
    if (ch === '[') return this.charClass()
    if (ch === '(') return this.group()
    if (ch === '{') return this.brace()
    this.i++
    if (ch === '}') this.out += '\\}'
    else if (ch === '.') this.out += this.flags.dotall ? '[\\s\\S]' : '[^\\n]'
    else if (ch === '$') this.out += this.flags.multiline ? `(?=\\n|${END})` : `(?=\\n?${END})`
    else if (ch === '^') this.out += this.flags.multiline ? `(?:${START}|(?<=\\n))` : START
    else this.out += ch
  }

  private escape(inClass: boolean): void {
    const next = this.src[this.i + 1]
    if (next === undefined) throw new TemplateError('bad escape (end of pattern)')
    this.i += 2
    if (/\d/.test(next)) return this.numericEscape(next, inClass)
    const shorthand = this.shorthand(next, inClass)
    if (shorthand !== undefined) {
      this.out += shorthand
      return
    }
    if (SIMPLE_ESCAPES[next]) {
      this.out += SIMPLE_ESCAPES[next]
      return
    }
    if (next === 'x' || next === 'u' || next === 'U') return this.hexEscape(next, inClass)
    if (/[A-Za-z]/.test(next)) throw new TemplateError(`bad escape \\${next} at position ${this.i - 2}`)
    this.out += literal(next, inClass)
  }

  private shorthand(letter: string, inClass: boolean): string | undefined {
    switch (letter) {
      case 'd':
        return '\\p{Nd}'
      case 'D':
        return '\\P{Nd}'
      case 'w':
        return inClass ? WORD_CLASS : WORD
      case 'W':
        return inClass ? '\\W' : NOT_WORD
      case 's':
      case 'S':
        return `\\${letter}`
      case 'b':
        return inClass ? '\\x08' : BOUNDARY
      case 'B':
        return inClass ? undefined : NON_BOUNDARY
      case 'A':
        return inClass ? undefined : START
      case 'Z':
        return inClass ? undefined : END
    }
    return undefined
  }

  /** \1..\99 are group references; \0, three octal digits (or any octal inside []) are characters. */
  private numericEscape(first: string, inClass: boolean): void {
    const rest = this.src.slice(this.i)
    const isOctal = /[0-7]/.test(first)
    const moreOctal = /^[0-7]{0,2}/.exec(rest)![0]
    if (first === '0' || (isOctal && (inClass || moreOctal.length === 2))) {
      this.i += moreOctal.length
      this.out += literal(String.fromCharCode(parseInt(first + moreOctal, 8)), inClass)
      return
    }
    if (inClass) throw new TemplateError(`bad escape \\${first} at position ${this.i - 2}`)
    const second = /^\d/.exec(rest)?.[0] ?? ''
    this.i += second.length
    this.out += `\\${first}${second}`
  }

  private hexEscape(kind: string, inClass: boolean): void {
    const size = kind === 'x' ? 2 : kind === 'u' ? 4 : 8
    const hex = this.src.slice(this.i, this.i + size)
    if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(hex)) throw new TemplateError(`incomplete escape \\${kind}${hex}`)
    this.i += size
    this.out += literal(String.fromCodePoint(parseInt(hex, 16)), inClass)
  }

  private charClass(): void {
    this.out += '['
    this.i++
    if (this.src[this.i] === '^') {
      this.out += '^'
      this.i++
    }
    let first = true
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      const ch = this.src[this.i]
      first = false
      if (ch === '\\') {
        this.escape(true)
        continue
      }
      this.out += ch === '[' || ch === ']' || ch === '/' ? `\\${ch}` : ch
      this.i++
    }
    if (this.i >= this.src.length) throw new TemplateError('unterminated character set')
    this.out += ']'
    this.i++
  }

  private group(): void {
    const rest = this.src.slice(this.i)
    const named = /^\(\?P<([A-Za-z_]\w*)>/.exec(rest)
    const backref = /^\(\?P=([A-Za-z_]\w*)\)/.exec(rest)
    if (named) {
      this.out += `(?<${named[1]}>`
      this.i += named[0].length
    } else if (backref) {
      this.out += `\\k<${backref[1]}>`
      this.i += backref[0].length
    } else if (rest.startsWith('(?#')) {
      const end = this.src.indexOf(')', this.i)
      if (end < 0) throw new TemplateError('missing ), unterminated comment')
      this.i = end + 1
    } else if (/^\(\?[aiLmsux-]+[:)]/.test(rest) || rest.startsWith('(?>') || rest.startsWith('(?(')) {
      throw new TemplateError(`regular expression construct ${rest.slice(0, 4)}… is not supported by tsplay`)
    } else {
      this.out += '('
      this.i++
    }
  }

  /** A brace that does not form a quantifier is a literal in Python; {,n} means {0,n}. */
  private brace(): void {
    const quantifier = /^\{(\d*)(,?)(\d*)\}/.exec(this.src.slice(this.i))
    if (quantifier && (quantifier[1] !== '' || (quantifier[2] === ',' && quantifier[3] !== ''))) {
      const [whole, min, comma, max] = quantifier
      this.out += `{${min || '0'}${comma}${max}}`
      this.i += whole.length
      if (this.src[this.i] === '+') throw new TemplateError('possessive quantifiers are not supported by tsplay')
      return
    }
    this.out += '\\{'
    this.i++
  }
}

/** A character as it must be written in a `u` pattern to mean itself (in or out of []). */
function literal(ch: string, inClass: boolean): string {
  const special = inClass ? /[\\\]\[^\-/]/ : /[\^$\\.*+?()[\]{}|/]/
  if (special.test(ch)) return `\\${ch}`
  if (/[\w\s]/.test(ch) || ch.codePointAt(0)! > 0x7f) return ch
  return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`
}

/** Python's re.escape (3.7+): only regex metacharacters and whitespace get a backslash. */
export function pyReEscape(text: string): string {
  return text.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (ch) => `\\${ch}`)
}
