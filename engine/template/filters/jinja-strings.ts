// Jinja2's text filters: capitalize, center, lower, upper, replace, title, trim,
// truncate, wordcount, wordwrap, indent, format, string, striptags.
import { TemplateError } from '../../errors.js'
import type { FilterFn } from '../types.js'
import { unescapeHtml } from './html.js'
import { formatWithArgs } from './python-format.js'
import { pythonStr } from './python-repr.js'
import { pyCapitalize, pyCenter, pyReplace, pySplitlines, pyStrip } from './python-strings.js'
import { wrapText } from './python-textwrap.js'
import { truthy } from './python-types.js'
import { REQUIRED, defineFilter, intArg, optional, strArg } from './signature.js'

const text = (value: unknown) => pythonStr(value)

// Where a word starts for `title`: after dashes, whitespace and opening brackets.
const WORD_BEGINNING = /([-\s({[<]+)/u

function title(value: string): string {
  return value
    .split(WORD_BEGINNING)
    .filter((item) => item !== '')
    .map((item) => {
      const [first, ...rest] = Array.from(item)
      return first.toUpperCase() + rest.join('').toLowerCase()
    })
    .join('')
}

function truncate(value: string, length: number, killwords: boolean, end: string, leeway: number): string {
  const points = Array.from(value)
  if (length < Array.from(end).length) throw new TemplateError(`expected length >= ${end.length}, got ${length}`)
  if (leeway < 0) throw new TemplateError(`expected leeway >= 0, got ${leeway}`)
  if (points.length <= length + leeway) return value
  const head = points.slice(0, length - Array.from(end).length).join('')
  if (killwords) return head + end
  const lastSpace = head.lastIndexOf(' ')
  return (lastSpace >= 0 ? head.slice(0, lastSpace) : head) + end
}

/** Jinja2's indent: every line but the first (unless `first`) and blank ones (unless `blank`). */
function indent(value: string, width: unknown, first: boolean, blank: boolean): string {
  const indention = typeof width === 'string' ? width : ' '.repeat(intArg(width, 'width'))
  const lines = pySplitlines(value + '\n')
  let result: string
  if (blank) {
    result = lines.join('\n' + indention)
  } else {
    const [head, ...rest] = lines
    result = head + rest.map((line) => '\n' + (line ? indention + line : line)).join('')
  }
  return first ? indention + result : result
}

function wordwrap(value: string, width: number, breakLongWords: boolean, wrapstring: string, breakOnHyphens: boolean): string {
  return pySplitlines(value)
    .map((line) => wrapText(line, { width, breakLongWords, breakOnHyphens }).join(wrapstring))
    .join(wrapstring)
}

/** Markup.striptags(): drop comments and tags, collapse whitespace, unescape entities. */
function striptags(value: string): string {
  const stripped = value.replace(/<!--[\s\S]*?-->/g, '').replace(/<[\s\S]*?>/g, '')
  return unescapeHtml(pyStrip(stripped).split(/[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u).join(' '))
}

export const jinjaStringFilters: Record<string, FilterFn> = {
  capitalize: defineFilter('capitalize', {}, (v) => pyCapitalize(text(v))),
  center: defineFilter('center', { width: 80 }, (v, p) => pyCenter(text(v), intArg(p.width, 'width'))),
  lower: defineFilter('lower', {}, (v) => text(v).toLowerCase()),
  upper: defineFilter('upper', {}, (v) => text(v).toUpperCase()),
  replace: defineFilter('replace', { old: REQUIRED, new: REQUIRED, count: null }, (v, p) =>
    pyReplace(text(v), strArg(p.old), strArg(p.new), optional(p.count, (c) => intArg(c, 'count')) ?? -1),
  ),
  title: defineFilter('title', {}, (v) => title(text(v))),
  trim: defineFilter('trim', { chars: null }, (v, p) => pyStrip(text(v), optional(p.chars, strArg))),
  truncate: defineFilter('truncate', { length: 255, killwords: false, end: '...', leeway: null }, (v, p) =>
    truncate(text(v), intArg(p.length, 'length'), truthy(p.killwords), strArg(p.end), optional(p.leeway, (l) => intArg(l, 'leeway')) ?? 5),
  ),
  wordcount: defineFilter('wordcount', {}, (v) => text(v).match(/[\p{L}\p{N}_]+/gu)?.length ?? 0),
  wordwrap: defineFilter('wordwrap', { width: 79, break_long_words: true, wrapstring: null, break_on_hyphens: true }, (v, p) =>
    wordwrap(text(v), intArg(p.width, 'width'), truthy(p.break_long_words), optional(p.wrapstring, strArg) ?? '\n', truthy(p.break_on_hyphens)),
  ),
  indent: defineFilter('indent', { width: 4, first: false, blank: false }, (v, p) =>
    indent(text(v), p.width, truthy(p.first), truthy(p.blank)),
  ),
  format: (value, args, kwargs) => formatWithArgs(text(value), args, kwargs),
  string: defineFilter('string', {}, (v) => text(v)),
  striptags: defineFilter('striptags', {}, (v) => striptags(text(v))),
}
