// What a result changes besides the host: registered variables, facts (setup, set_fact,
// include_vars), and the inventory (add_host, group_by).
import type { Task } from '../load/model.js'
import type { HostStatus } from '../output/events.js'
import type { PlayState, RunContext } from './context.js'
import { hostState } from './task-vars.js'
import { keyword } from './keywords.js'

type Result = Record<string, unknown>

function stripPrefix(facts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(facts)) out[key.startsWith('ansible_') ? key.slice(8) : key] = value
  return out
}

/** Facts and inventory changes of one result (a loop applies each item's as it goes, so
 *  the next item sees them, as Ansible's set_fact in a loop does). */
export function applyEffects(ctx: RunContext, ps: PlayState, task: Task, host: string, result: Result): void {
  if (result.failed === true || result.skipped === true || result.unreachable === true) return
  applyFacts(ctx, ps, task, host, result)
  if (applyInventoryChanges(ctx, host, result)) result.changed = true
}

export function applyResultSideEffects(ctx: RunContext, ps: PlayState, task: Task, host: string, result: Result, status: HostStatus): void {
  if (status !== 'failed' && status !== 'unreachable' && status !== 'skipped' && !Array.isArray(result.results)) {
    applyEffects(ctx, ps, task, host, result)
  }
  const register = task.keywords.register
  if (typeof register === 'string' && register !== '') {
    const state = hostState(ctx, host)
    state.setFacts[register] = registeredValue(result)
    state.unsafeFacts.add(register)
  }
}

/** What `register` stores: the result without the engine's private keys. */
function registeredValue(result: Result): Result {
  const out: Result = {}
  for (const [key, value] of Object.entries(result)) {
    if (key === '_ansible_delegated_vars') continue
    out[key] = value
  }
  return out
}

function applyFacts(ctx: RunContext, ps: PlayState, task: Task, host: string, result: Result): void {
  const facts = result.ansible_facts as Record<string, unknown> | undefined
  if (!facts || typeof facts !== 'object') return
  if (task.action === 'set_fact') {
    const state = hostState(ctx, host)
    for (const [key, value] of Object.entries(facts)) {
      state.setFacts[key] = value
      state.unsafeFacts.delete(key)
    }
    if (result._ansible_facts_cacheable === true) Object.assign(state.facts, facts)
    return
  }
  if (task.action === 'include_vars') {
    Object.assign(hostState(ctx, host).includeVars, facts)
    return
  }
  let owner = host
  const delegateFacts = keyword(task, ps.play, 'delegate_facts')
  const delegated = (result._ansible_delegated_vars as { ansible_host?: string } | undefined)?.ansible_host
  if (delegated && (delegateFacts === true || delegateFacts === 'yes' || delegateFacts === 'true')) owner = delegated
  Object.assign(hostState(ctx, owner).facts, stripPrefix(facts))
}

/** add_host / group_by results change the inventory; true when something changed. */
function applyInventoryChanges(ctx: RunContext, host: string, result: Result): boolean {
  let changed = false
  const added = result.add_host as { host_name?: string; groups?: string[]; host_vars?: Record<string, unknown> } | undefined
  if (added?.host_name) {
    changed = ctx.inventory.addHost(added.host_name, added.groups ?? [], added.host_vars ?? {}) || changed
  }
  if (typeof result.add_group === 'string') {
    const group = result.add_group
    const parents = ((result.parent_groups as string[] | undefined) ?? ['all']).filter((p) => p !== 'all')
    changed = ctx.inventory.addGroup(group) || changed
    for (const parent of parents) {
      changed = ctx.inventory.addGroup(parent) || changed
      changed = ctx.inventory.addGroup(group, parent) || changed
    }
    changed = ctx.inventory.addHostToGroup(host, group) || changed
  }
  return changed
}
