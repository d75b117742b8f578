// --tags / --skip-tags, as Ansible evaluates them: a task's tags are its own plus those
// of every enclosing block, import, role and the play; `always` runs unless skipped by
// name, `never` runs only when asked for by name; `tagged`/`untagged`/`all` are special.
import type { Block, Play, Task } from '../load/model.js'

export interface TagFilter {
  only: string[] // default ['all']
  skip: string[]
}

function toTags(value: unknown): string[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value.flatMap(toTags)
  return String(value).split(',').map((t) => t.trim()).filter(Boolean)
}

export function taskTags(task: Task, play: Play): Set<string> {
  const tags = new Set<string>(toTags(task.keywords.tags))
  for (let b: Block | undefined = task.parent; b; b = b.parent) {
    toTags(b.keywords.tags).forEach((t) => tags.add(t))
    // Static imports hand their tags down; dynamic includes only those under `apply:`.
    if (b.from?.action.startsWith('import_')) toTags(b.from.keywords.tags).forEach((t) => tags.add(t))
    const apply = (b.from?.args.apply ?? b.from?.keywords.apply) as Record<string, unknown> | undefined
    if (apply) toTags(apply.tags).forEach((t) => tags.add(t))
  }
  toTags(play.keywords.tags).forEach((t) => tags.add(t))
  return tags
}

export function shouldRun(taskTags: Set<string>, filter: TagFilter): boolean {
  // A task without tags is tagged 'untagged', which is how --tags untagged selects it.
  const tags = taskTags.size > 0 ? taskTags : new Set(['untagged'])
  const tagged = taskTags.size > 0
  const only = filter.only.length ? filter.only : ['all']
  const intersects = (list: string[]) => list.some((t) => tags.has(t))
  const selected =
    tags.has('always') ||
    (only.includes('all') && !tags.has('never')) ||
    intersects(only) ||
    (only.includes('tagged') && tagged && !tags.has('never'))
  if (!selected) return false
  const skip = filter.skip
  if (skip.length === 0) return true
  if (skip.includes('all')) return tags.has('always') && !skip.includes('always')
  if (intersects(skip)) return false
  if (skip.includes('tagged') && tagged) return false
  return true
}

export function allTags(values: Iterable<Set<string>>): string[] {
  const out = new Set<string>()
  for (const tags of values) tags.forEach((t) => out.add(t))
  return [...out].sort()
}
