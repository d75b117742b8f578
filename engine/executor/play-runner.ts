// One play: pick its hosts, split them into serial batches, gather facts, then run
// pre_tasks, roles and tasks, post_tasks — each followed by a handler flush.
import pLimit from 'p-limit'
import type { Block, Play, Task } from '../load/model.js'
import { newId } from '../load/model.js'
import type { PlayState, RunContext } from './context.js'
import { runEntries } from './strategy.js'
import { runHandlers } from './meta.js'
import { playHandlers } from './handlers.js'
import { lazyVars } from '../vars/lazy.js'
import { mergeLayers } from '../vars/layers.js'
import { askVarsPrompt } from './vars-prompt.js'
import { ansibleBool } from '../util/boolean.js'

function asBool(value: unknown, fallback: boolean): boolean {
  return value === undefined || value === null ? fallback : ansibleBool(value)
}

/** Serial batch sizes, as Ansible computes them: numbers, percentages, lists (last repeats). */
export function serialBatches(hosts: string[], serial: unknown): string[][] {
  if (serial === undefined || serial === null || serial === 0 || serial === '0') return [hosts]
  const specs = Array.isArray(serial) ? serial : [serial]
  const sizes = specs.map((spec) => {
    const text = String(spec).trim()
    const n = text.endsWith('%') ? Math.floor((hosts.length * Number(text.slice(0, -1))) / 100) : Number(text)
    return Math.max(1, Number.isFinite(n) ? n : hosts.length)
  })
  const batches: string[][] = []
  let i = 0
  let s = 0
  while (i < hosts.length) {
    const size = sizes[Math.min(s, sizes.length - 1)]
    batches.push(hosts.slice(i, i + size))
    i += size
    s++
  }
  return batches
}

function factsTask(play: Play): Block {
  const block: Block = { kind: 'block', block: [], rescue: [], always: [], keywords: {}, basedir: play.basedir, pos: play.pos }
  const task: Task = {
    kind: 'task', action: 'setup', args: {}, keywords: { name: 'Gathering Facts' }, pos: play.pos,
    parent: block, id: newId(), isHandler: false,
  }
  // Fact gathering honours the play's gather_subset/gather_timeout and always runs, whatever --tags say.
  if (play.keywords.gather_subset !== undefined) task.args.gather_subset = play.keywords.gather_subset
  task.keywords.tags = ['always']
  block.block.push(task)
  return block
}

/** Runs a play; false means the playbook must stop (a whole batch failed, any_errors_fatal, max_fail_percentage). */
export async function runPlay(ctx: RunContext, play: Play): Promise<boolean> {
  await askVarsPrompt(ctx, play)
  // The play's name and hosts may use play vars and extra vars (not host vars).
  const playScope = lazyVars(mergeLayers([{ values: play.vars }, { values: ctx.extraVars }]), (v, scope) => ctx.templar.template(v, scope, { pos: play.pos }))
  const pattern = ctx.templar.template(play.hosts, playScope, { pos: play.pos }) as string | string[]
  const name = String(ctx.templar.template(play.name, playScope, { pos: play.pos }))
  const matched = ctx.inventory.select(pattern, { onUnmatched: (term) => ctx.warn(`Could not match supplied host pattern, ignoring: ${term}`) })
  const info = { name, hosts: Array.isArray(play.hosts) ? play.hosts.join(',') : String(play.hosts), pos: play.pos, id: play.id }
  const hosts = orderHosts(matched.filter((h) => !ctx.failedHosts.has(h) && !ctx.unreachableHosts.has(h)), play.keywords.order)
  if (hosts.length === 0) {
    ctx.reporter.playStart(info)
    ctx.reporter.noHostsMatched(info)
    return true
  }
  const serial = ctx.templar.template(play.keywords.serial, ctx.extraVars, { pos: play.pos })
  const gather = asBool(ctx.templar.template(play.keywords.gather_facts, ctx.extraVars, { pos: play.pos }), ctx.settings.gathering !== 'explicit')
  for (const batch of serialBatches(hosts, serial)) {
    if (ctx.signal.aborted) return false
    // Ansible announces the play again for every serial batch.
    ctx.reporter.playStart(info)
    const ps = newPlayState(ctx, play, hosts, batch)
    ps.name = name
    if (gather) await runEntries(ctx, ps, [factsTask(play)], batch)
    await runSection(ctx, ps, play.preTasks)
    await runSection(ctx, ps, play.tasks)
    await runSection(ctx, ps, play.postTasks)
    for (const h of ps.failed) ctx.failedHosts.add(h)
    for (const h of ps.unreachable) ctx.unreachableHosts.add(h)
    const wholeBatchFailed = batch.every((h) => ps.failed.has(h) || ps.unreachable.has(h))
    if (wholeBatchFailed || ps.maxFailReached || ps.breakPlay) return false
    if (ps.ended && !ps.batchOnly) break
  }
  return true
}

async function runSection(ctx: RunContext, ps: PlayState, blocks: Block[]): Promise<void> {
  if (ps.ended || ctx.signal.aborted) return
  await runEntries(ctx, ps, blocks, ps.batch)
  if (ctx.signal.aborted || (ps.ended && !ps.forceHandlers)) return
  await runHandlers(ctx, ps, pLimit(Math.max(1, ctx.options.forks)))
}

/** The play's `order:` keyword: inventory (default), reverse_inventory, sorted, reverse_sorted, shuffle. */
export function orderHosts(hosts: string[], order: unknown): string[] {
  switch (order) {
    case 'reverse_inventory':
      return [...hosts].reverse()
    case 'sorted':
      return [...hosts].sort()
    case 'reverse_sorted':
      return [...hosts].sort().reverse()
    case 'shuffle': {
      const out = [...hosts]
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1))
        ;[out[i], out[j]] = [out[j], out[i]]
      }
      return out
    }
    default:
      return hosts
  }
}

function newPlayState(ctx: RunContext, play: Play, allHosts: string[], batch: string[]): PlayState {
  return {
    play, name: play.name, allHosts, batch,
    active: new Set(batch),
    failed: new Set(), unreachable: new Set(),
    handlers: playHandlers(play.handlers),
    notified: new Map(), varsFiles: new Map(), rolesRun: new Map(), rescueVars: new Map(),
    ended: false, endedHosts: new Set(), batchOnly: false, maxFailReached: false, breakPlay: false,
    forceHandlers: ctx.options.forceHandlers || asBool(play.keywords.force_handlers, ctx.settings.forceHandlers),
  }
}
