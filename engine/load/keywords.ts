// Load-time validation of plays, blocks, role entries and import_playbook entries:
// unknown keywords (with "did you mean"), keyword types, and the structural rules
// Ansible enforces, worded as Ansible words them. Tasks: task-args.ts (splitTask).
import { ParseError } from '../errors.js'
import { assignKey } from './assign-key.js'
import { describeValue } from './describe-value.js'
import { checkKeywordTypes, fallbackPos, KEYWORD_TABLES, rejectUnknownKeywords, requireMapping, type KeywordOwner } from './keyword-check.js'
import { IMPORT_PLAYBOOK_KEYWORDS, ROLE_ENTRY_KEYWORDS } from './keyword-tables.js'
import { getKeyPos } from './position.js'

export { splitTask, type SplitTask, type SplitTaskOptions, type ModuleLookup } from './task-args.js'
export { isVariableName, type KeywordOwner } from './keyword-check.js'

/** The keywords an object of this kind accepts. */
export function keywordNames(owner: KeywordOwner): string[] {
  return Object.keys(KEYWORD_TABLES[owner])
}

/** A JSON schema of an object's keywords (for editors and documentation). */
export function keywordSchema(owner: KeywordOwner): Record<string, unknown> {
  const properties = Object.fromEntries(Object.entries(KEYWORD_TABLES[owner]).map(([k, t]) => [k, t.schema]))
  const loops = owner === 'Task' || owner === 'Handler' ? { patternProperties: { '^with_': {} } } : {}
  return { type: 'object', properties, ...loops, additionalProperties: owner === 'RoleEntry' }
}

/** Validate one play of a playbook (not an import_playbook entry: see validateImportPlaybook). */
export function validatePlay(raw: unknown, file: string): void {
  requireMapping(raw, 'A play', file)
  rejectUnknownKeywords(raw, 'Play', file)
  checkHosts(raw, file)
  if (raw.user !== undefined && raw.remote_user !== undefined) {
    throw new ParseError(
      "both 'user' and 'remote_user' are set for this play. The use of 'user' is deprecated, and should be removed",
      { pos: getKeyPos(raw, 'user') ?? fallbackPos(raw, file) },
    )
  }
  checkKeywordTypes(raw, 'Play', file)
}

function checkHosts(raw: Record<string, unknown>, file: string): void {
  const pos = getKeyPos(raw, 'hosts') ?? fallbackPos(raw, file)
  if (!('hosts' in raw)) throw new ParseError("the field 'hosts' is required but was not set", { pos })
  const hosts = raw.hosts
  if (hosts === null || hosts === '' || (Array.isArray(hosts) && hosts.length === 0)) {
    throw new ParseError('Hosts list cannot be empty. Please check your playbook', { pos })
  }
  if (Array.isArray(hosts)) {
    for (const entry of hosts) {
      if (entry === null) throw new ParseError("Hosts list cannot contain values of 'None'. Please check your playbook", { pos })
      if (typeof entry !== 'string') throw new ParseError(`Hosts list contains an invalid host value: '${String(entry)}'`, { pos })
    }
  } else if (typeof hosts !== 'string') {
    throw new ParseError('Hosts list must be a sequence or string. Please check your playbook.', { pos })
  }
}

/** Validate a block (a task-list entry with block/rescue/always); its tasks are checked one by one later. */
export function validateBlock(raw: unknown, file: string): void {
  requireMapping(raw, 'A block', file)
  rejectUnknownKeywords(raw, 'Block', file)
  for (const section of ['rescue', 'always']) {
    if (section in raw && !('block' in raw)) {
      throw new ParseError(`'${section}' keyword cannot be used without 'block'`, {
        pos: getKeyPos(raw, section) ?? fallbackPos(raw, file),
      })
    }
  }
  checkKeywordTypes(raw, 'Block', file)
}

/** A `roles:` entry split into the role's name, its keywords and its parameters. */
export interface RoleEntry {
  role: string
  keywords: Record<string, unknown>
  params: Record<string, unknown>
}

/** Validate a `roles:` list item (a name, or a mapping with `role:`/`name:`); other keys are role parameters. */
export function validateRoleEntry(raw: unknown, file: string): RoleEntry {
  if (typeof raw === 'string') {
    if (raw.includes(',')) {
      throw new ParseError(`Invalid old style role requirement: ${raw}`, { pos: fallbackPos(raw, file) })
    }
    return { role: raw, keywords: {}, params: {} }
  }
  requireMapping(raw, 'A role entry', file)
  const name = raw.role ?? raw.name
  if (typeof name !== 'string' || name === '') {
    throw new ParseError('role definitions must contain a role name', { pos: fallbackPos(raw, file) })
  }
  const keywords: Record<string, unknown> = {}
  const params: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    assignKey(Object.hasOwn(ROLE_ENTRY_KEYWORDS, key) ? keywords : params, key, value)
  }
  checkKeywordTypes(raw, 'RoleEntry', file)
  return { role: name, keywords, params }
}

/** Validate an `- import_playbook: file.yml` entry of a playbook. */
export function validateImportPlaybook(raw: unknown, file: string): void {
  requireMapping(raw, 'An import_playbook entry', file)
  const key = ['import_playbook', 'ansible.builtin.import_playbook', 'ansible.legacy.import_playbook'].find((k) => k in raw)
  const target = key === undefined ? undefined : raw[key]
  const pos = (k: string) => getKeyPos(raw, k) ?? fallbackPos(raw, file)
  if (target === null || target === undefined) throw new ParseError('playbook import parameter is missing', { pos: pos(key ?? '') })
  if (typeof target !== 'string') {
    throw new ParseError(`playbook import parameter must be a string indicating a file path, but it is ${describeValue(target)}`, {
      pos: pos(key!),
    })
  }
  if (target.trim() === '') throw new ParseError('import_playbook statements must specify the file name to import', { pos: pos(key!) })
  rejectUnknownKeywords(raw, 'PlaybookInclude', file, { ...IMPORT_PLAYBOOK_KEYWORDS, [key!]: IMPORT_PLAYBOOK_KEYWORDS.import_playbook! })
  const vars = raw.vars
  if (vars !== undefined && (vars === null || typeof vars !== 'object' || Array.isArray(vars))) {
    throw new ParseError('vars for import_playbook statements must be specified as a dictionary', { pos: pos('vars') })
  }
  checkKeywordTypes(raw, 'PlaybookInclude', file)
}
