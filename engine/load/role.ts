// Roles: find the folder, read defaults/vars/meta, resolve dependencies, and place the
// role's tasks in a play (a role block holding its dependencies' blocks, then its tasks).
import { existsSync } from 'node:fs'
import { join, resolve, dirname } from 'node:path'
import { ParseError, type SourcePos } from '../errors.js'
import { getPos } from './position.js'
import { loadYamlFile } from './yaml.js'
import type { LoadContext } from './context.js'
import { newId, type Block, type RoleInstance, type Task } from './model.js'
import { findVarsLike } from './files.js'
import { compileEntries, type TaskScope } from './tasks.js'

/** Keywords a role entry may carry that are not role parameters. */
const ROLE_ENTRY_KEYWORDS = new Set([
  'when', 'tags', 'become', 'become_user', 'become_method', 'become_flags', 'become_exe', 'vars',
  'environment', 'ignore_errors', 'ignore_unreachable', 'no_log', 'delegate_to', 'delegate_facts',
  'run_once', 'any_errors_fatal', 'check_mode', 'diff', 'connection', 'remote_user', 'port',
  'throttle', 'timeout', 'module_defaults', 'collections', 'debugger', 'max_fail_percentage',
])
const IMPORT_ROLE_ARGS = new Set(['name', 'tasks_from', 'vars_from', 'defaults_from', 'handlers_from', 'allow_duplicates', 'public', 'rolespec_validate', 'apply'])

export interface RoleSearch {
  playbookDir: string
  rolesPath: string[]
}

export function findRoleDir(name: string, fromDir: string, search: RoleSearch): string | undefined {
  const candidates = [
    join(fromDir, 'roles', name),
    join(dirname(fromDir), 'roles', name),
    join(search.playbookDir, 'roles', name),
    ...search.rolesPath.map((p) => join(p, name)),
    resolve(search.playbookDir, name),
    resolve(fromDir, name),
  ]
  return candidates.find((dir) => existsSync(join(dir)) && hasRoleLayout(dir))
}

function hasRoleLayout(dir: string): boolean {
  return ['tasks', 'handlers', 'defaults', 'vars', 'meta', 'library', 'templates', 'files'].some((sub) => existsSync(join(dir, sub)))
}

async function loadMerged(files: string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  for (const file of files) {
    const data = await loadYamlFile(file)
    if (data === null || data === undefined) continue
    if (typeof data !== 'object' || Array.isArray(data)) {
      throw new ParseError('a vars file must hold a mapping of variable names to values', { pos: getPos(data) ?? { file, line: 1, column: 1 } })
    }
    Object.assign(out, data)
  }
  return out
}

/** Split a `roles:` entry / import_role args into name, params, keywords and *_from choices. */
function readEntry(entry: Record<string, unknown> | string, isImport: boolean) {
  if (typeof entry === 'string') return { name: entry, params: {}, keywords: {}, from: {} as Record<string, string> }
  const raw = { ...entry }
  const keywords = (raw._keywords as Record<string, unknown>) ?? {}
  delete raw._keywords
  const name = raw.role ?? raw.name
  const params: Record<string, unknown> = {}
  const from: Record<string, string> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'role' || (key === 'name' && raw.role === undefined)) continue
    if (isImport) {
      if (key.endsWith('_from')) from[key] = String(value)
      else if (!IMPORT_ROLE_ARGS.has(key)) params[key] = value
    } else if (ROLE_ENTRY_KEYWORDS.has(key)) keywords[key] = value
    else params[key] = value
  }
  return { name, params, keywords, from }
}

export async function loadRole(
  entry: Record<string, unknown> | string,
  ctx: LoadContext,
  fromDir: string,
  search: RoleSearch,
  isImport = false,
  chain: string[] = [],
  fallbackPos?: SourcePos,
): Promise<RoleInstance> {
  const { name, params, keywords, from } = readEntry(entry, isImport)
  // A role given as a bare string has no position of its own: use where the list was written.
  const pos = getPos(entry) ?? fallbackPos
  if (typeof name !== 'string' || name === '') throw new ParseError("a role entry needs a 'role' (or 'name')", { pos })
  const rendered = String(ctx.templateStatic(name, ctx.extraVars))
  const path = findRoleDir(rendered, fromDir, search)
  if (!path) {
    const where = [join(search.playbookDir, 'roles'), ...search.rolesPath, search.playbookDir].join(':')
    throw new ParseError(`the role '${rendered}' was not found in ${where}`, { pos })
  }
  if (chain.includes(path)) throw new ParseError(`role '${rendered}' depends on itself (${[...chain, path].join(' → ')})`, { pos })

  const defaults = await loadMerged(findVarsLike(join(path, 'defaults'), from.defaults_from ?? 'main'))
  // `vars:` on a role entry are role vars (below vars/main.yml), exported to the play like them.
  const { vars: entryVars, ...otherKeywords } = keywords
  const vars = { ...(entryVars as Record<string, unknown> | undefined), ...(await loadMerged(findVarsLike(join(path, 'vars'), from.vars_from ?? 'main'))) }
  const meta = (await loadMerged(findVarsLike(join(path, 'meta'), 'main'))) as { dependencies?: unknown; allow_duplicates?: unknown }
  const role: RoleInstance = {
    name: rendered, path, defaults, vars, params, keywords: isImport ? keywords : otherKeywords, pos, dependencies: [],
    libraryDir: existsSync(join(path, 'library')) ? join(path, 'library') : undefined,
    tasksFile: findVarsLike(join(path, 'tasks'), from.tasks_from ?? 'main')[0],
    handlersFile: findVarsLike(join(path, 'handlers'), from.handlers_from ?? 'main')[0],
    allowDuplicates: meta.allow_duplicates === true || (entry as Record<string, unknown>).allow_duplicates === true,
    // Ansible tells role uses apart by their params and by the entry's when/tags/vars.
    // import_role/include_role make a fresh role each time: only `roles:` entries are deduplicated.
    key: isImport ? newId() : `${path}|${JSON.stringify(params)}|${JSON.stringify(from)}|${JSON.stringify([keywords.when, keywords.tags, entryVars])}`,
  }
  if (from.tasks_from && !role.tasksFile) {
    throw new ParseError(`could not find tasks_from '${from.tasks_from}' in role '${rendered}' (${join(path, 'tasks')})`, { pos })
  }
  const deps = meta.dependencies ?? []
  if (!Array.isArray(deps)) throw new ParseError("meta 'dependencies' must be a list", { pos: getPos(meta) })
  for (const dep of deps) {
    const loaded = await loadRole(dep as Record<string, unknown>, ctx, path, search, false, [...chain, path], getPos(deps) ?? pos)
    loaded.parentRole = role
    role.dependencies.push(loaded)
  }
  return role
}

/** A role placed in a play: a block with its dependencies' blocks, then its own tasks. */
export async function placeRole(role: RoleInstance, parent: Block | undefined, scope: Omit<TaskScope, 'parent' | 'role'>, ctx: LoadContext, from?: Task): Promise<Block> {
  const block: Block = {
    kind: 'block', block: [], rescue: [], always: [], keywords: role.keywords, pos: role.pos,
    parent, role, from, basedir: join(role.path, 'tasks'), isRoleRoot: true,
  }
  for (const dep of role.dependencies) block.block.push(await placeRole(dep, block, scope, ctx))
  if (role.tasksFile) {
    const raw = await loadYamlFile(role.tasksFile)
    block.block.push(...(await compileEntries(raw, ctx, { ...scope, parent: block, role, isHandler: false, file: role.tasksFile })))
  }
  return block
}

/** A role's handlers (and its dependencies'), compiled under a block of the role. */
export async function roleHandlers(role: RoleInstance, scope: Omit<TaskScope, 'parent' | 'role'>, ctx: LoadContext): Promise<Block[]> {
  const out: Block[] = []
  for (const dep of role.dependencies) out.push(...(await roleHandlers(dep, scope, ctx)))
  if (role.handlersFile) {
    const block: Block = {
      kind: 'block', block: [], rescue: [], always: [], keywords: role.keywords, pos: role.pos,
      role, basedir: join(role.path, 'handlers'), isRoleRoot: false,
    }
    const raw = await loadYamlFile(role.handlersFile)
    block.block = await compileEntries(raw, ctx, { ...scope, parent: block, role, isHandler: true, file: role.handlersFile })
    out.push(block)
  }
  return out
}
