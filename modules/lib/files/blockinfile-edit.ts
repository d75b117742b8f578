// blockinfile's decision on a file's text, as Ansible 2.14 makes it: the block between
// its two marker lines is replaced (or removed); without markers it goes after/before
// the last line matching a regexp, or at EOF/BOF.
import { pyRegex } from './py-replace.js'

export interface BlockSpec {
  /** The block's lines; '' (or state=absent) removes the block. */
  block: string
  present: boolean
  marker: string
  markerBegin: string
  markerEnd: string
  insertAfter?: string
  insertBefore?: string
}

/** bytes.splitlines(True): lines end at \n, \r\n or \r, which they keep. */
export function splitLinesKeepEnds(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? []
}

/** The new text of the file (`original` null when it does not exist). */
export function editBlock(original: string | null, s: BlockSpec): string {
  const lines = original === null ? [] : splitLinesKeepEnds(original)
  const begin = `${s.marker.replaceAll('{mark}', s.markerBegin)}\n`
  const end = `${s.marker.replaceAll('{mark}', s.markerEnd)}\n`
  let blockLines: string[] = []
  if (s.present && s.block !== '') {
    const block = s.block.endsWith('\n') ? s.block : `${s.block}\n`
    blockLines = [begin, ...splitLinesKeepEnds(block), end]
  }
  let first = lines.lastIndexOf(begin)
  const last = lines.lastIndexOf(end)
  if (first === -1 || last === -1) first = insertionPoint(original ?? '', lines, s)
  else if (first < last) lines.splice(first, last - first + 1)
  else {
    lines.splice(last, first - last + 1)
    first = last
  }
  if (first > 0 && !lines[first - 1]!.endsWith('\n')) lines[first - 1] += '\n'
  lines.splice(first, 0, ...blockLines)
  return lines.join('')
}

/** Where a block without markers goes: after/before the last regexp match, else EOF (BOF for insertbefore=BOF). */
function insertionPoint(text: string, lines: string[], s: BlockSpec): number {
  const insertAfter = s.insertAfter ?? (s.insertBefore === undefined ? 'EOF' : undefined)
  const pattern = insertAfter !== undefined && insertAfter !== 'EOF' ? insertAfter : s.insertBefore !== undefined && s.insertBefore !== 'BOF' ? s.insertBefore : undefined
  if (pattern === undefined) return insertAfter !== undefined ? lines.length : 0
  const re = pyRegex(pattern)
  let at: number | undefined
  if (/^\(\?[aiLmsux]*m/.test(pattern)) {
    // A multiline pattern is searched in the whole text; the line is counted from the match.
    const m = re.exec(text)
    if (m) at = countNewlines(text, insertAfter !== undefined ? m.index + m[0].length : m.index)
  } else {
    lines.forEach((line, i) => {
      if (re.test(line)) at = i
    })
  }
  if (at === undefined) return lines.length
  return insertAfter !== undefined ? at + 1 : at
}

function countNewlines(text: string, end: number): number {
  let n = 0
  for (let i = 0; i < end; i++) if (text[i] === '\n') n++
  return n
}
