// A playbook file → plays. import_playbook is expanded in place; each play's roles,
// pre_tasks, tasks, post_tasks and handlers are compiled into blocks.
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { ParseError } from '../errors.js'
import { getPos, getKeyPos } from './position.js'
import { loadYamlFile } from './yaml.js'
import { validateImportPlaybook, validatePlay } from './keywords.js'
import type { LoadContext } from './context.js'
import { newId, type Block, type Play, type RoleInstance } from './model.js'
import { compileEntries, type TaskScope } from './tasks.js'
import { loadRole, placeRole, roleHandlers, type RoleSearch } from './role.js'

export async function loadPlaybook(file: string, ctx: LoadContext, seen: string[] = []): Promise<Play[]> {
  const path = resolve(file)
  if (seen.includes(path)) throw new ParseError(`playbook '${file}' imports itself (${[...seen, path].join(' → ')})`)
  const raw = await loadYamlFile(path)
  if (raw === null || raw === undefined) return []
  if (!Array.isArray(raw)) {
    throw new ParseError('a playbook must be a list of plays', { pos: getPos(raw) ?? { file: path, line: 1, column: 1 } })
  }
  const plays: Play[] = []
  for (const entry of raw) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new ParseError('a play must be a mapping', { pos: getPos(raw) ?? { file: path, line: 1, column: 1 } })
    }
    const item = entry as Record<string, unknown>
    const imported = item.import_playbook ?? item['ansible.builtin.import_playbook'] ?? item.include
    if (imported !== undefined) {
      validateImportPlaybook(item, path)
      plays.push(...(await importPlaybook(item, imported, path, ctx, [...seen, path])))
      continue
    }
    plays.push(await loadPlay(item, path, ctx))
  }
  return plays
}

async function importPlaybook(item: Record<string, unknown>, target: unknown, from: string, ctx: LoadContext, seen: string[]): Promise<Play[]> {
  const vars = { ...ctx.extraVars, ...(item.vars as Record<string, unknown> | undefined) }
  const name = ctx.templateStatic(target, vars)
  if (typeof name !== 'string') throw new ParseError('import_playbook needs a file name', { pos: getPos(item) })
  const file = resolve(dirname(from), name)
  if (!existsSync(file)) {
    throw new ParseError(`could not find the playbook '${name}' to import (looked for ${file})`, { pos: getKeyPos(item, 'import_playbook') ?? getPos(item) })
  }
  const plays = await loadPlaybook(file, ctx, seen)
  // vars and when on import_playbook apply to every imported play.
  for (const play of plays) {
    if (item.vars) play.vars = { ...(item.vars as object), ...play.vars }
    if (item.when !== undefined) play.keywords.when = mergeWhen(item.when, play.keywords.when)
    if (item.tags !== undefined) play.keywords.tags = [...toList(item.tags), ...toList(play.keywords.tags)]
  }
  return plays
}

function toList(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

function mergeWhen(outer: unknown, inner: unknown): unknown[] {
  return [...toList(outer), ...toList(inner)]
}

function playVars(raw: unknown, pos: ReturnType<typeof getPos>): Record<string, unknown> {
  if (raw === undefined || raw === null) return {}
  if (Array.isArray(raw)) return Object.assign({}, ...raw)
  if (typeof raw !== 'object') throw new ParseError("a play's 'vars' must be a mapping", { pos })
  return raw as Record<string, unknown>
}

async function loadPlay(raw: Record<string, unknown>, file: string, ctx: LoadContext): Promise<Play> {
  validatePlay(raw, file)
  const pos = getPos(raw)
  const basedir = dirname(file)
  const { hosts, name, vars, vars_files, roles, pre_tasks, tasks, post_tasks, handlers, ...keywords } = raw
  if (hosts === undefined || hosts === null || hosts === '') {
    throw new ParseError("the field 'hosts' is required but was not set", { pos })
  }
  const play: Play = {
    name: typeof name === 'string' ? name : Array.isArray(hosts) ? hosts.join(',') : String(hosts),
    hosts: hosts as string | string[], keywords, pos, file, basedir,
    vars: playVars(vars, getKeyPos(raw, 'vars')),
    varsFiles: vars_files === undefined || vars_files === null ? [] : toList(vars_files),
    roles: [], exportedRoles: [], preTasks: [], tasks: [], postTasks: [], handlers: [], id: newId(),
  }
  const search: RoleSearch = { playbookDir: basedir, rolesPath: ctx.rolesPath }
  const importedRoles: RoleInstance[] = []
  const root = (label: string): Block => ({ kind: 'block', block: [], rescue: [], always: [], keywords: {}, basedir, pos: getKeyPos(raw, label) })
  const scope = (parent: Block, isHandler: boolean): TaskScope => ({
    parent, isHandler, playbookDir: basedir, file,
    staticVars: { ...play.vars, ...ctx.extraVars },
    onRoleImported: (role) => importedRoles.push(role),
    loadRole: (entry, c, fromDir) => loadRole(entry, c, fromDir, search, true),
    placeRole: (role, parent, from) => placeRole(role, parent, scope(parent ?? root('tasks'), false), ctx, from),
  })

  const rolesBlock = root('roles')
  for (const entry of toList(roles)) {
    const role = await loadRole(entry as Record<string, unknown>, ctx, basedir, search, false, [], getPos(roles) ?? getKeyPos(raw, 'roles'))
    play.roles.push(role)
    rolesBlock.block.push(await placeRole(role, rolesBlock, scope(rolesBlock, false), ctx))
  }
  play.preTasks = await section(pre_tasks, 'pre_tasks')
  const tasksBlock = root('tasks')
  tasksBlock.block = await compileEntries(tasks ?? [], ctx, scope(tasksBlock, false))
  play.tasks = [rolesBlock, tasksBlock]
  play.postTasks = await section(post_tasks, 'post_tasks')

  play.exportedRoles = [...play.roles, ...importedRoles]
  for (const role of [...play.roles, ...importedRoles]) play.handlers.push(...(await roleHandlers(role, scope(root('handlers'), true), ctx)))
  const handlerBlock = root('handlers')
  handlerBlock.block = await compileEntries(handlers ?? [], ctx, scope(handlerBlock, true))
  play.handlers.push(handlerBlock)
  return play

  async function section(list: unknown, label: string): Promise<Block[]> {
    const block = root(label)
    block.block = await compileEntries(list ?? [], ctx, scope(block, false))
    return [block]
  }
}
