// Task lists → blocks and tasks. Static imports (import_tasks, import_role) are
// expanded here; dynamic includes stay tasks and are expanded by the executor.
import { dirname, join } from 'node:path'
import { ParseError } from '../errors.js'
import { getPos } from './position.js'
import { loadYamlFile } from './yaml.js'
import { splitTask, validateBlock } from './keywords.js'
import type { LoadContext } from './context.js'
import { newId, type Block, type Entry, type RoleInstance, type Task } from './model.js'
import { resolveAgainst } from './files.js'

export interface TaskScope {
  parent: Block
  role?: RoleInstance
  isHandler: boolean
  playbookDir: string
  /** Play vars + extra vars, for templating static import names. */
  staticVars: Record<string, unknown>
  /** Called for roles imported statically so the play can register their handlers. */
  onRoleImported?: (role: RoleInstance) => void
  /** Loads a role (engine/load/role.ts), injected to avoid an import cycle. */
  loadRole: (entry: Record<string, unknown>, ctx: LoadContext, fromDir: string) => Promise<RoleInstance>
  /** Compiles a role's tasks under a new role block (engine/load/role.ts). */
  placeRole: (role: RoleInstance, parent: Block | undefined, from?: Task) => Promise<Block>
  /** Folder whose file is being compiled (for error messages). */
  file: string
}

const BLOCK_KEYS = new Set(['block', 'rescue', 'always'])

export async function compileEntries(raw: unknown, ctx: LoadContext, scope: TaskScope): Promise<Entry[]> {
  if (raw === null || raw === undefined) return []
  if (!Array.isArray(raw)) {
    throw new ParseError('a task list must be a YAML list of tasks', { pos: getPos(raw) ?? { file: scope.file, line: 1, column: 1 } })
  }
  const out: Entry[] = []
  for (const item of raw) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new ParseError(`a task must be a mapping, got ${JSON.stringify(item)}`, {
        pos: getPos(raw) ?? { file: scope.file, line: 1, column: 1 },
      })
    }
    const rawTask = item as Record<string, unknown>
    if (Object.keys(rawTask).some((k) => BLOCK_KEYS.has(k))) {
      out.push(await compileBlock(rawTask, ctx, scope))
    } else {
      out.push(...(await compileTask(rawTask, ctx, scope)))
    }
  }
  return out
}

async function compileBlock(raw: Record<string, unknown>, ctx: LoadContext, scope: TaskScope): Promise<Block> {
  validateBlock(raw, scope.file)
  const { block, rescue, always, ...keywords } = raw
  const node: Block = {
    kind: 'block', block: [], rescue: [], always: [], keywords, pos: getPos(raw),
    parent: scope.parent, role: scope.role, basedir: scope.parent.basedir,
  }
  const inner = { ...scope, parent: node }
  node.block = await compileEntries(block ?? [], ctx, inner)
  node.rescue = await compileEntries(rescue ?? [], ctx, inner)
  node.always = await compileEntries(always ?? [], ctx, inner)
  for (const entry of node.rescue) entry.section = 'rescue'
  for (const entry of node.always) entry.section = 'always'
  return node
}

async function compileTask(raw: Record<string, unknown>, ctx: LoadContext, scope: TaskScope): Promise<Entry[]> {
  const { action, args, keywords } = splitTask(raw, (name) => ctx.isModule(name), { handler: scope.isHandler, moduleNames: ctx.moduleNames, file: scope.file })
  const pos = getPos(raw)
  const task: Task = {
    kind: 'task', action, args, keywords, pos, parent: scope.parent, role: scope.role,
    id: newId(), isHandler: scope.isHandler,
  }
  if (scope.isHandler) task.listen = handlerNames(task)
  if (action === 'import_tasks') return [await importTasks(task, ctx, scope)]
  if (action === 'import_role') return [await importRole(task, ctx, scope)]
  if (action === 'import_playbook') {
    throw new ParseError("'import_playbook' is only allowed as a play, not inside a task list", { pos })
  }
  if (action === 'include') task.action = 'include_tasks'
  return [task]
}

function handlerNames(task: Task): string[] {
  const names: string[] = []
  if (typeof task.keywords.name === 'string') names.push(task.keywords.name)
  const listen = task.keywords.listen
  if (typeof listen === 'string') names.push(listen)
  else if (Array.isArray(listen)) names.push(...listen.map(String))
  return names
}

/** The file named by an include/import: `_raw_params` or `file:`, templated with static vars. */
export function includeTarget(task: Task, render: (v: unknown) => unknown): string {
  const name = render(task.args.file ?? task.args._raw_params)
  if (typeof name !== 'string' || name === '') {
    throw new ParseError(`${task.action} needs a file name`, { pos: task.pos })
  }
  return name
}

export function taskFileBases(block: Block, role: RoleInstance | undefined, playbookDir: string): string[] {
  const bases = [block.basedir]
  if (role) bases.push(join(role.path, 'tasks'), role.path)
  bases.push(playbookDir)
  return bases
}

async function importTasks(task: Task, ctx: LoadContext, scope: TaskScope): Promise<Block> {
  const name = includeTarget(task, (v) => ctx.templateStatic(v, { ...scope.staticVars, ...task.keywords.vars as object }))
  const file = resolveAgainst(name, taskFileBases(scope.parent, scope.role, scope.playbookDir))
  if (!file) throw new ParseError(`could not find the task file '${name}' to import`, { pos: task.pos })
  // The import's keywords reach the imported tasks through `from` (engine/executor/keywords.ts).
  const block: Block = {
    kind: 'block', block: [], rescue: [], always: [], keywords: {}, pos: task.pos,
    parent: scope.parent, role: scope.role, from: task, basedir: dirname(file), file,
  }
  const raw = await loadYamlFile(file)
  block.block = await compileEntries(raw, ctx, { ...scope, parent: block, file })
  return block
}

async function importRole(task: Task, ctx: LoadContext, scope: TaskScope): Promise<Block> {
  const role = await scope.loadRole({ ...task.args, _keywords: task.keywords }, ctx, scope.parent.basedir)
  role.parentRole = scope.role
  scope.onRoleImported?.(role)
  return scope.placeRole(role, scope.parent, task)
}
