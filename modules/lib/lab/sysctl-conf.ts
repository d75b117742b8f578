// Reading and editing a sysctl.conf-style file (sysctl.d(5)): "key = value" lines,
// '#' and ';' comments, and a leading '-' that tells `sysctl -p` to ignore a failure
// for that key. Edits touch only the lines of the key in question; every other line,
// comment and blank stays as it was.
import { canonicalKey } from './sysctl-keys.js'

export interface SysctlEntry {
  /** Index of the line in the file. */
  line: number
  /** Dotted spelling of the key. */
  key: string
  value: string
  /** The line began with '-': failures to set it are ignored by sysctl -p. */
  optional: boolean
}

/** Lines of a text, without line breaks (a final newline does not make an empty line). */
function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}

/** The entry a line holds, or undefined for comments, blanks and lines without '='. */
function parseLine(text: string, line: number): SysctlEntry | undefined {
  const trimmed = text.trim()
  if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return undefined
  const eq = trimmed.indexOf('=')
  if (eq === -1) return undefined
  let name = trimmed.slice(0, eq).trim()
  const optional = name.startsWith('-')
  if (optional) name = name.slice(1).trim()
  return { line, key: canonicalKey(name), value: trimmed.slice(eq + 1).trim(), optional }
}

/** Every entry of the file, in order. */
export function sysctlEntries(text: string): SysctlEntry[] {
  return splitLines(text).flatMap((line, i) => parseLine(line, i) ?? [])
}

/** The value the file gives `name`: the last entry wins, as `sysctl -p` applies them in order. */
export function fileValue(text: string, name: string): string | undefined {
  const key = canonicalKey(name)
  return sysctlEntries(text).filter((e) => e.key === key).at(-1)?.value
}

/**
 * The file with `name` set to `value`: the first line of the key gets the new value
 * (keeping its spelling and spacing), later lines of the same key are dropped so they
 * cannot override it, and a missing key is appended as "name=value".
 */
export function withEntry(text: string, name: string, value: string): string {
  const key = canonicalKey(name)
  const lines = splitLines(text)
  const own = sysctlEntries(text).filter((e) => e.key === key)
  if (own.length === 0) return joinLines([...lines, `${name.trim()}=${value}`])
  const [first, ...later] = own
  const drop = new Set(later.map((e) => e.line))
  const out: string[] = []
  lines.forEach((line, i) => {
    if (i === first!.line) out.push(replaceValue(line, value))
    else if (!drop.has(i)) out.push(line)
  })
  return joinLines(out)
}

/** The line with what follows '=' (and its spacing) replaced by `value`. */
function replaceValue(line: string, value: string): string {
  const eq = line.indexOf('=')
  const spacing = /^\s*/.exec(line.slice(eq + 1))![0]
  return `${line.slice(0, eq + 1)}${spacing}${value}`
}

/** The file without any line of `name`. */
export function withoutEntry(text: string, name: string): string {
  const key = canonicalKey(name)
  const drop = new Set(sysctlEntries(text).filter((e) => e.key === key).map((e) => e.line))
  return joinLines(splitLines(text).filter((_, i) => !drop.has(i)))
}
