// One host's walk through a play section: a generator that yields the next task and is
// told how it went, so block/rescue/always and includes follow that host's own path.
// The strategy decides when each host's next task runs (lockstep or free).
import type { Block, Entry, Task } from '../load/model.js'

/** Position of a task in the play: compared element by element, included tasks sort
 *  right after their include and before the include's next sibling. */
export type StepKey = number[]

export interface Step {
  task: Task
  key: StepKey
}

export interface StepOutcome {
  failed: boolean
  unreachable?: boolean
  /** The result that failed (for ansible_failed_result in rescue). */
  result?: Record<string, unknown>
  /** Blocks loaded by a dynamic include, to run next for this host. */
  included?: Block[]
  /** meta: end_host / end_play / end_batch: stop walking. */
  stop?: boolean
}

export type WalkStatus = 'ok' | 'failed' | 'unreachable' | 'stopped'

export interface WalkResult {
  status: WalkStatus
  /** The task that failed and its result, for ansible_failed_task/_result in rescue. */
  failure?: { task: Task; result?: Record<string, unknown> }
}

const OK: WalkResult = { status: 'ok' }

export interface CursorHooks {
  /** Role dedup: true when this role already ran on the host (and may not run again). */
  roleAlreadyRan(block: Block): boolean
  /** Entering rescue: expose the failure as ansible_failed_task / ansible_failed_result. */
  enterRescue(task: Task, result: Record<string, unknown> | undefined): void
  /** A block's rescue succeeded: the host's failure is forgiven (counts as rescued). */
  rescued(): void
}

export function compareKeys(a: StepKey, b: StepKey): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

export function* walkEntries(entries: Entry[], key: StepKey, hooks: CursorHooks): Generator<Step, WalkResult, StepOutcome> {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]
    const entryKey = [...key, i]
    const result = entry.kind === 'block' ? yield* walkBlock(entry, entryKey, hooks) : yield* walkTask(entry, entryKey, hooks)
    if (result.status !== 'ok') return result
  }
  return OK
}

function* walkTask(task: Task, key: StepKey, hooks: CursorHooks): Generator<Step, WalkResult, StepOutcome> {
  const outcome = yield { task, key }
  if (outcome.unreachable) return { status: 'unreachable' }
  if (outcome.stop) return { status: 'stopped' }
  if (outcome.failed) return { status: 'failed', failure: { task, result: outcome.result } }
  if (outcome.included?.length) return yield* walkEntries(outcome.included, [...key, 0], hooks)
  return OK
}

// Sections of a block are numbered 0 (block), 1 (rescue), 2 (always) in the key.
function* walkBlock(block: Block, key: StepKey, hooks: CursorHooks): Generator<Step, WalkResult, StepOutcome> {
  if (block.isRoleRoot && hooks.roleAlreadyRan(block)) return OK
  let result = yield* walkEntries(block.block, [...key, 0], hooks)
  if (result.status === 'failed' && block.rescue.length > 0) {
    if (result.failure) hooks.enterRescue(result.failure.task, result.failure.result)
    result = yield* walkEntries(block.rescue, [...key, 1], hooks)
    if (result.status === 'ok') hooks.rescued()
  }
  if (block.always.length > 0 && result.status !== 'unreachable' && result.status !== 'stopped') {
    const alwaysResult = yield* walkEntries(block.always, [...key, 2], hooks)
    if (alwaysResult.status !== 'ok') return alwaysResult
  }
  return result
}
