// Host patterns, as plays (`hosts:`) and --limit write them, with ansible's meaning:
//
//   all  *  web*  ~(web|db)\d+  web:db  web,db  web:&prod  web:!db  web[0]  web[1:3]  web[-1]
//
// A term matches group names first (giving all their hosts), and host names when no group
// matched or the term is a glob/regex. Plain terms are unioned first, then `&` terms
// intersect, then `!` terms exclude, whatever order they were written in.

import { TsplayError } from '../errors.js'
import { AddressError, parseAddress } from './address.js'
import { fnmatchRegex } from '../template/filters/python-glob.js'
import { compilePyRegex } from '../template/filters/python-regex.js'

/** What pattern matching needs to know about the inventory. */
export interface PatternTarget {
  groupNames(): Iterable<string>
  hostNames(): Iterable<string>
  hasHost(name: string): boolean
  /** Hosts of a group and its descendants, in inventory order. */
  hostsOfGroup(group: string): string[]
  /** The implicit localhost for a localhost name not in the inventory, if it applies. */
  implicitHost(name: string): string | undefined
}

/** Split 'a,b', 'a:b:&c' or a list of those into single terms; ':' inside ranges and IPv6 is kept. */
export function splitHostPattern(pattern: string | string[]): string[] {
  if (Array.isArray(pattern)) return pattern.flatMap(splitHostPattern)
  let terms: string[]
  if (pattern.includes(',')) terms = pattern.split(',')
  else if (isAddress(pattern)) terms = [pattern]
  else terms = pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? []
  return terms.map((t) => t.trim()).filter((t) => t !== '')
}

function isAddress(pattern: string): boolean {
  try {
    parseAddress(pattern, true)
    return true
  } catch (err) {
    if (err instanceof AddressError) return false
    throw err
  }
}

/** Plain terms first, then intersections (&), then exclusions (!); only modifiers means 'all' plus them. */
export function orderPatterns(terms: string[]): string[] {
  const plain = terms.filter((t) => t && t[0] !== '!' && t[0] !== '&')
  const intersect = terms.filter((t) => t[0] === '&')
  const exclude = terms.filter((t) => t[0] === '!')
  return [...(plain.length > 0 ? plain : ['all']), ...intersect, ...exclude]
}

export interface MatchReporting {
  /** Called with each term that matched neither a group nor a host (ansible warns about them). */
  onUnmatched?: (term: string) => void
  /** Called with deprecation warnings, e.g. for `[x-y]` subscripts. */
  warn?: (msg: string) => void
}

/** Matches terms against one state of the inventory; make a new one when the inventory changes. */
export class PatternMatcher {
  /** Results per term (ansible caches them too); `unmatched` names the expression to report again. */
  private readonly cache = new Map<string, { hosts: string[]; unmatched?: string }>()

  constructor(private readonly target: PatternTarget) {}

  /** Hosts matching a list of terms, duplicates removed, in the order found. */
  evaluate(terms: string[], report: MatchReporting = {}): string[] {
    let hosts: string[] = []
    for (const term of orderPatterns(terms)) {
      if (this.target.hasHost(term)) {
        hosts.push(term)
        continue
      }
      const matched = this.matchTerm(term, report)
      if (term[0] === '!') {
        const drop = new Set(matched)
        hosts = hosts.filter((h) => !drop.has(h))
      } else if (term[0] === '&') {
        const keep = new Set(matched)
        hosts = hosts.filter((h) => keep.has(h))
      } else {
        const existing = new Set(hosts)
        hosts.push(...matched.filter((h) => !existing.has(h)))
      }
    }
    return [...new Set(hosts)]
  }

  /** One term without its &/! prefix: groups or hosts it names, then its [subscript]. */
  private matchTerm(term: string, report: MatchReporting): string[] {
    const bare = term[0] === '&' || term[0] === '!' ? term.slice(1) : term
    if (bare === '') throw new TsplayError(`Invalid host pattern '${term}': nothing follows '${term}'`)
    let entry = this.cache.get(bare)
    if (!entry) {
      const { expression, subscript } = splitSubscript(bare, report)
      const { hosts, unmatched } = this.enumerate(expression)
      entry = { hosts: applySubscript(hosts, subscript, bare), unmatched: unmatched ? expression : undefined }
      this.cache.set(bare, entry)
    }
    if (entry.unmatched !== undefined) report.onUnmatched?.(entry.unmatched)
    return entry.hosts
  }

  private enumerate(expression: string): { hosts: string[]; unmatched: boolean } {
    const matches = compileTerm(expression)
    const results: string[] = []
    const groups = [...this.target.groupNames()].filter((g) => matches(g))
    for (const group of groups) results.push(...this.target.hostsOfGroup(group))
    const isSpecial = expression[0] === '~' || /[.?*[]/.test(expression)
    if (groups.length === 0 || isSpecial) {
      for (const host of this.target.hostNames()) if (matches(host)) results.push(host)
    }
    if (results.length === 0) {
      const implicit = this.target.implicitHost(expression)
      if (implicit) results.push(implicit)
    }
    return { hosts: results, unmatched: results.length === 0 && groups.length === 0 && expression !== 'all' }
  }
}

type Subscript = { start: number; end?: number }

const SUBSCRIPT_RE = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/

function splitSubscript(term: string, report: MatchReporting): { expression: string; subscript?: Subscript } {
  if (term[0] === '~') return { expression: term } // a regex keeps its brackets
  const m = SUBSCRIPT_RE.exec(term)
  if (!m) return { expression: term }
  if (m[2] !== undefined) return { expression: m[1], subscript: { start: Number(m[2]) } }
  if (m[4] === '-') report.warn?.('Use [x:y] inclusive subscripts instead of [x-y] which has been removed')
  return { expression: m[1], subscript: { start: Number(m[3]), end: m[5] ? Number(m[5]) : -1 } }
}

/** `[i]` picks one host (negative counts from the end); `[a:b]` is inclusive, `[a:]` to the last. */
function applySubscript(hosts: string[], subscript: Subscript | undefined, term: string): string[] {
  if (hosts.length === 0 || !subscript) return hosts
  const { start, end } = subscript
  if (end) {
    const last = end === -1 ? hosts.length - 1 : end
    return hosts.slice(pyIndex(start, hosts.length), last + 1)
  }
  const index = pyIndex(start, hosts.length)
  if (index < 0 || index >= hosts.length) throw new TsplayError(`No hosts matched the subscripted pattern '${term}'`)
  return [hosts[index]]
}

function pyIndex(i: number, length: number): number {
  return i < 0 ? length + i : i
}

/** A predicate for one term: `~regex` (matched at the start of the name) or a shell glob. */
function compileTerm(expression: string): (name: string) => boolean {
  let re: RegExp
  try {
    re = expression[0] === '~' ? compilePyRegex(expression.slice(1), {}, 'match') : fnmatchRegex(expression)
  } catch {
    throw new TsplayError(`Invalid host list pattern: ${expression}`)
  }
  return (name) => {
    re.lastIndex = 0 // match-mode patterns are sticky
    return re.test(name)
  }
}
