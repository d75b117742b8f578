// Ansible's value tests: match, search, regex, version/version_compare, any, all,
// truthy, falsy, vault_encrypted, subset/superset, contains, nan, uri, url, urn.
import { TemplateError } from '../../errors.js'
import type { TestFn } from '../types.js'
import { urlsplit } from '../filters/ansible-encoding.js'
import { equalityKey, pyContains } from '../filters/python-compare.js'
import { compilePyRegex, type RegexMode } from '../filters/python-regex.js'
import { pythonStr } from '../filters/python-repr.js'
import { isMapping, isString, isTuple, pyList, truthy, typeName } from '../filters/python-types.js'
import { REQUIRED, defineTest, optional, strArg } from '../filters/signature.js'
import { versionCompare } from './version.js'

function regexTest(value: unknown, pattern: unknown, ignorecase: unknown, multiline: unknown, mode: unknown): boolean {
  const modes: Record<string, RegexMode> = { match: 'match', search: 'search', fullmatch: 'fullmatch' }
  const re = compilePyRegex(strArg(pattern), { ignorecase: truthy(ignorecase), multiline: truthy(multiline) }, modes[String(mode)] ?? 'search')
  return re.test(pythonStr(value))
}

const BOOLEANS_TRUE = ['y', 'yes', 'on', '1', 'true', 't']
const BOOLEANS_FALSE = ['n', 'no', 'off', '0', 'false', 'f']

/** Ansible's truthy(convert_bool=True): yes/no-like strings and 1/0 count as booleans first. */
function truthyTest(value: unknown, convertBool: unknown): boolean {
  if (truthy(convertBool)) {
    if (typeof value === 'boolean') return value
    const text = isString(value) ? String(value).toLowerCase().trim() : undefined
    if (text !== undefined && BOOLEANS_TRUE.includes(text)) return true
    if (text !== undefined && BOOLEANS_FALSE.includes(text)) return false
    if (value === 1) return true
    if (value === 0) return false
  }
  return truthy(value)
}

/** Python's set(items): fails on unhashable members, as Python does. */
function keySet(value: unknown): Set<string> {
  return new Set(
    pyList(value).map((item) => {
      if ((Array.isArray(item) && !isTuple(item)) || isMapping(item)) throw new TemplateError(`unhashable type: '${typeName(item)}'`)
      return equalityKey(item)
    }),
  )
}

function isSubset(a: unknown, b: unknown): boolean {
  const outer = keySet(b)
  return [...keySet(a)].every((k) => outer.has(k))
}

/** urllib's view of a URI; anything text-like parses, other values are not URIs. */
function uriParts(value: unknown, schemes: unknown): Record<string, unknown> | undefined {
  if (!isString(value)) return undefined
  const parts = urlsplit(String(value))
  if (Array.isArray(schemes) && schemes.length > 0 && !schemes.includes(parts.scheme)) return undefined
  return parts
}

const version = defineTest('version', { version: REQUIRED, operator: 'eq', strict: null, version_type: null }, (v, p) =>
  versionCompare(pythonStr(v), pythonStr(p.version), {
    operator: strArg(p.operator),
    strict: optional(p.strict, truthy),
    versionType: optional(p.version_type, strArg),
  }),
)

const subset = defineTest('subset', { b: REQUIRED }, (v, p) => isSubset(v, p.b))
const superset = defineTest('superset', { b: REQUIRED }, (v, p) => isSubset(p.b, v))
const nan = defineTest('nan', {}, (v) => typeof v === 'number' && Number.isNaN(v))
const regexParams = { pattern: '', ignorecase: false, multiline: false }

export const ansibleValueTests: Record<string, TestFn> = {
  match: defineTest('match', regexParams, (v, p) => regexTest(v, p.pattern, p.ignorecase, p.multiline, 'match')),
  search: defineTest('search', regexParams, (v, p) => regexTest(v, p.pattern, p.ignorecase, p.multiline, 'search')),
  regex: defineTest('regex', { ...regexParams, match_type: 'search' }, (v, p) =>
    regexTest(v, p.pattern, p.ignorecase, p.multiline, p.match_type),
  ),
  version,
  version_compare: version,
  any: defineTest('any', {}, (v) => pyList(v).some(truthy)),
  all: defineTest('all', {}, (v) => pyList(v).every(truthy)),
  truthy: defineTest('truthy', { convert_bool: false }, (v, p) => truthyTest(v, p.convert_bool)),
  falsy: defineTest('falsy', { convert_bool: false }, (v, p) => !truthyTest(v, p.convert_bool)),
  vault_encrypted: defineTest('vault_encrypted', {}, () => false),
  subset,
  issubset: subset,
  superset,
  issuperset: superset,
  contains: defineTest('contains', { value: REQUIRED }, (v, p) => pyContains(v, p.value)),
  nan,
  isnan: nan,
  uri: defineTest('uri', { schemes: null }, (v, p) => uriParts(v, p.schemes) !== undefined),
  url: defineTest('url', { schemes: null }, (v, p) => {
    const parts = uriParts(v, p.schemes)
    return parts !== undefined && (Boolean(parts.netloc) || parts.scheme === 'file')
  }),
  urn: defineTest('urn', {}, (v) => uriParts(v, ['urn']) !== undefined),
}
