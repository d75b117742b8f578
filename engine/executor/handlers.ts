// Handlers: a changed task notifies them by name or `listen` topic; they run once per
// flush, in the order they are defined, for the hosts that notified them.
import { TsplayError } from '../errors.js'
import type { Block, Entry, Task } from '../load/model.js'
import type { PlayState, RunContext } from './context.js'
import { keyword } from './keywords.js'

export function flattenTasks(entries: Entry[]): Task[] {
  const out: Task[] = []
  for (const entry of entries) {
    if (entry.kind === 'task') out.push(entry)
    else out.push(...flattenTasks(entry.block), ...flattenTasks(entry.rescue), ...flattenTasks(entry.always))
  }
  return out
}

export function playHandlers(blocks: Block[]): Task[] {
  return flattenTasks(blocks)
}

function answersTo(handler: Task, name: string): boolean {
  const own = handler.keywords.name
  if (own === name) return true
  if (handler.role && own !== undefined && `${handler.role.name} : ${String(own)}` === name) return true
  return (handler.listen ?? []).includes(name)
}

export function notifyHandlers(ctx: RunContext, ps: PlayState, task: Task, host: string, vars: () => Record<string, unknown>): void {
  const raw = keyword(task, ps.play, 'notify') ?? task.keywords.notify
  if (raw === undefined || raw === null) return
  const rendered = ctx.templar.template(raw, vars(), { pos: task.pos })
  const names = (Array.isArray(rendered) ? rendered : [rendered]).map(String)
  for (const name of names) {
    const matches = ps.handlers.filter((h) => answersTo(h, name))
    if (matches.length === 0) {
      throw new TsplayError(`The requested handler '${name}' was not found in either the main handlers list nor in the listening handlers list`, { pos: task.pos })
    }
    for (const handler of matches) {
      let hosts = ps.notified.get(handler.id)
      if (!hosts) ps.notified.set(handler.id, (hosts = new Set()))
      hosts.add(host)
    }
  }
}

/** Hosts waiting for `handler`, taken off the list (they run now). */
export function takeNotified(ps: PlayState, handler: Task, eligible: (host: string) => boolean): string[] {
  const hosts = ps.notified.get(handler.id)
  if (!hosts || hosts.size === 0) return []
  const run = ps.batch.filter((h) => hosts.has(h) && eligible(h))
  for (const h of run) hosts.delete(h)
  return run
}

export function hasPendingNotifications(ps: PlayState): boolean {
  for (const hosts of ps.notified.values()) if (hosts.size > 0) return true
  return false
}
