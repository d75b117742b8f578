// Dynamic includes (include_tasks, include_role): the file or role is loaded when a host
// reaches the include, once per distinct include (file + loop item), and the blocks are
// handed to the host's cursor to run next.
import { dirname, join } from 'node:path'
import { TsplayError } from '../errors.js'
import type { Block, Task } from '../load/model.js'
import { compileEntries, includeTarget, taskFileBases } from '../load/tasks.js'
import { loadRole, placeRole, roleHandlers } from '../load/role.js'
import { resolveAgainst } from '../load/files.js'
import { loadYamlFile } from '../load/yaml.js'
import type { PlayState, RunContext } from './context.js'
import { flattenTasks } from './handlers.js'

const cache = new WeakMap<PlayState, Map<string, Promise<Block>>>()

/** The block an include brings in for one host (and one loop item, when looping). */
export function includeBlock(ctx: RunContext, ps: PlayState, task: Task, vars: Record<string, unknown>, itemVars?: Record<string, unknown>): Promise<Block> {
  const from: Task = itemVars ? { ...task, keywords: { ...task.keywords, vars: { ...(task.keywords.vars as object), ...itemVars } } } : task
  const render = (v: unknown) => ctx.templar.template(v, vars, { pos: task.pos })
  const key = task.action === 'include_role'
    ? `${task.id}|role|${JSON.stringify(render(task.args))}|${JSON.stringify(itemVars ?? null)}`
    : `${task.id}|${includeTarget(task, render)}|${JSON.stringify(itemVars ?? null)}`
  let perPlay = cache.get(ps)
  if (!perPlay) cache.set(ps, (perPlay = new Map()))
  let block = perPlay.get(key)
  if (!block) {
    block = task.action === 'include_role' ? loadIncludedRole(ctx, ps, from, render) : loadIncludedTasks(ctx, ps, from, render)
    perPlay.set(key, block)
  }
  return block
}

async function loadIncludedTasks(ctx: RunContext, ps: PlayState, task: Task, render: (v: unknown) => unknown): Promise<Block> {
  const name = includeTarget(task, render)
  const file = resolveAgainst(name, taskFileBases(task.parent, task.role, ps.play.basedir))
  if (!file) throw new TsplayError(`Could not find or access '${name}' (searched ${taskFileBases(task.parent, task.role, ps.play.basedir).join(', ')})`, { pos: task.pos })
  const block: Block = {
    kind: 'block', block: [], rescue: [], always: [], keywords: {}, pos: task.pos,
    parent: task.parent, role: task.role, from: task, basedir: dirname(file), file, section: task.section,
  }
  const raw = await loadYamlFile(file)
  block.block = await compileEntries(raw, ctx.loadContext, {
    parent: block, role: task.role, isHandler: task.isHandler, playbookDir: ps.play.basedir, file,
    staticVars: { ...ps.play.vars, ...ctx.extraVars },
    loadRole: (entry, c, fromDir) => loadRole(entry, c, fromDir, roleSearch(ctx, ps), true),
    placeRole: (role, parent, from) => placeRole(role, parent, placeScope(ctx, ps, file), ctx.loadContext, from),
  })
  return block
}

function roleSearch(ctx: RunContext, ps: PlayState) {
  return { playbookDir: ps.play.basedir, rolesPath: ctx.roleSearchPath }
}

function placeScope(ctx: RunContext, ps: PlayState, file: string) {
  return {
    isHandler: false, playbookDir: ps.play.basedir, file,
    staticVars: { ...ps.play.vars, ...ctx.extraVars },
    loadRole: (entry: Record<string, unknown>, c: typeof ctx.loadContext, fromDir: string) => loadRole(entry, c, fromDir, roleSearch(ctx, ps), true),
    placeRole: (role: Parameters<typeof placeRole>[0], parent: Block | undefined, from?: Task): Promise<Block> => placeRole(role, parent, placeScope(ctx, ps, file), ctx.loadContext, from),
  }
}

async function loadIncludedRole(ctx: RunContext, ps: PlayState, task: Task, render: (v: unknown) => unknown): Promise<Block> {
  const args = render(task.args) as Record<string, unknown>
  const fromDir = task.parent.basedir
  const role = await loadRole({ ...args, _keywords: {} }, ctx.loadContext, fromDir, roleSearch(ctx, ps), true)
  role.parentRole = task.role
  if (args.public === true || args.public === 'yes' || args.public === 'true') ps.play.exportedRoles.push(role)
  const file = role.tasksFile ?? join(role.path, 'tasks')
  const holder: Block = {
    kind: 'block', block: [], rescue: [], always: [], keywords: {}, pos: task.pos,
    parent: task.parent, role: task.role, from: task, basedir: fromDir, file: role.path, section: task.section,
  }
  holder.block = [await placeRole(role, holder, placeScope(ctx, ps, file), ctx.loadContext)]
  const handlers = await roleHandlers(role, placeScope(ctx, ps, file), ctx.loadContext)
  ps.handlers.push(...flattenTasks(handlers))
  return holder
}
