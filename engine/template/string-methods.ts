// Python's str methods, callable from templates: '{{ name.split(",") }}',
// '{{ path.endswith(".yml") }}', '{{ "{}-{}".format(a, b) }}'. Arguments bind like
// Python's (positional or keyword), and results follow Python (split() on runs of
// whitespace, find() returning -1, partition() giving a tuple).
import { TemplateError } from '../errors.js'
import { isInt } from './filters/python-float.js'
import { isTuple, pyList, tuple, typeName } from './filters/python-types.js'
import { bindArgs, type ParamSpec, REQUIRED } from './filters/signature.js'
import { isPySpace, pyCapitalize, pyCenter, pyReplace, pySplit, pySplitlines, pyStrip } from './filters/python-strings.js'
import { PyFunction } from './callable.js'
import { pyFormat } from './str-format.js'
import type { Kwargs } from './types.js'
import { isUndefined } from './undefined.js'

type Bound = Record<string, unknown>
interface StrMethod {
  spec: ParamSpec
  run: (s: string, p: Bound) => unknown
}

const NO_ARGS: ParamSpec = {}
const STRIP: ParamSpec = { chars: null }
const SPLIT: ParamSpec = { sep: null, maxsplit: -1 }
const RANGE: ParamSpec = { sub: REQUIRED, start: null, end: null }
const AFFIX: ParamSpec = { prefix: REQUIRED, start: null, end: null }
const JUSTIFY: ParamSpec = { width: REQUIRED, fillchar: ' ' }

const METHODS: Record<string, StrMethod> = {
  upper: { spec: NO_ARGS, run: (s) => s.toUpperCase() },
  lower: { spec: NO_ARGS, run: (s) => s.toLowerCase() },
  casefold: { spec: NO_ARGS, run: (s) => s.toLowerCase() },
  swapcase: { spec: NO_ARGS, run: (s) => Array.from(s, swapCase).join('') },
  title: { spec: NO_ARGS, run: (s) => titleCase(s) },
  capitalize: { spec: NO_ARGS, run: (s) => pyCapitalize(s) },
  strip: { spec: STRIP, run: (s, p) => pyStrip(s, optStr(p.chars), 'both') },
  lstrip: { spec: STRIP, run: (s, p) => pyStrip(s, optStr(p.chars), 'left') },
  rstrip: { spec: STRIP, run: (s, p) => pyStrip(s, optStr(p.chars), 'right') },
  split: { spec: SPLIT, run: (s, p) => pySplit(s, optStr(p.sep), int(p.maxsplit)) },
  rsplit: { spec: SPLIT, run: (s, p) => rsplit(s, optStr(p.sep), int(p.maxsplit)) },
  splitlines: { spec: { keepends: false }, run: (s, p) => (p.keepends ? splitlinesKeep(s) : pySplitlines(s)) },
  startswith: { spec: AFFIX, run: (s, p) => affixTest(s, p, (t, a) => t.startsWith(a)) },
  endswith: { spec: { suffix: REQUIRED, start: null, end: null }, run: (s, p) => affixTest(s, { ...p, prefix: p.suffix }, (t, a) => t.endsWith(a)) },
  replace: { spec: { old: REQUIRED, new: REQUIRED, count: -1 }, run: (s, p) => pyReplace(s, str(p.old), str(p.new), int(p.count)) },
  find: { spec: RANGE, run: (s, p) => search(s, p, false) },
  rfind: { spec: RANGE, run: (s, p) => search(s, p, true) },
  index: { spec: RANGE, run: (s, p) => found(search(s, p, false)) },
  rindex: { spec: RANGE, run: (s, p) => found(search(s, p, true)) },
  count: { spec: RANGE, run: (s, p) => countOf(s, p) },
  join: { spec: { iterable: REQUIRED }, run: (s, p) => joinItems(s, p.iterable) },
  center: { spec: JUSTIFY, run: (s, p) => pyCenter(s, int(p.width), fill(p.fillchar)) },
  ljust: { spec: JUSTIFY, run: (s, p) => s + fill(p.fillchar).repeat(Math.max(0, int(p.width) - len(s))) },
  rjust: { spec: JUSTIFY, run: (s, p) => fill(p.fillchar).repeat(Math.max(0, int(p.width) - len(s))) + s },
  zfill: { spec: { width: REQUIRED }, run: (s, p) => zfill(s, int(p.width)) },
  partition: { spec: { sep: REQUIRED }, run: (s, p) => partition(s, str(p.sep), false) },
  rpartition: { spec: { sep: REQUIRED }, run: (s, p) => partition(s, str(p.sep), true) },
  removeprefix: { spec: { prefix: REQUIRED }, run: (s, p) => (s.startsWith(str(p.prefix)) ? s.slice(str(p.prefix).length) : s) },
  removesuffix: { spec: { suffix: REQUIRED }, run: (s, p) => removeSuffix(s, str(p.suffix)) },
  expandtabs: { spec: { tabsize: 8 }, run: (s, p) => expandTabs(s, int(p.tabsize)) },
  isdigit: { spec: NO_ARGS, run: (s) => /^[\p{Nd}\u00B2\u00B3\u00B9\u2070-\u2079\u2080-\u2089]+$/u.test(s) },
  isdecimal: { spec: NO_ARGS, run: (s) => /^\p{Nd}+$/u.test(s) },
  isnumeric: { spec: NO_ARGS, run: (s) => /^\p{N}+$/u.test(s) },
  isalpha: { spec: NO_ARGS, run: (s) => /^\p{L}+$/u.test(s) },
  isalnum: { spec: NO_ARGS, run: (s) => /^[\p{L}\p{N}]+$/u.test(s) },
  isspace: { spec: NO_ARGS, run: (s) => isPySpace(s) },
  islower: { spec: NO_ARGS, run: (s) => /\p{Ll}/u.test(s) && !/[\p{Lu}\p{Lt}]/u.test(s) },
  isupper: { spec: NO_ARGS, run: (s) => /\p{Lu}/u.test(s) && !/[\p{Ll}\p{Lt}]/u.test(s) },
  istitle: { spec: NO_ARGS, run: (s) => /[\p{Lu}\p{Lt}]/u.test(s) && titleCase(s) === s },
  isidentifier: { spec: NO_ARGS, run: (s) => /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(s) },
  isascii: { spec: NO_ARGS, run: (s) => /^[\x00-\x7f]*$/.test(s) },
  encode: {
    spec: { encoding: 'utf-8', errors: 'strict' },
    run: () => {
      throw new TemplateError('str.encode() is not supported: templates here have no bytes type')
    },
  },
}

/** The bound method `name` of string `s`, or undefined if str has no such method. */
export function stringMethod(s: string, name: string): PyFunction | undefined {
  if (name === 'format') return new PyFunction('format', (args, kwargs) => pyFormat(s, args, kwargs), 'str')
  const method = Object.prototype.hasOwnProperty.call(METHODS, name) ? METHODS[name] : undefined
  if (!method) return undefined
  const call = (args: unknown[], kwargs: Kwargs) => method.run(s, bindArgs(`str.${name}()`, method.spec, args, kwargs))
  return new PyFunction(name, call, 'str')
}

function str(value: unknown): string {
  if (isUndefined(value)) throw value.error()
  if (typeof value === 'string' || value instanceof String) return String(value)
  throw new TemplateError(`must be str, not ${typeName(value)}`)
}

function optStr(value: unknown): string | null {
  return value === null || value === undefined ? null : str(value)
}

function int(value: unknown): number {
  if (isUndefined(value)) throw value.error()
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number' && isInt(value)) return value
  throw new TemplateError(`'${typeName(value)}' object cannot be interpreted as an integer`)
}

function fill(value: unknown): string {
  const text = str(value)
  if (Array.from(text).length !== 1) throw new TemplateError('The fill character must be exactly one character long')
  return text
}

function len(s: string): number {
  return Array.from(s).length
}

function swapCase(ch: string): string {
  const upper = ch.toUpperCase()
  return upper === ch ? ch.toLowerCase() : upper
}

/** Python's str.title(): every run of letters starts upper case, the rest lower. */
function titleCase(s: string): string {
  return s.replace(/\p{L}+/gu, (word) => word[0].toUpperCase() + word.slice(1).toLowerCase())
}

function rsplit(s: string, sep: string | null, maxsplit: number): string[] {
  if (maxsplit < 0) return pySplit(s, sep)
  if (sep === null) {
    const reversed = pySplit(Array.from(s).reverse().join(''), null, maxsplit)
    return reversed.map((part) => Array.from(part).reverse().join('')).reverse()
  }
  if (sep === '') throw new TemplateError('empty separator')
  const parts: string[] = []
  let rest = s
  while (parts.length < maxsplit) {
    const at = rest.lastIndexOf(sep)
    if (at < 0) break
    parts.unshift(rest.slice(at + sep.length))
    rest = rest.slice(0, at)
  }
  return [rest, ...parts]
}

function splitlinesKeep(s: string): string[] {
  return s.match(/[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]|$)/g)?.filter((l) => l !== '') ?? []
}

/** The part of `s` that start/end select, as Python's optional slice arguments do. */
function window(s: string, start: unknown, end: unknown): [string, number] {
  const length = s.length
  const norm = (v: unknown, dflt: number) => {
    if (v === null || v === undefined) return dflt
    const n = int(v)
    return n < 0 ? Math.max(0, length + n) : Math.min(n, length)
  }
  const from = norm(start, 0)
  return [s.slice(from, Math.max(from, norm(end, length))), from]
}

function affixTest(s: string, p: Bound, test: (text: string, affix: string) => boolean): boolean {
  const [text] = window(s, p.start, p.end)
  const affixes = isTuple(p.prefix) ? p.prefix.map(str) : [str(p.prefix)]
  return affixes.some((a) => test(text, a))
}

function search(s: string, p: Bound, fromRight: boolean): number {
  const [text, offset] = window(s, p.start, p.end)
  const sub = str(p.sub)
  const at = fromRight ? text.lastIndexOf(sub) : text.indexOf(sub)
  return at < 0 ? -1 : at + offset
}

function found(index: number): number {
  if (index < 0) throw new TemplateError('substring not found')
  return index
}

function countOf(s: string, p: Bound): number {
  const [text] = window(s, p.start, p.end)
  const sub = str(p.sub)
  if (sub === '') return len(text) + 1
  return text.split(sub).length - 1
}

function joinItems(sep: string, iterable: unknown): string {
  return pyList(iterable)
    .map((item, i) => {
      if (typeof item === 'string' || item instanceof String) return String(item)
      if (isUndefined(item)) throw item.error()
      throw new TemplateError(`sequence item ${i}: expected str instance, ${typeName(item)} found`)
    })
    .join(sep)
}

function zfill(s: string, width: number): string {
  const pad = width - len(s)
  if (pad <= 0) return s
  const sign = s[0] === '+' || s[0] === '-' ? s[0] : ''
  return sign + '0'.repeat(pad) + s.slice(sign.length)
}

function partition(s: string, sep: string, fromRight: boolean): unknown {
  if (sep === '') throw new TemplateError('empty separator')
  const at = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep)
  if (at < 0) return fromRight ? tuple('', '', s) : tuple(s, '', '')
  return tuple(s.slice(0, at), sep, s.slice(at + sep.length))
}

function removeSuffix(s: string, suffix: string): string {
  return suffix && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s
}

function expandTabs(s: string, size: number): string {
  let out = ''
  let column = 0
  for (const ch of s) {
    if (ch === '\t') {
      const spaces = size > 0 ? size - (column % size) : 0
      out += ' '.repeat(spaces)
      column += spaces
    } else {
      out += ch
      column = ch === '\n' || ch === '\r' ? 0 : column + 1
    }
  }
  return out
}
