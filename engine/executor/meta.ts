// `meta:` tasks act on the run itself, not on hosts: flushing handlers, ending the play
// or a host, clearing facts or errors, refreshing the inventory.
import type pLimit from 'p-limit'
import { TsplayError } from '../errors.js'
import type { Task } from '../load/model.js'
import type { PlayState, RunContext } from './context.js'
import type { StepOutcome } from './cursor.js'
import { hasPendingNotifications, takeNotified } from './handlers.js'
import { hostState, taskVars } from './task-vars.js'
import { runEntries, runGroup } from './strategy.js'
import { taskInfo } from './task-runner.js'
import { conditions, taskDisplayName } from './keywords.js'

type Limit = ReturnType<typeof pLimit>

function metaAction(task: Task): string {
  const raw = task.args._raw_params ?? task.args.free_form
  return String(raw ?? '').trim()
}

export async function runMeta(ctx: RunContext, ps: PlayState, members: { host: string; task: Task }[], limit: Limit): Promise<Map<string, StepOutcome>> {
  const task = members[0].task
  const action = metaAction(task)
  const outcomes = new Map<string, StepOutcome>()
  const applies = members.filter((m) => conditions(m.task, ps.play).every((c) => ctx.templar.condition(c, taskVars(ctx, ps, m.host, { task: m.task }), { pos: m.task.pos })))
  for (const m of members) outcomes.set(m.host, { failed: false })
  reportSkippedMeta(ctx, ps, action, members.filter((m) => !applies.includes(m)))
  if (applies.length === 0) return outcomes
  switch (action) {
    case 'noop':
      break
    case 'flush_handlers':
      await runHandlers(ctx, ps, limit)
      break
    case 'end_play':
      ps.ended = true
      for (const m of members) outcomes.set(m.host, { failed: false, stop: true })
      for (const h of [...ps.active]) { ps.active.delete(h); ps.endedHosts.add(h) }
      break
    case 'end_batch':
      ps.ended = true
      ps.batchOnly = true
      for (const h of [...ps.active]) { ps.active.delete(h); ps.endedHosts.add(h) }
      for (const m of members) outcomes.set(m.host, { failed: false, stop: true })
      break
    case 'end_host':
      for (const m of applies) {
        outcomes.set(m.host, { failed: false, stop: true })
        ps.endedHosts.add(m.host)
        ctx.reporter.verbose(`META: ending play for ${m.host}`, 2, m.host)
      }
      break
    case 'clear_facts':
      for (const m of applies) hostState(ctx, m.host).facts = {}
      break
    case 'clear_host_errors':
      for (const h of ps.batch) { ctx.failedHosts.delete(h) }
      break
    case 'refresh_inventory':
      await ctx.refreshInventory()
      break
    case 'reset_connection':
      for (const m of applies) {
        for (const [key, conn] of ctx.connections) {
          if (key.endsWith(`:${m.host}`)) {
            ctx.connections.delete(key)
            await (await conn.catch(() => undefined))?.close()
          }
        }
      }
      break
    default:
      throw new TsplayError(`invalid meta action requested: ${action}`, { pos: task.pos })
  }
  return outcomes
}

const SKIP_SUFFIX: Record<string, (host: string) => string> = {
  end_host: (host) => `, continuing execution for ${host}`,
  end_play: () => ', continuing play',
  end_batch: () => ', continuing current batch',
  flush_handlers: (host) => `, not running handlers for ${host}`,
}

/** Hosts whose `when` was false: Ansible shows them as skipped (not counted in the recap). */
function reportSkippedMeta(ctx: RunContext, ps: PlayState, action: string, skipped: { host: string; task: Task }[]): void {
  if (skipped.length === 0) return
  const info = taskInfo(ctx, ps, skipped[0].task, taskDisplayName(skipped[0].task))
  ctx.reporter.taskStart(info)
  for (const { host } of skipped) {
    const reason = `${action} conditional evaluated to False${SKIP_SUFFIX[action]?.(host) ?? ''}`
    const msg = action === 'end_host' ? `end_host conditional evaluated to false, continuing execution for ${host}` : ''
    ctx.reporter.hostResult({ host, task: info, status: 'skipped', result: { msg, skip_reason: reason, skipped: true } })
  }
}

/** Run notified handlers in definition order, repeating while handlers notify handlers. */
export async function runHandlers(ctx: RunContext, ps: PlayState, limit: Limit): Promise<void> {
  const eligible = (h: string) => ps.active.has(h) || (ps.forceHandlers && ps.failed.has(h))
  for (let pass = 0; pass < 10 && hasPendingNotifications(ps); pass++) {
    for (const handler of ps.handlers) {
      const hosts = takeNotified(ps, handler, eligible)
      if (hosts.length === 0) continue
      const outcomes = await runGroup(ctx, ps, hosts.map((host) => ({ host, task: handler })), limit)
      for (const host of hosts) {
        const outcome = outcomes.get(host)
        if (outcome?.included?.length) await runEntries(ctx, ps, outcome.included, [host])
        if (outcome?.failed || outcome?.unreachable) {
          ps.active.delete(host)
          ;(outcome.unreachable ? ps.unreachable : ps.failed).add(host)
        }
      }
    }
  }
}
