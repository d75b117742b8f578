// Ansible's regex filters: regex_replace, regex_search, regex_findall, regex_escape,
// with Python's pattern syntax and Python's replacement templates (\1, \g<name>).
import { TemplateError } from '../../errors.js'
import type { FilterFn } from '../types.js'
import { compilePyRegex, pyReEscape, type PyRegexFlags } from './python-regex.js'
import { pythonStr } from './python-repr.js'
import { truthy, tuple } from './python-types.js'
import { REQUIRED, defineFilter, strArg } from './signature.js'

type TemplatePart = string | { group: number | string }

const TEMPLATE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' }

/** Python's re replacement template: literals and group references. */
function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = []
  let literal = ''
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]
    if (ch !== '\\') {
      literal += ch
      continue
    }
    const rest = template.slice(i + 1)
    const named = /^g<([^>]*)>/.exec(rest)
    const numbered = /^([1-9]\d?)/.exec(rest)
    const octal = /^(0[0-7]{0,2})/.exec(rest)
    let ref: number | string | undefined
    if (named) {
      ref = /^\d+$/.test(named[1]) ? Number(named[1]) : named[1]
      if (ref === '' || (typeof ref === 'string' && !/^[A-Za-z_]\w*$/.test(ref))) throw new TemplateError(`bad character in group name '${named[1]}'`)
      i += named[0].length
    } else if (numbered) {
      ref = Number(numbered[1])
      i += numbered[1].length
    } else if (octal) {
      literal += String.fromCharCode(parseInt(octal[1], 8))
      i += octal[1].length
      continue
    } else if (rest[0] !== undefined && TEMPLATE_ESCAPES[rest[0]] !== undefined) {
      literal += TEMPLATE_ESCAPES[rest[0]]
      i++
      continue
    } else if (rest[0] !== undefined && /[A-Za-z]/.test(rest[0])) {
      throw new TemplateError(`bad escape \\${rest[0]} at position ${i}`)
    } else {
      literal += '\\'
      continue
    }
    if (literal) parts.push(literal)
    literal = ''
    parts.push({ group: ref })
  }
  if (literal) parts.push(literal)
  return parts
}

function groupCount(re: RegExp): number {
  return new RegExp(`${re.source}|`, re.flags.replace('g', '')).exec('')!.length - 1
}

function checkGroups(parts: TemplatePart[], re: RegExp): void {
  const count = groupCount(re)
  const names = new Set(Object.keys(new RegExp(`${re.source}|`, re.flags.replace('g', '')).exec('')!.groups ?? {}))
  for (const part of parts) {
    if (typeof part === 'string') continue
    if (typeof part.group === 'number' && part.group > count) throw new TemplateError(`invalid group reference ${part.group}`)
    if (typeof part.group === 'string' && !names.has(part.group)) throw new TemplateError(`unknown group name '${part.group}'`)
  }
}

function regexFlags(ignorecase: unknown, multiline: unknown): PyRegexFlags {
  return { ignorecase: truthy(ignorecase), multiline: truthy(multiline) }
}

function regexReplace(value: string, pattern: string, replacement: string, flags: PyRegexFlags): string {
  const re = compilePyRegex(pattern, flags, 'global')
  const parts = parseTemplate(replacement)
  checkGroups(parts, re)
  return value.replace(re, (...match) => {
    const groups = (typeof match[match.length - 1] === 'object' ? match[match.length - 1] : {}) as Record<string, string | undefined>
    return parts
      .map((part) => (typeof part === 'string' ? part : ((typeof part.group === 'number' ? match[part.group] : groups[part.group]) ?? '')))
      .join('')
  })
}

/** regex_search: the match, or the groups named by '\\1' / '\\g<name>' arguments; None if no match. */
function regexSearch(value: string, pattern: string, refs: unknown[], flags: PyRegexFlags): unknown {
  const wanted = refs.map((ref) => {
    const text = strArg(ref)
    const named = /^\\g<(\S+)>/.exec(text)
    if (named) return /^\d+$/.test(named[1]) ? Number(named[1]) : named[1]
    const numbered = /^\\(\d+)/.exec(text)
    if (numbered) return Number(numbered[1])
    throw new TemplateError('Unknown argument')
  })
  const match = compilePyRegex(pattern, flags).exec(value)
  if (!match) return null
  if (wanted.length === 0) return match[0]
  return wanted.map((ref) => {
    if (typeof ref === 'number') {
      if (ref >= match.length) throw new TemplateError('no such group')
      return match[ref] ?? null
    }
    if (!match.groups || !(ref in match.groups)) throw new TemplateError('no such group')
    return match.groups[ref] ?? null
  })
}

/** re.findall: whole matches, or group 1, or tuples of all groups (unmatched ones as ''). */
function regexFindall(value: string, pattern: string, flags: PyRegexFlags): unknown[] {
  const re = compilePyRegex(pattern, flags, 'global')
  const groups = groupCount(re)
  return [...value.matchAll(re)].map((m) => {
    if (groups === 0) return m[0]
    if (groups === 1) return m[1] ?? ''
    return tuple(...m.slice(1).map((g) => g ?? ''))
  })
}

function regexEscape(value: string, type: unknown): string {
  if (type === 'python') return pyReEscape(value)
  if (type === 'posix_basic') return value.replace(/[\].[^$*\\]/g, (ch) => `\\${ch}`)
  if (type === 'posix_extended') throw new TemplateError(`Regex type (${pythonStr(type)}) not yet implemented`)
  throw new TemplateError(`Invalid regex type (${pythonStr(type)})`)
}

export const ansibleRegexFilters: Record<string, FilterFn> = {
  regex_replace: defineFilter(
    'regex_replace',
    { pattern: '', replacement: '', ignorecase: false, multiline: false },
    (v, p) => regexReplace(pythonStr(v), strArg(p.pattern), strArg(p.replacement), regexFlags(p.ignorecase, p.multiline)),
  ),
  regex_search: (value, args, kwargs) => {
    const { ignorecase, multiline, ...rest } = kwargs
    const unexpected = Object.keys(rest)[0]
    if (unexpected !== undefined) throw new TemplateError(`filter 'regex_search' got an unexpected keyword argument '${unexpected}'`)
    if (args.length === 0) throw new TemplateError("filter 'regex_search' is missing its required argument 'regex'")
    return regexSearch(pythonStr(value), strArg(args[0]), args.slice(1), regexFlags(ignorecase, multiline))
  },
  regex_findall: defineFilter('regex_findall', { regex: REQUIRED, multiline: false, ignorecase: false }, (v, p) =>
    regexFindall(pythonStr(v), strArg(p.regex), regexFlags(p.ignorecase, p.multiline)),
  ),
  regex_escape: defineFilter('regex_escape', { re_type: 'python' }, (v, p) => regexEscape(pythonStr(v), p.re_type)),
}
