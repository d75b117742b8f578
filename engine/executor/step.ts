// One step of one host's walk: an include (load and hand back blocks), or a task.
import type { Block, Task } from '../load/model.js'
import type { TaskInfo } from '../output/events.js'
import { countsFor, type PlayState, type RunContext } from './context.js'
import type { StepOutcome } from './cursor.js'
import { includeBlock } from './includes.js'
import { conditions } from './keywords.js'
import { itemVars, loopControl, loopKeyword, resolveItems } from './loop.js'
import { runTaskOnHost } from './task-runner.js'
import { aggregateLoop, skippedResult, statusOf } from './result.js'
import { taskSearchPaths, taskVars } from './task-vars.js'

export const INCLUDE_ACTIONS = new Set(['include_tasks', 'include_role'])

export async function runStep(ctx: RunContext, ps: PlayState, task: Task, host: string, info: TaskInfo): Promise<StepOutcome> {
  if (INCLUDE_ACTIONS.has(task.action)) return runInclude(ctx, ps, task, host, info)
  const outcome = await runTaskOnHost(ctx, ps, task, host, info)
  return { failed: outcome.fatal, unreachable: outcome.unreachable, result: outcome.result }
}

/** What Ansible reports for an include: the file (or role) and its other arguments. */
function includeResult(ctx: RunContext, task: Task, vars: Record<string, unknown>): Record<string, unknown> {
  const args = ctx.templar.template(task.args, vars, { pos: task.pos }) as Record<string, unknown>
  const { file, _raw_params: raw, name, ...rest } = args
  if (task.action === 'include_role') return { changed: false, include_args: { name, ...rest } }
  return { changed: false, include: file ?? raw, include_args: rest }
}

/** Include: evaluate its when/loop for this host, load what it names, report it. */
async function runInclude(ctx: RunContext, ps: PlayState, task: Task, host: string, info: TaskInfo): Promise<StepOutcome> {
  try {
    const vars = taskVars(ctx, ps, host, { task })
    const holds = (scope: Record<string, unknown>) => conditions(task, ps.play).every((c) => ctx.templar.condition(c, scope, { pos: task.pos }))
    const blocks: Block[] = []
    let result: Record<string, unknown>
    if (!loopKeyword(task)) {
      if (!holds(vars)) return skipInclude(ctx, host, info)
      blocks.push(await includeBlock(ctx, ps, task, vars))
      result = includeResult(ctx, task, vars)
      ctx.reporter.hostResult({ host, task: info, status: 'ok', result })
    } else {
      const items = resolveItems(ctx, task, vars, taskSearchPaths(task, ps.play))
      const lc = loopControl(ctx, task, vars)
      const results: Record<string, unknown>[] = []
      for (let i = 0; i < items.length; i++) {
        const extra = itemVars(items, i, lc)
        const scope = taskVars(ctx, ps, host, { task, extra })
        const label = lc.label === undefined ? items[i] : ctx.templar.template(lc.label, scope, { pos: task.pos })
        let itemResult: Record<string, unknown>
        if (holds(scope)) {
          blocks.push(await includeBlock(ctx, ps, task, scope, extra))
          itemResult = { ...includeResult(ctx, task, scope), ...extra, _ansible_item_label: label }
        } else {
          itemResult = { ...skippedResult(), ...extra, _ansible_item_label: label }
        }
        results.push(itemResult)
        ctx.reporter.hostResult({ host, task: info, status: statusOf(itemResult), result: itemResult, itemLabel: label })
      }
      result = aggregateLoop(results)
      if (statusOf(result) === 'skipped') {
        countsFor(ctx, host).skipped++
        ctx.reporter.loopDone?.({ host, task: info, status: 'skipped', result })
        return { failed: false }
      }
      ctx.reporter.loopDone?.({ host, task: info, status: 'ok', result })
    }
    // Ansible counts an include_tasks as ok, an include_role not at all.
    // (one per included file: a looped include counts each item).
    if (task.action === 'include_tasks') countsFor(ctx, host).ok += blocks.length
    return { failed: false, included: blocks, result }
  } catch (err) {
    return reportIncludeFailure(ctx, host, info, err)
  }
}

function skipInclude(ctx: RunContext, host: string, info: TaskInfo): StepOutcome {
  countsFor(ctx, host).skipped++
  ctx.reporter.hostResult({ host, task: info, status: 'skipped', result: { changed: false, skipped: true, skip_reason: 'Conditional result was False' } })
  return { failed: false }
}

async function reportIncludeFailure(ctx: RunContext, host: string, info: TaskInfo, err: unknown): Promise<StepOutcome> {
  const message = err instanceof Error && 'describe' in err ? (err as { describe(): string }).describe() : String((err as Error)?.message ?? err)
  const result = { failed: true, changed: false, msg: message }
  countsFor(ctx, host).failed++
  ctx.reporter.hostResult({ host, task: info, status: 'failed', result })
  return { failed: true, result }
}
