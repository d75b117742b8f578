// The checks keyword validation is made of: a mapping where one is needed, no unknown
// keywords, each keyword's value of its type (keyword-types.ts, checked with ajv) and
// valid variable names. A failure is one sentence — which keyword, what it expected,
// what it got — at the position where the user wrote it.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { ParseError, type SourcePos } from '../errors.js'
import { describeValue } from './describe-value.js'
import { suggestionSuffix } from './did-you-mean.js'
import {
  BLOCK_KEYWORDS,
  HANDLER_KEYWORDS,
  IMPORT_PLAYBOOK_KEYWORDS,
  PLAY_KEYWORDS,
  ROLE_ENTRY_KEYWORDS,
  TASK_KEYWORDS,
  type KeywordTable,
} from './keyword-tables.js'
import { DEFINITIONS, type KeywordType } from './keyword-types.js'
import { getKeyPos, getPos } from './position.js'

/** The objects keywords belong to, named as Ansible names them in its messages. */
export type KeywordOwner = 'Play' | 'Block' | 'Task' | 'Handler' | 'RoleEntry' | 'PlaybookInclude'

export const KEYWORD_TABLES: Readonly<Record<KeywordOwner, KeywordTable>> = {
  Play: PLAY_KEYWORDS,
  Block: BLOCK_KEYWORDS,
  Task: TASK_KEYWORDS,
  Handler: HANDLER_KEYWORDS,
  RoleEntry: ROLE_ENTRY_KEYWORDS,
  PlaybookInclude: IMPORT_PLAYBOOK_KEYWORDS,
}

const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true, verbose: true })
const compiled = new Map<KeywordType, ValidateFunction>()

function validatorFor(type: KeywordType): ValidateFunction {
  let validate = compiled.get(type)
  if (!validate) {
    validate = ajv.compile({ ...type.schema, definitions: DEFINITIONS })
    compiled.set(type, validate)
  }
  return validate
}

/** Where a keyword (or a value inside it, by ajv's instancePath) was written. */
export function positionIn(owner: object, keyword: string, instancePath: string, fallback: SourcePos): SourcePos {
  let container: unknown = owner
  let key = keyword
  let pos = getKeyPos(owner, keyword) ?? fallback
  for (const segment of instancePath.split('/').slice(1)) {
    const value = (container as Record<string, unknown>)[key]
    if (value === null || typeof value !== 'object') break
    container = value
    key = segment.replaceAll('~1', '/').replaceAll('~0', '~')
    const inner = Array.isArray(container) ? getPos(container[Number(key)]) : getKeyPos(container, key)
    if (inner) pos = inner
  }
  return pos
}

function valueAt(value: unknown, instancePath: string): unknown {
  let current = value
  for (const segment of instancePath.split('/').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[segment]
  }
  return current
}

/** "item 2" for `/1`, "'name'" for `/name`: the last step of an instancePath. */
function itemLabel(instancePath: string): string {
  const last = instancePath.slice(instancePath.lastIndexOf('/') + 1)
  return /^\d+$/.test(last) ? `item ${Number(last) + 1}` : `'${last}'`
}

/** "'loop_control'" or "item 1 of 'vars_prompt'". */
function whereIn(keyword: string, instancePath: string): string {
  return instancePath === '' ? `'${keyword}'` : `${itemLabel(instancePath)} of '${keyword}'`
}

/** The error that says most: the deepest one, then the specific kinds. */
function mostSpecific(errors: ErrorObject[]): ErrorObject {
  const depth = (e: ErrorObject) => e.instancePath.split('/').length
  const rank = (e: ErrorObject) => (e.keyword === 'additionalProperties' || e.keyword === 'required' ? 1 : 0)
  return [...errors].sort((a, b) => depth(b) - depth(a) || rank(b) - rank(a))[0]!
}

function sentence(keyword: string, type: KeywordType, value: unknown, error: ErrorObject | undefined): string {
  const path = error?.instancePath ?? ''
  if (error?.keyword === 'additionalProperties') {
    const extra = String(error.params.additionalProperty)
    const known = Object.keys((error.parentSchema?.properties ?? {}) as object)
    return `'${extra}' is not a valid key in ${whereIn(keyword, path)}${suggestionSuffix(extra, known)}`
  }
  if (error?.keyword === 'required') {
    return `${whereIn(keyword, path)} is missing the required key '${String(error.params.missingProperty)}'`
  }
  const expected = `the field '${keyword}' must be ${type.expects}`
  if (path !== '') return `${expected}, but ${itemLabel(path)} is ${describeValue(valueAt(value, path))}`
  const suggestion = type.choices && typeof value === 'string' ? suggestionSuffix(value, type.choices) : ''
  return `${expected}, but it is ${describeValue(value)}${suggestion}`
}

/** Throw a ParseError when `owner[keyword]` does not have the keyword's type. */
export function checkKeywordType(owner: Record<string, unknown>, keyword: string, type: KeywordType, fallback: SourcePos): void {
  const value = owner[keyword]
  const validate = validatorFor(type)
  if (validate(value)) return
  const error = validate.errors?.length ? mostSpecific(validate.errors) : undefined
  // An unknown key is best shown where it was written, inside the value.
  const extra = error?.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : undefined
  const extraKey = extra === undefined ? '' : `/${extra.replaceAll('~', '~0').replaceAll('/', '~1')}`
  const pos = positionIn(owner, keyword, `${error?.instancePath ?? ''}${extraKey}`, fallback)
  throw new ParseError(sentence(keyword, type, value, error), { pos })
}

export function fallbackPos(raw: unknown, file: string): SourcePos {
  return getPos(raw) ?? { file, line: 1, column: 1 }
}

/** Throw unless `raw` is a mapping; `what` names it ("a play"). */
export function requireMapping(raw: unknown, what: string, file: string): asserts raw is Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ParseError(`${what} must be a mapping, but it is ${describeValue(raw)}`, { pos: fallbackPos(raw, file) })
  }
}

/** Throw for the first key of `raw` that `owner` does not accept. */
export function rejectUnknownKeywords(raw: Record<string, unknown>, owner: KeywordOwner, file: string, allowed = KEYWORD_TABLES[owner]): void {
  for (const key of Object.keys(raw)) {
    if (Object.hasOwn(allowed, key)) continue
    throw new ParseError(`'${key}' is not a valid attribute for a ${owner}${suggestionSuffix(key, Object.keys(allowed))}`, {
      pos: getKeyPos(raw, key) ?? fallbackPos(raw, file),
    })
  }
}

/** Check the type of each known keyword present in `raw`. */
export function checkKeywordTypes(raw: Record<string, unknown>, owner: KeywordOwner, file: string, table = KEYWORD_TABLES[owner]): void {
  const fallback = fallbackPos(raw, file)
  for (const [key, value] of Object.entries(raw)) {
    const type = Object.hasOwn(table, key) ? table[key] : undefined
    if (type === undefined || value === undefined) continue
    checkKeywordType(raw, key, type, fallback)
    if (key === 'vars') checkVariableNames(raw, value, owner, fallback)
  }
}

const PYTHON_KEYWORDS = new Set(
  ('False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '),
)

/** A name Ansible accepts for a variable: an ASCII identifier that is not a Python keyword. */
export function isVariableName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PYTHON_KEYWORDS.has(name)
}

function checkVariableNames(raw: Record<string, unknown>, vars: unknown, ownerName: string, fallback: SourcePos): void {
  const mappings = Array.isArray(vars) ? vars : [vars]
  for (const mapping of mappings) {
    if (mapping === null || typeof mapping !== 'object') continue
    for (const name of Object.keys(mapping)) {
      if (isVariableName(name)) continue
      throw new ParseError(`Invalid variable name in vars specified for ${ownerName}: '${name}' is not a valid variable name`, {
        pos: getKeyPos(mapping, name) ?? getKeyPos(raw, 'vars') ?? fallback,
      })
    }
  }
}
