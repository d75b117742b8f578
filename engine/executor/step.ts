// One step of one host's walk: an include (load and hand back blocks), or a task.
import type { Block, Task } from '../load/model.js'
import type { TaskInfo } from '../output/events.js'
import { countsFor, type PlayState, type RunContext } from './context.js'
import type { StepOutcome } from './cursor.js'
import { includeBlock } from './includes.js'
import { conditions } from './keywords.js'
import { itemVars, loopControl, loopKeyword, resolveItems } from './loop.js'
import { runTaskOnHost } from './task-runner.js'
import { taskSearchPaths, taskVars } from './task-vars.js'

export const INCLUDE_ACTIONS = new Set(['include_tasks', 'include_role'])

export async function runStep(ctx: RunContext, ps: PlayState, task: Task, host: string, info: TaskInfo): Promise<StepOutcome> {
  if (INCLUDE_ACTIONS.has(task.action)) return runInclude(ctx, ps, task, host, info)
  const outcome = await runTaskOnHost(ctx, ps, task, host, info)
  return { failed: outcome.fatal, unreachable: outcome.unreachable, result: outcome.result }
}

/** Include: evaluate its when/loop for this host, load what it names, report "included". */
async function runInclude(ctx: RunContext, ps: PlayState, task: Task, host: string, info: TaskInfo): Promise<StepOutcome> {
  try {
    const vars = taskVars(ctx, ps, host, { task })
    const holds = (scope: Record<string, unknown>) => conditions(task, ps.play).every((c) => ctx.templar.condition(c, scope, { pos: task.pos }))
    const blocks: Block[] = []
    if (!loopKeyword(task)) {
      if (!holds(vars)) return skipInclude(ctx, host, info)
      blocks.push(await includeBlock(ctx, ps, task, vars))
    } else {
      const items = resolveItems(ctx, task, vars, taskSearchPaths(task, ps.play))
      const lc = loopControl(ctx, task, vars)
      for (let i = 0; i < items.length; i++) {
        const extra = itemVars(items, i, lc)
        const scope = taskVars(ctx, ps, host, { task, extra })
        if (holds(scope)) blocks.push(await includeBlock(ctx, ps, task, scope, extra))
      }
      if (blocks.length === 0) return skipInclude(ctx, host, info)
    }
    countsFor(ctx, host).ok++
    return { failed: false, included: blocks }
  } catch (err) {
    const outcome = await reportIncludeFailure(ctx, host, info, err)
    return outcome
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
