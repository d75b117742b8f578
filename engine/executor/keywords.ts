// Keyword inheritance: a task takes a keyword from itself, else from the nearest
// enclosing block, role or static import, else from the play. Dynamic includes pass
// on only their `apply:` keywords (and vars, handled by the variable layers).
import type { Block, Play, Task } from '../load/model.js'

/** The keywords a block's include/import hands down to the tasks inside it. */
function inheritedFromInclude(block: Block): Record<string, unknown> | undefined {
  const from = block.from
  if (!from) return undefined
  if (from.action.startsWith('import_')) return from.keywords
  return (from.args.apply as Record<string, unknown> | undefined) ?? (from.keywords.apply as Record<string, unknown> | undefined)
}

/** Nearest value of a keyword (task → blocks → play), or undefined. */
export function keyword(task: Task, play: Play, name: string): unknown {
  if (task.keywords[name] !== undefined) return task.keywords[name]
  for (let b: Block | undefined = task.parent; b; b = b.parent) {
    if (b.keywords[name] !== undefined) return b.keywords[name]
    const inc = inheritedFromInclude(b)
    if (inc && inc[name] !== undefined) return inc[name]
  }
  return play.keywords[name]
}

/** Every `when` that applies to a task, outermost first (all must hold). */
export function conditions(task: Task, play: Play): unknown[] {
  const out: unknown[] = []
  const add = (value: unknown) => {
    if (value === undefined || value === null) return
    if (Array.isArray(value)) out.unshift(...value)
    else out.unshift(value)
  }
  add(task.keywords.when)
  for (let b: Block | undefined = task.parent; b; b = b.parent) {
    add(b.keywords.when)
    const inc = inheritedFromInclude(b)
    if (inc && inc !== b.keywords) add(inc.when)
  }
  add(play.keywords.when)
  return out
}

/** `environment` merged from the play down to the task (inner wins per variable). */
export function environmentChain(task: Task, play: Play): unknown[] {
  return keywordChain(task, play, 'environment')
}

/** Every value of a keyword that merges down the hierarchy (environment, module_defaults), outermost first. */
export function keywordChain(task: Task, play: Play, name: 'environment' | 'module_defaults'): unknown[] {
  const chain: unknown[] = []
  if (task.keywords[name] !== undefined) chain.unshift(task.keywords[name])
  for (let b: Block | undefined = task.parent; b; b = b.parent) {
    if (b.keywords[name] !== undefined) chain.unshift(b.keywords[name])
    const inc = inheritedFromInclude(b)
    if (inc && inc !== b.keywords && inc[name] !== undefined) chain.unshift(inc[name])
  }
  if (play.keywords[name] !== undefined) chain.unshift(play.keywords[name])
  return chain
}

/** Ansible's display name: the task name, else the action; role tasks get "role : ". */
export function taskDisplayName(task: Task): string {
  const named = typeof task.keywords.name === 'string' && task.keywords.name !== ''
  // An unnamed include_role is shown as "include_role : ROLE", as Ansible does.
  if (!named && task.action === 'include_role') return `include_role : ${String(task.args.name ?? task.args.role ?? '')}`
  const base = named ? String(task.keywords.name) : task.action
  return task.role ? `${task.role.name} : ${base}` : base
}
