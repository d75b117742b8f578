// One task on one host: conditions, loop, retries, changed_when/failed_when, register,
// facts, notifications, stats and the events the output shows.
import { TsplayError } from '../errors.js'
import { ansibleBool } from '../util/boolean.js'
import type { Block, Task } from '../load/model.js'
import type { HostStatus, TaskInfo } from '../output/events.js'
import type { Diff } from '../module.js'
import { countsFor, type PlayState, type RunContext } from './context.js'
import { callModule } from './module-call.js'
import { isUnreachable } from './connections.js'
import { conditions, keyword } from './keywords.js'
import { itemVars, loopControl, loopKeyword, resolveItems } from './loop.js'
import { aggregateLoop, skippedResult, statusOf, type Result } from './result.js'
import { asyncRefusal, supportsAsync } from './async-jobs.js'
import { applyEffects, applyResultSideEffects } from './side-effects.js'
import { taskSearchPaths, taskVars } from './task-vars.js'
import { notifyHandlers } from './handlers.js'

export interface HostTaskOutcome {
  host: string
  result: Result
  status: HostStatus
  /** Failed and not ignored: the host leaves the play unless a rescue catches it. */
  fatal: boolean
  unreachable: boolean
}


export function effectiveFlag(ctx: RunContext, ps: PlayState, task: Task, name: string, vars: Record<string, unknown>, fallback: boolean): boolean {
  const value = keyword(task, ps.play, name)
  if (value === undefined || value === null) return fallback
  return ansibleBool(ctx.templar.template(value, vars, { pos: task.pos }))
}

export function taskInfo(ctx: RunContext, ps: PlayState, task: Task, name: string): TaskInfo {
  return {
    name, action: task.action, pos: task.pos, id: task.id, isHandler: task.isHandler,
    noLog: ansibleBool(keyword(task, ps.play, 'no_log') ?? false),
    checkMode: ctx.options.check, diffMode: ctx.options.diff,
  }
}

function evaluateWhen(ctx: RunContext, ps: PlayState, task: Task, vars: Record<string, unknown>): boolean {
  for (const cond of conditions(task, ps.play)) {
    if (!ctx.templar.condition(cond, vars, { pos: task.pos })) return false
  }
  return true
}

/** Run `task` on `host` and report it. */
export async function runTaskOnHost(ctx: RunContext, ps: PlayState, task: Task, host: string, info: TaskInfo): Promise<HostTaskOutcome> {
  const checkMode = effectiveFlag(ctx, ps, task, 'check_mode', {}, ctx.options.check)
  ctx.reporter.hostStart?.(host, info)
  let result: Result
  try {
    result = await executeTask(ctx, ps, task, host, info, checkMode)
  } catch (err) {
    result = errorResult(err, ctx.options.verbosity)
  }
  return finishTask(ctx, ps, task, host, info, result)
}

function errorResult(err: unknown, verbosity: number): Result {
  if (isUnreachable(err)) return { unreachable: true, changed: false, msg: (err as Error).message }
  const message = err instanceof TsplayError ? err.describe() : (err as Error)?.message ?? String(err)
  const result: Result = { failed: true, changed: false, msg: message }
  if (verbosity >= 3 && err instanceof Error && !(err instanceof TsplayError)) result.exception = err.stack
  return result
}

async function executeTask(ctx: RunContext, ps: PlayState, task: Task, host: string, info: TaskInfo, checkMode: boolean): Promise<Result> {
  const vars = taskVars(ctx, ps, host, { task, checkMode })
  const diffMode = effectiveFlag(ctx, ps, task, 'diff', vars, ctx.options.diff)
  if (!loopKeyword(task)) {
    if (!evaluateWhen(ctx, ps, task, vars)) return skippedResult()
    return runWithRetries(ctx, ps, task, host, info, vars, checkMode, diffMode)
  }
  const searchPaths = taskSearchPaths(task, ps.play)
  const items = resolveItems(ctx, task, vars, searchPaths)
  const lc = loopControl(ctx, task, vars)
  const results: Result[] = []
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && lc.pause > 0) await new Promise((r) => setTimeout(r, lc.pause * 1000))
    const extra = itemVars(items, i, lc)
    const itemScope = taskVars(ctx, ps, host, { task, checkMode, extra })
    let itemResult: Result
    try {
      itemResult = evaluateWhen(ctx, ps, task, itemScope)
        ? await runWithRetries(ctx, ps, task, host, info, itemScope, checkMode, diffMode)
        : skippedResult()
    } catch (err) {
      itemResult = errorResult(err, ctx.options.verbosity)
    }
    Object.assign(itemResult, extra)
    delete itemResult.ansible_loop
    if (lc.extended) itemResult.ansible_loop = extra.ansible_loop
    const label = lc.label === undefined ? items[i] : ctx.templar.template(lc.label, itemScope, { pos: task.pos })
    itemResult._ansible_item_label = label
    applyEffects(ctx, ps, task, host, itemResult)
    results.push(itemResult)
    ctx.reporter.hostResult({ host, task: info, status: statusOf(itemResult), result: itemResult, itemLabel: label, diff: diffsOf(itemResult) })
  }
  return aggregateLoop(results)
}

function diffsOf(result: Result): Diff[] | undefined {
  const d = result.diff
  if (!d) return undefined
  return Array.isArray(d) ? (d as Diff[]) : [d as Diff]
}

async function runWithRetries(ctx: RunContext, ps: PlayState, task: Task, host: string, info: TaskInfo, vars: Record<string, unknown>, checkMode: boolean, diffMode: boolean): Promise<Result> {
  const until = task.keywords.until
  // Ansible: `retries` more attempts after the first (3 when until is set without retries).
  const retries = until === undefined ? 0 : Math.max(0, Number(ctx.templar.template(task.keywords.retries ?? 3, vars, { pos: task.pos })) || 0)
  const delay = Number(ctx.templar.template(task.keywords.delay ?? 5, vars, { pos: task.pos })) || 0
  const register = typeof task.keywords.register === 'string' ? task.keywords.register : undefined
  let result: Result = {}
  for (let attempt = 1; ; attempt++) {
    result = await runOnce(ctx, ps, task, host, info, vars, checkMode, diffMode)
    if (until === undefined) return result
    result.attempts = attempt
    const scope = register ? withRegistered(vars, register, result) : vars
    if (!result.unreachable && ctx.templar.condition(until, scope, { pos: task.pos })) return result
    if (attempt > retries) {
      // ansible-core 2.14 reports the number of retries (not attempts) when they run out,
      // and with retries: 0 leaves the single attempt's result as it is.
      if (retries === 0) return result
      result.attempts = retries
      result.failed = true
      return result
    }
    ctx.reporter.retry?.({ host, task: info, retriesLeft: retries - attempt + 1, result })
    if (delay > 0) await new Promise((r) => setTimeout(r, delay * 1000))
  }
}

function withRegistered(vars: Record<string, unknown>, name: string, result: Result): Record<string, unknown> {
  return new Proxy(vars, {
    get: (t, key) => (key === name ? result : Reflect.get(t, key)),
    has: (t, key) => key === name || Reflect.has(t, key),
  })
}

async function runOnce(ctx: RunContext, ps: PlayState, task: Task, host: string, info: TaskInfo, vars: Record<string, unknown>, checkMode: boolean, diffMode: boolean): Promise<Result> {
  const delegate = keyword(task, ps.play, 'delegate_to')
  let target = host
  let targetVars = vars
  if (delegate !== undefined && delegate !== null) {
    target = String(ctx.templar.template(delegate, vars, { pos: task.pos }))
    targetVars = ctx.inventory.getHost(target) || ctx.inventory.isImplicitLocalhost(target) ? delegatedVars(ctx, ps, target) : { inventory_hostname: target }
  }
  let result: Result
  try {
    const call = (signal?: AbortSignal) => callModule(ctx, ps, host, task, vars, { checkMode, diffMode, target, targetVars, signal })
    const limits = asyncLimits(ctx, task, vars)
    result = limits ? await runAsync(ctx, task, host, info, limits, checkMode, call) : await call()
  } catch (err) {
    result = errorResult(err, ctx.options.verbosity)
  }
  if (target !== host) result._ansible_delegated_vars = { ansible_host: target }
  if (result.unreachable) return result
  // Every registered result says whether it failed, as Ansible's task executor ensures.
  result.failed ??= false
  const register = typeof task.keywords.register === 'string' ? task.keywords.register : undefined
  const scope = register ? withRegistered(vars, register, result) : vars
  if (task.keywords.changed_when !== undefined && !(result.failed && !('rc' in result))) {
    result.changed = evaluateAll(ctx, task.keywords.changed_when, scope, task)
  }
  if (task.keywords.failed_when !== undefined) {
    const failed = evaluateAll(ctx, task.keywords.failed_when, scope, task)
    result.failed_when_result = failed
    result.failed = failed
  }
  return result
}

/** `async` and `poll` of the task (poll defaults to 15 s, as in Ansible); undefined without async. */
function asyncLimits(ctx: RunContext, task: Task, vars: Record<string, unknown>): { seconds: number; poll: number } | undefined {
  if (task.keywords.async === undefined) return undefined
  const seconds = Number(ctx.templar.template(task.keywords.async, vars, { pos: task.pos })) || 0
  if (seconds <= 0) return undefined
  const poll = Number(ctx.templar.template(task.keywords.poll ?? 15, vars, { pos: task.pos }))
  return { seconds, poll: Number.isFinite(poll) && poll > 0 ? poll : 0 }
}

async function runAsync(ctx: RunContext, task: Task, host: string, info: TaskInfo, limits: { seconds: number; poll: number }, checkMode: boolean, call: (signal: AbortSignal) => Promise<Result>): Promise<Result> {
  if (!supportsAsync(task.action)) return asyncRefusal('async is not supported for this task.')
  if (checkMode) return asyncRefusal('check mode and async cannot be used on same task.')
  const job = ctx.asyncJobs.start(host, limits.seconds, call, ctx.signal)
  if (limits.poll === 0) return ctx.asyncJobs.started(job)
  return ctx.asyncJobs.waitFor(job, limits.seconds, limits.poll, (state) => ctx.reporter.asyncJob?.({ host, task: info, jid: job.jid, state }))
}

function evaluateAll(ctx: RunContext, value: unknown, vars: Record<string, unknown>, task: Task): boolean {
  const list = Array.isArray(value) ? value : [value]
  return list.every((cond) => ctx.templar.condition(cond, vars, { pos: task.pos }))
}

function delegatedVars(ctx: RunContext, ps: PlayState, target: string): Record<string, unknown> {
  return taskVars(ctx, ps, target)
}

/** Register, facts, notify, stats, and the host's line on the screen. */
function finishTask(ctx: RunContext, ps: PlayState, task: Task, host: string, info: TaskInfo, result: Result): HostTaskOutcome {
  // Side effects first: add_host/group_by turn a result into "changed" when the inventory changed.
  applyResultSideEffects(ctx, ps, task, host, result, statusOf(result))
  const status = statusOf(result)
  const vars = () => taskVars(ctx, ps, host, { task })
  const ignoreErrors = status === 'failed' && effectiveFlag(ctx, ps, task, 'ignore_errors', {}, false)
  const ignoreUnreachable = status === 'unreachable' && effectiveFlag(ctx, ps, task, 'ignore_unreachable', {}, false)
  const counts = countsFor(ctx, host)
  let fatal = false
  switch (status) {
    case 'failed':
      if (ignoreErrors) {
        counts.ok++
        counts.ignored++
        if (result.changed === true) counts.changed++
      } else if (insideRescuableBlock(task)) {
        counts.rescued++
        fatal = true
      } else {
        counts.failed++
        fatal = true
      }
      break
    case 'unreachable':
      if (ignoreUnreachable) {
        counts.ok++
        counts.ignored++
      } else counts.unreachable++
      break
    case 'skipped':
      counts.skipped++
      break
    default:
      counts.ok++
      if (status === 'changed') {
        counts.changed++
        notifyHandlers(ctx, ps, task, host, vars)
      }
  }
  // Ansible prints "...ignoring" under an ignored failure and under an ignored unreachable host.
  const ignored = ignoreErrors || ignoreUnreachable
  if (task.keywords.loop === undefined && !Object.keys(task.keywords).some((k) => k.startsWith('with_'))) {
    ctx.reporter.hostResult({ host, task: info, status, result, ignored, diff: diffsOf(result), delegatedTo: delegatedName(result) })
  } else {
    ctx.reporter.loopDone?.({ host, task: info, status, result, ignored })
  }
  return { host, result, status, fatal, unreachable: status === 'unreachable' && !ignoreUnreachable }
}

function delegatedName(result: Result): string | undefined {
  const d = result._ansible_delegated_vars as { ansible_host?: string } | undefined
  return d?.ansible_host
}

/** Is the task inside a block (at any depth) that has a rescue section for it? */
function insideRescuableBlock(task: Task): boolean {
  let child: Task | Block = task
  for (let b: Block | undefined = task.parent; b; b = b.parent) {
    if (b.rescue.length > 0 && child.section === undefined) return true
    child = b
  }
  return false
}

