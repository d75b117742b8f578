// lineinfile's decision on a file's lines (each with its "\n"), as Ansible 2.14 makes
// it: find the line by regexp, search_string or exact text, then replace it, or insert
// the line after/before a match (or at BOF/EOF), or remove every match.
import { expandMatch, parseReplacement, pyRegex } from './py-replace.js'

export interface PresentSpec {
  line: string
  regexp?: string
  searchString?: string
  /** Regex, 'BOF' or 'EOF'. */
  insertAfter?: string
  insertBefore?: string
  backrefs: boolean
  firstMatch: boolean
}

export interface EditResult {
  lines: string[]
  changed: boolean
  msg: string
}

/** Python's readlines() on bytes: split after each "\n", keeping it. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

const stripEol = (line: string) => line.replace(/[\r\n]+$/, '')

interface Found {
  /** Line of the regexp/search_string match or exact line (-1: none). */
  index: number
  /** Where an insertafter/insertbefore match puts the new line (-1: none). */
  insertAt: number
  match: RegExpExecArray | boolean | null
}

function findLine(lines: string[], s: PresentSpec): Found {
  const found: Found = { index: -1, insertAt: -1, match: null }
  if (s.regexp !== undefined) {
    const re = pyRegex(s.regexp)
    for (let i = 0; i < lines.length; i++) {
      const m = re.exec(lines[i]!)
      if (m) {
        found.index = i
        found.match = m
        if (s.firstMatch) break
      }
    }
  }
  if (s.searchString !== undefined) {
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.includes(s.searchString)) {
        found.index = i
        found.match = true
        if (s.firstMatch) break
      }
    }
  }
  if (found.match) return found
  const insertPattern = s.insertAfter !== undefined && s.insertAfter !== 'BOF' && s.insertAfter !== 'EOF' ? s.insertAfter : s.insertBefore !== undefined && s.insertBefore !== 'BOF' ? s.insertBefore : undefined
  const insertRe = insertPattern === undefined ? undefined : pyRegex(insertPattern)
  for (let i = 0; i < lines.length; i++) {
    if (s.line === stripEol(lines[i]!)) found.index = i
    else if (insertRe?.test(lines[i]!)) {
      found.insertAt = s.insertAfter !== undefined ? i + 1 : i
      if (s.firstMatch) break
    }
  }
  return found
}

/** state=present on `lines` (modified in place and returned). */
export function ensureLinePresent(lines: string[], s: PresentSpec): EditResult {
  const f = findLine(lines, s)
  const line = `${s.line}\n`
  const unchanged: EditResult = { lines, changed: false, msg: '' }
  const added = (): EditResult => ({ lines, changed: true, msg: 'line added' })
  if (f.index !== -1) {
    // The line (or its regexp/search_string match) is there: make it exactly the line.
    const match = f.match !== null && f.match !== true && f.match !== false ? f.match : undefined
    const newLine = withEol(s.backrefs && match ? expandMatch(parseReplacement(s.line), match) : s.line)
    if (lines[f.index] === newLine) return unchanged
    lines[f.index] = newLine
    return { lines, changed: true, msg: 'line replaced' }
  }
  if (s.backrefs) return unchanged
  if (s.insertBefore === 'BOF' || s.insertAfter === 'BOF') {
    lines.unshift(line)
    return added()
  }
  if (s.insertAfter === 'EOF' || f.insertAt === -1) {
    endWithNewline(lines)
    lines.push(line)
    return added()
  }
  if (s.insertAfter !== undefined) {
    // Not again when the line already follows the match.
    const next = f.insertAt === lines.length ? lines[f.insertAt - 1] : lines[f.insertAt]
    if (next !== undefined && stripEol(next) === s.line) return unchanged
  }
  lines.splice(f.insertAt, 0, line)
  return added()
}

function withEol(line: string): string {
  return line.endsWith('\n') ? line : `${line}\n`
}

/** A last line without its newline gets one before anything is added after it. */
function endWithNewline(lines: string[]): void {
  const last = lines[lines.length - 1]
  if (last !== undefined && !last.endsWith('\n') && !last.endsWith('\r')) lines[lines.length - 1] = `${last}\n`
}

export interface AbsentSpec {
  line?: string
  regexp?: string
  searchString?: string
}

/** state=absent: every matching line goes; `found` counts them. */
export function removeLines(lines: string[], s: AbsentSpec): EditResult & { found: number } {
  const re = s.regexp === undefined ? undefined : pyRegex(s.regexp)
  const matches = (l: string) => (re ? re.test(l) : s.searchString !== undefined ? l.includes(s.searchString) : s.line === stripEol(l))
  const kept = lines.filter((l) => !matches(l))
  const found = lines.length - kept.length
  return { lines: kept, changed: found > 0, found, msg: found > 0 ? `${found} line(s) removed` : '' }
}
