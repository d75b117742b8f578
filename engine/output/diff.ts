// --diff output as Ansible prints it (CallbackBase._get_diff): a unified diff in
// Python difflib's layout ("--- before: path", "@@ -1 +1 @@", the "\ No newline"
// marker kept inside the last line), coloured per line on a terminal.
import { diffArrays } from 'diff'
import { Colors, stringc } from './colors.js'
import { pythonJson } from './pyjson.js'
import { isPlainObject } from './redact.js'

export interface DiffFormatOptions {
  color: boolean
  /** Lines of context (diff_context, 3 by default). */
  context?: number
}

const NO_NEWLINE = '\n\\ No newline at end of file\n'

/** The text Ansible shows for a result's `diff` (one diff or a list); '' when nothing differs. */
export function formatDiffs(diffs: unknown, opts: DiffFormatOptions): string {
  const list = Array.isArray(diffs) ? diffs : [diffs]
  let out = ''
  for (const diff of list) {
    if (isPlainObject(diff)) out += formatOneDiff(diff, opts)
  }
  return out
}

function formatOneDiff(diff: Record<string, unknown>, opts: DiffFormatOptions): string {
  let out = ''
  if ('dst_binary' in diff) out += 'diff skipped: destination file appears to be binary\n'
  if ('src_binary' in diff) out += 'diff skipped: source file appears to be binary\n'
  if ('dst_larger' in diff) out += `diff skipped: destination file size is greater than ${diff.dst_larger}\n`
  if ('src_larger' in diff) out += `diff skipped: source file size is greater than ${diff.src_larger}\n`
  if ('before' in diff && 'after' in diff) {
    const before = asDiffText(diff.before)
    const after = asDiffText(diff.after)
    const fromFile = 'before_header' in diff ? `before: ${diff.before_header}` : 'before'
    const toFile = 'after_header' in diff ? `after: ${diff.after_header}` : 'after'
    const lines = unifiedDiff(diffLines(before), diffLines(after), fromFile, toFile, opts.context ?? 3)
    for (const line of lines) out += colorDiffLine(line, opts.color)
    if (lines.length > 0) out += '\n'
  }
  if (typeof diff.prepared === 'string') out += diff.prepared
  return out
}

/** Structured before/after (e.g. the file module's state) is compared as indented JSON. */
function asDiffText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (isPlainObject(value)) return pythonJson(value, { indent: 4, sortKeys: true }) + '\n'
  return String(value)
}

function colorDiffLine(line: string, color: boolean): string {
  if (line.startsWith('+')) return stringc(line, Colors.diffAdd, color)
  if (line.startsWith('-')) return stringc(line, Colors.diffRemove, color)
  if (line.startsWith('@@')) return stringc(line, Colors.diffLines, color)
  return line
}

/** Lines with their endings; a last line without one carries the "No newline" marker. */
function diffLines(text: string): string[] {
  const lines = splitLinesKeepEnds(text)
  if (lines.length > 0 && !lines[lines.length - 1].endsWith('\n')) lines[lines.length - 1] += NO_NEWLINE
  return lines
}

const LINE = /[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])?/g

/** Python's str.splitlines(True): every line keeps its terminator. */
export function splitLinesKeepEnds(text: string): string[] {
  return (text.match(LINE) ?? []).filter((line) => line !== '')
}

type Tag = 'equal' | 'replace' | 'delete' | 'insert'
/** [tag, i1, i2, j1, j2] as difflib's opcodes: a[i1:i2] becomes b[j1:j2]. */
type Opcode = [Tag, number, number, number, number]

/** difflib.unified_diff(a, b, fromfile, tofile, n=context) for lines that keep their endings. */
export function unifiedDiff(a: string[], b: string[], fromFile: string, toFile: string, context: number): string[] {
  const out: string[] = []
  for (const group of groupedOpcodes(opcodes(a, b), context)) {
    if (out.length === 0) out.push(`--- ${fromFile}\n`, `+++ ${toFile}\n`)
    const first = group[0]
    const last = group[group.length - 1]
    out.push(`@@ -${hunkRange(first[1], last[2])} +${hunkRange(first[3], last[4])} @@\n`)
    for (const [tag, i1, i2, j1, j2] of group) {
      if (tag === 'equal') {
        for (const line of a.slice(i1, i2)) out.push(' ' + line)
        continue
      }
      if (tag === 'replace' || tag === 'delete') for (const line of a.slice(i1, i2)) out.push('-' + line)
      if (tag === 'replace' || tag === 'insert') for (const line of b.slice(j1, j2)) out.push('+' + line)
    }
  }
  return out
}

function hunkRange(start: number, stop: number): string {
  const length = stop - start
  if (length === 1) return String(start + 1)
  return `${length === 0 ? start : start + 1},${length}`
}

/** Myers' diff (jsdiff) turned into difflib-style opcodes; a removal next to an addition is a replace. */
function opcodes(a: string[], b: string[]): Opcode[] {
  const codes: Opcode[] = []
  let i = 0
  let j = 0
  for (const change of diffArrays(a, b)) {
    const n = change.count
    const prev = codes[codes.length - 1]
    if (!change.added && !change.removed) {
      codes.push(['equal', i, i + n, j, j + n])
      i += n
      j += n
    } else if (change.removed) {
      if (prev && prev[0] === 'insert' && prev[2] === i) codes[codes.length - 1] = ['replace', i, i + n, prev[3], prev[4]]
      else codes.push(['delete', i, i + n, j, j])
      i += n
    } else {
      if (prev && prev[0] === 'delete' && prev[4] === j) codes[codes.length - 1] = ['replace', prev[1], prev[2], j, j + n]
      else codes.push(['insert', i, i, j, j + n])
      j += n
    }
  }
  return codes
}

/** difflib's get_grouped_opcodes: hunks with `n` lines of context, split where 2n equal lines separate changes. */
function groupedOpcodes(codes: Opcode[], n: number): Opcode[][] {
  if (codes.length === 0) codes = [['equal', 0, 1, 0, 1]]
  const head = codes[0]
  if (head[0] === 'equal') codes[0] = ['equal', Math.max(head[1], head[2] - n), head[2], Math.max(head[3], head[4] - n), head[4]]
  const tail = codes[codes.length - 1]
  if (tail[0] === 'equal') codes[codes.length - 1] = ['equal', tail[1], Math.min(tail[2], tail[1] + n), tail[3], Math.min(tail[4], tail[3] + n)]
  const groups: Opcode[][] = []
  let group: Opcode[] = []
  for (const code of codes) {
    let [tag, i1, i2, j1, j2] = code
    if (tag === 'equal' && i2 - i1 > 2 * n) {
      group.push([tag, i1, Math.min(i2, i1 + n), j1, Math.min(j2, j1 + n)])
      groups.push(group)
      group = []
      i1 = Math.max(i1, i2 - n)
      j1 = Math.max(j1, j2 - n)
    }
    group.push([tag, i1, i2, j1, j2])
  }
  if (group.length > 0 && !(group.length === 1 && group[0][0] === 'equal')) groups.push(group)
  return groups
}
