// Strategies: `linear` runs each task on all hosts before the next (hosts on different
// paths through blocks/includes wait for each other by task position); `free` lets
// every host run ahead on its own. Both cap concurrency at --forks.
import pLimit from 'p-limit'
import type { Block, Task } from '../load/model.js'
import type { TaskInfo } from '../output/events.js'
import type { PlayState, RunContext } from './context.js'
import { compareKeys, walkEntries, type CursorHooks, type Step, type StepOutcome, type WalkResult } from './cursor.js'
import { runStep } from './step.js'
import { runMeta } from './meta.js'
import { shouldRun, taskTags } from './tags.js'
import { keyword, taskDisplayName } from './keywords.js'
import { effectiveFlag, taskInfo } from './task-runner.js'
import { taskVars } from './task-vars.js'
import { applyResultSideEffects } from './side-effects.js'

interface HostWalk {
  host: string
  gen: Generator<Step, WalkResult, StepOutcome>
  pending?: Step
}

function hooksFor(ps: PlayState, host: string): CursorHooks {
  return {
    roleAlreadyRan(block: Block) {
      const role = block.role
      // Roles brought in by include_role run every time, as in ansible-core 2.14.
      if (!role || role.allowDuplicates || block.parent?.from?.action === 'include_role') return false
      let ran = ps.rolesRun.get(host)
      if (!ran) ps.rolesRun.set(host, (ran = new Set()))
      if (ran.has(role.key)) return true
      ran.add(role.key)
      return false
    },
    enterRescue(task: Task, result: Record<string, unknown> | undefined) {
      ps.rescueVars.set(host, { ansible_failed_task: { name: task.keywords.name ?? task.action, action: task.action }, ansible_failed_result: result ?? {} })
    },
    rescued() {
      ps.failed.delete(host)
    },
  }
}

function advance(walk: HostWalk, ps: PlayState, outcome?: StepOutcome): void {
  const next = outcome ? walk.gen.next(outcome) : walk.gen.next()
  if (!next.done) {
    walk.pending = next.value
    return
  }
  walk.pending = undefined
  const status = next.value.status
  if (status === 'failed') ps.failed.add(walk.host)
  if (status === 'unreachable') ps.unreachable.add(walk.host)
  if (status !== 'ok') ps.active.delete(walk.host)
}

/** Is this task selected by --tags/--skip-tags and past --start-at-task? */
function selected(ctx: RunContext, ps: PlayState, task: Task): boolean {
  if (!task.isHandler && !shouldRun(taskTags(task, ps.play), ctx.tagFilter)) return false
  if (ctx.startAtTask !== undefined) {
    const name = String(task.keywords.name ?? '')
    if (name !== ctx.startAtTask && taskDisplayName(task) !== ctx.startAtTask) return false
    ctx.startAtTask = undefined
  }
  return true
}

export async function runEntries(ctx: RunContext, ps: PlayState, entries: Block[], hosts: string[]): Promise<void> {
  const strategy = String(ps.play.keywords.strategy ?? 'linear')
  const walks = hosts.filter((h) => ps.active.has(h)).map((host) => ({ host, gen: walkEntries(entries, [], hooksFor(ps, host)) }) as HostWalk)
  for (const walk of walks) advance(walk, ps)
  if (strategy === 'free') await runFree(ctx, ps, walks)
  else await runLinear(ctx, ps, walks)
}

async function runLinear(ctx: RunContext, ps: PlayState, walks: HostWalk[]): Promise<void> {
  const limit = pLimit(Math.max(1, ctx.options.forks))
  for (;;) {
    if (ps.ended || ctx.signal.aborted) return
    const pending = walks.filter((w) => w.pending && ps.active.has(w.host))
    if (pending.length === 0) return
    const first = pending.reduce((a, b) => (compareKeys(b.pending!.key, a.pending!.key) < 0 ? b : a))
    const group = pending.filter((w) => compareKeys(w.pending!.key, first.pending!.key) === 0)
    const task = first.pending!.task
    const outcomes = await runGroup(ctx, ps, group.map((w) => ({ host: w.host, task: w.pending!.task })), limit)
    for (const walk of group) advance(walk, ps, outcomes.get(walk.host) ?? { failed: false })
    applyFailurePolicies(ctx, ps, task, group.map((w) => w.host), outcomes)
    if (ps.active.size === 0 && !ps.ended) {
      ctx.reporter.noHostsRemaining()
      return
    }
  }
}

async function runFree(ctx: RunContext, ps: PlayState, walks: HostWalk[]): Promise<void> {
  const limit = pLimit(Math.max(1, ctx.options.forks))
  await Promise.all(walks.map(async (walk) => {
    while (walk.pending && ps.active.has(walk.host) && !ps.ended && !ctx.signal.aborted) {
      const outcomes = await runGroup(ctx, ps, [{ host: walk.host, task: walk.pending.task }], limit)
      advance(walk, ps, outcomes.get(walk.host) ?? { failed: false })
    }
  }))
}

const announced = new WeakMap<PlayState, Set<string>>()

/** Run one task position for a group of hosts (each with its own copy of the task). */
export async function runGroup(ctx: RunContext, ps: PlayState, members: { host: string; task: Task }[], limit: ReturnType<typeof pLimit>): Promise<Map<string, StepOutcome>> {
  const outcomes = new Map<string, StepOutcome>()
  const task = members[0].task
  if (!selected(ctx, ps, task)) {
    for (const m of members) outcomes.set(m.host, { failed: false })
    return outcomes
  }
  if (task.action === 'meta') return runMeta(ctx, ps, members, limit)
  const info = taskInfo(ctx, ps, task, shownName(ctx, ps, task, members[0].host))
  let seen = announced.get(ps)
  if (!seen) announced.set(ps, (seen = new Set()))
  if (!seen.has(task.id) || ps.play.keywords.strategy !== 'free') {
    ctx.reporter.taskStart(info)
    seen.add(task.id)
  }
  // ansible-core 2.14 ignores run_once on handlers (each notified host runs it).
  const runOnce = ctx.modules.get(task.action)?.bypassHostLoop === true ||
    (!task.isHandler && effectiveFlag(ctx, ps, task, 'run_once', taskVars(ctx, ps, members[0].host, { task }), false))
  const runners = runOnce ? members.slice(0, 1) : members
  // `throttle` caps how many hosts run this task at once, below --forks.
  const throttle = Number(ctx.templar.template(keyword(task, ps.play, 'throttle') ?? 0, {}, { pos: task.pos })) || 0
  const cap = throttle > 0 ? pLimit(throttle) : undefined
  const runOne = async (m: { host: string; task: Task }) => { outcomes.set(m.host, await runStep(ctx, ps, m.task, m.host, info)) }
  await Promise.all(runners.map((m) => limit(() => (cap ? cap(() => runOne(m)) : runOne(m)))))
  if (runOnce) shareRunOnceResult(ctx, ps, members, outcomes)
  reportIncludes(ctx, info, members, outcomes)
  return outcomes
}

/** The task name as shown: templated with the first host's variables; left as written where it can't be. */
function shownName(ctx: RunContext, ps: PlayState, task: Task, host: string): string {
  const name = taskDisplayName(task)
  if (!name.includes('{')) return name
  try {
    return String(ctx.templar.template(name, taskVars(ctx, ps, host, { task }), { pos: task.pos }))
  } catch {
    return name
  }
}

/** run_once: the other hosts get the first host's registered result and facts. */
function shareRunOnceResult(ctx: RunContext, ps: PlayState, members: { host: string; task: Task }[], outcomes: Map<string, StepOutcome>): void {
  const first = outcomes.get(members[0].host)!
  for (const m of members.slice(1)) {
    outcomes.set(m.host, first)
    if (first.result) applyResultSideEffects(ctx, ps, m.task, m.host, first.result, first.failed ? 'failed' : 'ok')
  }
}

function reportIncludes(ctx: RunContext, info: TaskInfo, members: { host: string }[], outcomes: Map<string, StepOutcome>): void {
  const byFile = new Map<string, { hosts: string[]; itemLabel?: unknown; file: string }>()
  for (const m of members) {
    for (const block of outcomes.get(m.host)?.included ?? []) {
      if (block.from?.action === 'include_role') continue
      const vars = block.from?.keywords.vars as Record<string, unknown> | undefined
      const loopVar = vars?.ansible_loop_var as string | undefined
      const itemLabel = loopVar ? vars![loopVar] : undefined
      const key = `${block.file}|${JSON.stringify(itemLabel)}`
      let entry = byFile.get(key)
      if (!entry) byFile.set(key, (entry = { hosts: [], itemLabel, file: block.file ?? block.basedir }))
      entry.hosts.push(m.host)
    }
  }
  for (const entry of byFile.values()) ctx.reporter.included?.({ task: info, file: entry.file, hosts: entry.hosts, itemLabel: entry.itemLabel })
}

/** any_errors_fatal and max_fail_percentage, checked after each task. */
function applyFailurePolicies(ctx: RunContext, ps: PlayState, task: Task, hosts: string[], outcomes: Map<string, StepOutcome>): void {
  const failedNow = hosts.filter((h) => outcomes.get(h)?.failed || outcomes.get(h)?.unreachable)
  if (failedNow.length === 0) return
  if (effectiveFlag(ctx, ps, task, 'any_errors_fatal', {}, ctx.settings.anyErrorsFatal)) {
    // Ansible fails every other host of the batch and stops the play.
    for (const h of [...ps.active]) {
      ps.failed.add(h)
      ps.active.delete(h)
    }
    ps.ended = true
    ps.breakPlay = true
    return
  }
  const maxFail = ps.play.keywords.max_fail_percentage
  if (maxFail !== undefined && maxFail !== null) {
    const failedCount = ps.batch.filter((h) => ps.failed.has(h) || ps.unreachable.has(h)).length
    if ((failedCount / ps.batch.length) * 100 > Number(maxFail)) {
      for (const h of [...ps.active]) ps.active.delete(h)
      ps.ended = true
      ps.maxFailReached = true
    }
  }
}
