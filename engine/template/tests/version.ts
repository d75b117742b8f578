// Version comparison for the `version` test, with each of Ansible's version types:
// loose (distutils LooseVersion), strict (StrictVersion), semver and pep440.
import { TemplateError } from '../../errors.js'
import { pyCompare, pyEquals } from '../filters/python-compare.js'
import { pythonRepr } from '../filters/python-repr.js'

/** Compare two version strings: negative, zero or positive. */
export type VersionComparator = (a: string, b: string) => number

/** LooseVersion: runs of digits (as numbers) and of lowercase letters; other text kept as is. */
function looseParts(text: string): (number | string)[] {
  return text
    .split(/(\d+|[a-z]+|\.)/)
    .filter((part) => part !== '' && part !== '.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

const looseCompare: VersionComparator = (a, b) => {
  const [x, y] = [looseParts(a), looseParts(b)]
  if (pyEquals(x, y)) return 0
  return pyCompare(x, y)
}

const STRICT = /^(\d+)\.(\d+)(\.(\d+))?([ab](\d+))?$/

function strictKey(text: string): { release: number[]; pre?: [string, number] } {
  const m = STRICT.exec(text)
  if (!m) throw new TemplateError(`invalid version number '${text}'`)
  return { release: [Number(m[1]), Number(m[2]), Number(m[4] ?? 0)], pre: m[5] ? [m[5][0], Number(m[6])] : undefined }
}

const strictCompare: VersionComparator = (a, b) => {
  const [x, y] = [strictKey(a), strictKey(b)]
  const release = pyCompare(x.release, y.release)
  if (release !== 0) return release
  if (!x.pre || !y.pre) return x.pre ? -1 : y.pre ? 1 : 0
  return pyCompare(x.pre, y.pre)
}

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/

function semverKey(text: string): { core: number[]; pre: (number | string)[] } {
  const m = SEMVER.exec(text)
  if (!m) throw new TemplateError(`invalid semantic version '${text}'`)
  const pre = m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : []
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre }
}

/** Semver precedence: numeric identifiers sort before alphanumeric ones; build metadata is ignored. */
function prereleaseCompare(x: (number | string)[], y: (number | string)[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i], y[i]]
    if (p === q) continue
    if (typeof p !== typeof q) return typeof p === 'number' ? -1 : 1
    return p < q ? -1 : 1
  }
  return x.length - y.length
}

const semverCompare: VersionComparator = (a, b) => {
  const [x, y] = [semverKey(a), semverKey(b)]
  const core = pyCompare(x.core, y.core)
  if (core !== 0) return core
  if (x.pre.length === 0 || y.pre.length === 0) return x.pre.length === 0 ? (y.pre.length === 0 ? 0 : 1) : -1
  return prereleaseCompare(x.pre, y.pre)
}

const PEP440 =
  /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i

const PRE_NAMES: Record<string, string> = { alpha: 'a', beta: 'b', c: 'rc', pre: 'rc', preview: 'rc' }

/** packaging.version's sort key; ±Infinity stand for its Infinity/NegativeInfinity markers. */
function pep440Key(text: string): unknown[] {
  const m = PEP440.exec(text)
  if (!m) throw new TemplateError(`Invalid version: ${pythonRepr(text)}`)
  const [, epoch, releaseText, preLetter, preNum, postImplicit, postWord, postNum, dev, devNum, local] = m
  const release = releaseText.split('.').map(Number)
  while (release.length > 1 && release[release.length - 1] === 0) release.pop()
  const hasPost = postImplicit !== undefined || postWord !== undefined
  let pre: unknown[]
  if (preLetter) pre = [PRE_NAMES[preLetter.toLowerCase()] ?? preLetter.toLowerCase(), Number(preNum ?? 0)]
  else pre = dev && !hasPost ? [-Infinity] : [Infinity]
  const post = hasPost ? [Number(postImplicit ?? postNum ?? 0)] : [-Infinity]
  const devKey = dev ? [Number(devNum ?? 0)] : [Infinity]
  const localKey = local
    ? local.toLowerCase().split(/[-_.]/).map((p) => (/^\d+$/.test(p) ? [Number(p), ''] : [-Infinity, p]))
    : [[-Infinity]]
  return [Number(epoch ?? 0), release, pre, post, devKey, localKey]
}

const pep440Compare: VersionComparator = (a, b) => compareKeys(pep440Key(a), pep440Key(b))

/** Lexicographic comparison of nested keys mixing numbers and strings at fixed positions. */
function compareKeys(x: unknown, y: unknown): number {
  if (Array.isArray(x) && Array.isArray(y)) {
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const order = compareKeys(x[i], y[i])
      if (order !== 0) return order
    }
    return x.length - y.length
  }
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0
  if (typeof x === 'number') return -1
  if (typeof y === 'number') return 1
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0
}

export const VERSION_TYPES: Record<string, VersionComparator> = {
  loose: looseCompare,
  strict: strictCompare,
  semver: semverCompare,
  semantic: semverCompare,
  pep440: pep440Compare,
}

const OPERATORS: Record<string, (order: number) => boolean> = {
  eq: (o) => o === 0,
  ne: (o) => o !== 0,
  lt: (o) => o < 0,
  le: (o) => o <= 0,
  gt: (o) => o > 0,
  ge: (o) => o >= 0,
}

const OPERATOR_NAMES: Record<string, string> = {
  '==': 'eq', '=': 'eq', eq: 'eq', '<': 'lt', lt: 'lt', '<=': 'le', le: 'le',
  '>': 'gt', gt: 'gt', '>=': 'ge', ge: 'ge', '!=': 'ne', '<>': 'ne', ne: 'ne',
}

export interface VersionCompareOptions {
  operator: string
  strict?: boolean
  versionType?: string
}

/** Ansible's version_compare: `value <operator> version` under the chosen version scheme. */
export function versionCompare(value: string, version: string, opts: VersionCompareOptions): boolean {
  if (opts.strict !== undefined && opts.versionType !== undefined) {
    throw new TemplateError("Cannot specify both 'strict' and 'version_type'")
  }
  if (!value) throw new TemplateError('Input version value cannot be empty')
  if (!version) throw new TemplateError('Version parameter to compare against cannot be empty')
  let compare = looseCompare
  if (opts.strict) compare = strictCompare
  else if (opts.versionType) {
    const chosen = VERSION_TYPES[opts.versionType]
    if (!chosen) {
      const known = Object.keys(VERSION_TYPES).map((t) => `'${t}'`).join(', ')
      throw new TemplateError(`Invalid version type (${opts.versionType}). Must be one of ${known}`)
    }
    compare = chosen
  }
  const operator = OPERATOR_NAMES[opts.operator]
  if (!operator) {
    const known = Object.keys(OPERATOR_NAMES).map((o) => `'${o}'`).join(', ')
    throw new TemplateError(`Invalid operator type (${opts.operator}). Must be one of ${known}`)
  }
  try {
    return OPERATORS[operator](compare(value, version))
  } catch (err) {
    throw new TemplateError(`Version comparison failed: ${(err as Error).message}`)
  }
}
