// Python's re replacement templates ("\1", "\g<name>", "\g<0>", "\n") expanded
// against JavaScript matches, and re.subn: the replace module and lineinfile's
// backrefs use them. Patterns come from the template layer's Python-regex translator.
import { compilePyRegex, type PyRegexFlags, type RegexMode } from '../../../engine/template/filters/python-regex.js'
import { FileModuleFailure } from './failure.js'

type Part = string | { group: number | string }

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' }

/** A Python pattern as a JS RegExp; a pattern JS cannot express fails the task with the reason. */
export function pyRegex(pattern: string, flags: PyRegexFlags = {}, mode: RegexMode = 'search'): RegExp {
  try {
    return compilePyRegex(pattern, flags, mode)
  } catch (err) {
    throw new FileModuleFailure(`cannot use the regular expression '${pattern}': ${(err as Error).message}`)
  }
}

/** The literal text and group references of a replacement template. */
export function parseReplacement(template: string): Part[] {
  const parts: Part[] = []
  let text = ''
  const flush = () => {
    if (text) parts.push(text)
    text = ''
  }
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!
    if (c !== '\\') {
      text += c
      continue
    }
    const rest = template.slice(i + 1)
    const named = /^g<([^>]*)>/.exec(rest)
    const numbered = /^([1-9][0-9]?|0)/.exec(rest)
    if (named) {
      const name = named[1]!
      if (!/^(\d+|[A-Za-z_]\w*)$/.test(name)) throw new FileModuleFailure(`bad character in group name '${name}' in the replacement '${template}'`)
      flush()
      parts.push({ group: /^\d+$/.test(name) ? Number(name) : name })
      i += named[0].length
    } else if (numbered && numbered[1] !== '0') {
      flush()
      parts.push({ group: Number(numbered[1]) })
      i += numbered[1]!.length
    } else if (rest[0] === '0') {
      const octal = /^0[0-7]{0,2}/.exec(rest)![0]
      text += String.fromCharCode(parseInt(octal, 8))
      i += octal.length
    } else if (rest[0] !== undefined && ESCAPES[rest[0]] !== undefined) {
      text += ESCAPES[rest[0]]
      i++
    } else if (rest[0] !== undefined && /[A-Za-z]/.test(rest[0])) {
      throw new FileModuleFailure(`bad escape \\${rest[0]} at position ${i} in the replacement '${template}'`)
    } else text += '\\'
  }
  flush()
  return parts
}

/** match.expand(template): group references filled in (an unmatched group gives ''). */
export function expandMatch(parts: Part[], match: RegExpExecArray): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part
      const value = typeof part.group === 'number' ? groupByNumber(match, part.group) : groupByName(match, part.group)
      return value ?? ''
    })
    .join('')
}

function groupByNumber(match: RegExpExecArray, n: number): string | undefined {
  if (n >= match.length) throw new FileModuleFailure(`invalid group reference ${n}`)
  return match[n]
}

function groupByName(match: RegExpExecArray, name: string): string | undefined {
  if (!match.groups || !(name in match.groups)) throw new FileModuleFailure(`unknown group name '${name}'`)
  return match.groups[name]
}

/** re.subn(pattern, template, text): the new text and how many matches were replaced. */
export function pySubn(re: RegExp, template: string, text: string): { text: string; count: number } {
  const parts = parseReplacement(template)
  const global = re.global ? re : new RegExp(re.source, `${re.flags}g`)
  let count = 0
  const out = text.replace(global, (...args: unknown[]) => {
    count++
    const hasGroups = typeof args[args.length - 1] === 'object'
    const groups = hasGroups ? (args[args.length - 1] as Record<string, string | undefined>) : undefined
    const captures = args.slice(0, hasGroups ? -3 : -2) as (string | undefined)[]
    const match = Object.assign(captures, { index: 0, input: text, groups }) as unknown as RegExpExecArray
    return expandMatch(parts, match)
  })
  return { text: out, count }
}
