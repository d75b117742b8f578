// --diff data for file modules, shaped as Ansible's: text before/after with headers,
// the "diff skipped" markers (dst_binary, dst_larger, …) for content not worth showing,
// and structured before/after mappings for path state (shown as JSON by the output).
import type { Diff } from '../../../engine/module.js'

/** ansible.cfg's max_file_size_for_diff default. */
export const MAX_FILE_SIZE_FOR_DIFF = 104448
const PEEK_BYTES = 8192

/** Ansible's guess: a NUL byte in the first 8 KiB. */
export function looksBinary(data: Buffer): boolean {
  return data.subarray(0, PEEK_BYTES).includes(0)
}

export interface DiffSide {
  /** Null when the file does not exist (yet); 'large' when it was too big to read. */
  content: Buffer | null | 'large'
  /** Shown as "before: <header>" / "after: <header>". */
  header?: string
}

/** The copy/template diff: destination before, source after, or why it is skipped. */
export function contentDiff(dest: DiffSide, source: DiffSide): Diff {
  const diff: Record<string, unknown> = {}
  if (dest.content === null) diff.before = ''
  else if (dest.content === 'large') diff.dst_larger = MAX_FILE_SIZE_FOR_DIFF
  else if (looksBinary(dest.content)) diff.dst_binary = 1
  else if (dest.content.length > MAX_FILE_SIZE_FOR_DIFF) diff.dst_larger = MAX_FILE_SIZE_FOR_DIFF
  else {
    if (dest.header !== undefined) diff.before_header = dest.header
    diff.before = dest.content.toString('utf8')
  }
  const after = source.content instanceof Buffer ? source.content : Buffer.alloc(0)
  if (source.content === 'large' || after.length > MAX_FILE_SIZE_FOR_DIFF) diff.src_larger = MAX_FILE_SIZE_FOR_DIFF
  else if (after.includes(0)) diff.src_binary = 1
  else {
    if (source.header !== undefined) diff.after_header = source.header
    diff.after = after.toString('utf8')
  }
  return diff as Diff
}

/** A text diff of an edited file (lineinfile, blockinfile, replace, ini_file). */
export function textDiff(before: string, after: string, header: string): Diff {
  return { before, after, before_header: header, after_header: header }
}

/**
 * Before/after mappings (path, state, mode, owner …). The output layer prints them as
 * indented JSON, as Ansible does; the Diff type only names the text form.
 */
export function stateDiff(before: Record<string, unknown>, after: Record<string, unknown>, headers: { before_header?: string; after_header?: string } = {}): Diff {
  return { before, after, ...headers } as unknown as Diff
}

/** The "(file attributes)" diff lineinfile and blockinfile add: only the attributes that change. */
export function attrDiff(path: string, attrs: { before: Record<string, unknown>; after: Record<string, unknown> }): Diff {
  const header = `${path} (file attributes)`
  if (Object.keys(attrs.before).length === 0 && Object.keys(attrs.after).length === 0) return { before_header: header, after_header: header }
  return stateDiff(attrs.before, attrs.after, { before_header: header, after_header: header })
}
