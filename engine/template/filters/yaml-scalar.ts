// How Ansible's YAML dumper (PyYAML's CSafeDumper, i.e. libyaml's emitter) writes one
// scalar: which style a text allows (plain, 'single', "double") and the writers that
// fold long lines where libyaml does. With yaml-emitter.ts this reproduces to_yaml and
// to_nice_yaml output byte for byte.

/** The emitter state the scalar writers read and advance. */
export interface YamlSink {
  column: number
  whitespace: boolean
  indention: boolean
  readonly bestWidth: number
  write(data: string): void
  writeIndent(): void
  writeLineBreak(data?: string): void
  writeIndicator(indicator: string, needWhitespace: boolean, whitespace?: boolean, indention?: boolean): void
}

export interface ScalarAnalysis {
  empty: boolean
  multiline: boolean
  allowFlowPlain: boolean
  allowBlockPlain: boolean
  allowSingleQuoted: boolean
}

const BREAKS = '\r\n\x85\u2028\u2029'
const SPACE_OR_END = '\0 \t\r\n\x85\u2028\u2029'

/** Characters that would read as YAML syntax if the text were written plain. */
function indicators(text: string, chars: string[]): { flow: boolean; block: boolean } {
  let block = text.startsWith('---') || text.startsWith('...')
  let flow = block
  chars.forEach((ch, index) => {
    const followedBySpace = index + 1 >= chars.length || SPACE_OR_END.includes(chars[index + 1])
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) flow = block = true
      if ('?:'.includes(ch)) {
        flow = true
        if (followedBySpace) block = true
      }
      if (ch === '-' && followedBySpace) flow = block = true
    } else {
      if (',?[]{}'.includes(ch)) flow = true
      if (ch === ':') {
        flow = true
        if (followedBySpace) block = true
      }
      if (ch === '#' && SPACE_OR_END.includes(chars[index - 1])) flow = block = true
    }
  })
  return { flow, block }
}

/** Where the spaces and line breaks sit, and whether any character needs an escape. */
function shape(chars: string[]) {
  const out = { lineBreaks: false, special: false, leadingSpace: false, leadingBreak: false, trailingSpace: false, trailingBreak: false, breakSpace: false, spaceBreak: false }
  let previousSpace = false
  let previousBreak = false
  chars.forEach((ch, index) => {
    const last = index === chars.length - 1
    if (!isPrintable(ch)) out.special = true
    if (ch === ' ') {
      if (index === 0) out.leadingSpace = true
      if (last) out.trailingSpace = true
      if (previousBreak) out.breakSpace = true
      previousSpace = true
      previousBreak = false
    } else if (BREAKS.includes(ch)) {
      out.lineBreaks = true
      if (index === 0) out.leadingBreak = true
      if (last) out.trailingBreak = true
      if (previousSpace) out.spaceBreak = true
      previousSpace = false
      previousBreak = true
    } else {
      previousSpace = previousBreak = false
    }
  })
  return out
}

/** libyaml's analyze_scalar (unicode allowed): which styles can carry this text unchanged. */
export function analyzeScalar(text: string): ScalarAnalysis {
  const chars = Array.from(text)
  if (chars.length === 0) {
    return { empty: true, multiline: false, allowFlowPlain: false, allowBlockPlain: true, allowSingleQuoted: true }
  }
  const ind = indicators(text, chars)
  const s = shape(chars)
  let allowFlowPlain = true
  let allowBlockPlain = true
  let allowSingleQuoted = true
  if (s.leadingSpace || s.leadingBreak || s.trailingSpace || s.trailingBreak) allowFlowPlain = allowBlockPlain = false
  if (s.breakSpace || s.spaceBreak || s.special) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false
  if (s.lineBreaks) allowFlowPlain = allowBlockPlain = false
  if (ind.flow) allowFlowPlain = false
  if (ind.block) allowBlockPlain = false
  return { empty: false, multiline: s.lineBreaks, allowFlowPlain, allowBlockPlain, allowSingleQuoted }
}

/** libyaml's IS_PRINTABLE: no control characters, no NEL, BOM or characters beyond U+FFFF. */
function isPrintable(ch: string): boolean {
  const code = ch.codePointAt(0) as number
  if (code === 0x0a || (code >= 0x20 && code <= 0x7e)) return true
  return (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff)
}

export type ScalarStyle = '' | "'" | '"'

export function chooseScalarStyle(a: ScalarAnalysis, plainImplicit: boolean, flow: boolean, simpleKey: boolean): ScalarStyle {
  const plainFits = flow ? a.allowFlowPlain : a.allowBlockPlain
  if (plainImplicit && !(simpleKey && (a.empty || a.multiline)) && plainFits) return ''
  if (a.allowSingleQuoted && !(simpleKey && a.multiline)) return "'"
  return '"'
}

/** Write one character (libyaml counts columns in characters). */
function put(sink: YamlSink, ch: string): void {
  sink.write(ch)
  sink.column += 1
}

/** A line-break character from the text: \n as the emitter's break, others as they are. */
function putBreak(sink: YamlSink, ch: string): void {
  sink.writeLineBreak(ch === '\n' ? undefined : ch)
}

/** Plain text; a single space past the width becomes a line break. */
export function writePlain(sink: YamlSink, text: string, allowBreaks: boolean): void {
  const chars = Array.from(text)
  if (!sink.whitespace && chars.length > 0) put(sink, ' ')
  writeFoldable(sink, chars, allowBreaks, false)
  sink.whitespace = sink.indention = false
}

/** 'Single quoted' text: quotes doubled, spaces past the width folded, breaks doubled. */
export function writeSingleQuoted(sink: YamlSink, text: string, allowBreaks: boolean): void {
  sink.writeIndicator("'", true)
  const breaks = writeFoldable(sink, Array.from(text), allowBreaks, true)
  if (breaks) sink.writeIndent()
  sink.writeIndicator("'", false)
  sink.whitespace = sink.indention = false
}

/** The loop shared by libyaml's plain and single-quoted writers; returns "ended in breaks". */
function writeFoldable(sink: YamlSink, chars: string[], allowBreaks: boolean, quoted: boolean): boolean {
  let spaces = false
  let breaks = false
  chars.forEach((ch, i) => {
    if (ch === ' ') {
      const inside = !quoted || (i !== 0 && i !== chars.length - 1)
      if (allowBreaks && !spaces && sink.column > sink.bestWidth && inside && chars[i + 1] !== ' ') sink.writeIndent()
      else put(sink, ch)
      spaces = true
    } else if (BREAKS.includes(ch)) {
      if (!breaks && ch === '\n') sink.writeLineBreak()
      putBreak(sink, ch)
      sink.indention = true
      breaks = true
    } else {
      if (breaks) sink.writeIndent()
      if (quoted && ch === "'") put(sink, "'")
      put(sink, ch)
      sink.indention = false
      spaces = breaks = false
    }
  })
  return breaks
}

const ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
  0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
}

function escapeOf(code: number): string {
  if (ESCAPES[code] !== undefined) return `\\${ESCAPES[code]}`
  const hex = code.toString(16).toUpperCase()
  if (code <= 0xff) return `\\x${hex.padStart(2, '0')}`
  if (code <= 0xffff) return `\\u${hex.padStart(4, '0')}`
  return `\\U${hex.padStart(8, '0')}`
}

/** "Double quoted" text with escapes; a space past the width becomes a folded line break. */
export function writeDoubleQuoted(sink: YamlSink, text: string, allowBreaks: boolean): void {
  sink.writeIndicator('"', true)
  const chars = Array.from(text)
  let spaces = false
  chars.forEach((ch, i) => {
    const code = ch.codePointAt(0) as number
    if (!isPrintable(ch) || code === 0xfeff || BREAKS.includes(ch) || ch === '"' || ch === '\\') {
      const escaped = escapeOf(code)
      sink.write(escaped)
      sink.column += escaped.length
      spaces = false
    } else if (ch === ' ') {
      if (allowBreaks && !spaces && sink.column > sink.bestWidth && i !== 0 && i !== chars.length - 1) {
        sink.writeIndent()
        if (chars[i + 1] === ' ') put(sink, '\\')
      } else {
        put(sink, ch)
      }
      spaces = true
    } else {
      put(sink, ch)
      spaces = false
    }
  })
  sink.writeIndicator('"', false)
  sink.whitespace = sink.indention = false
}
