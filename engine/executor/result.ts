// Task results as Ansible shapes and counts them: loop aggregates, skipped/failed
// detection, and the recap counters.
import type { HostStatus } from '../output/events.js'

export type Result = Record<string, unknown>

export function isFailed(r: Result): boolean {
  if (r.failed === true || r.failed_when_result === true) return true
  return false
}

export function isSkipped(r: Result): boolean {
  if (Array.isArray(r.results) && r.results.length > 0) {
    return (r.results as Result[]).every((item) => item.skipped === true)
  }
  return r.skipped === true
}

export function statusOf(r: Result): HostStatus {
  if (r.unreachable === true) return 'unreachable'
  if (isFailed(r)) return 'failed'
  if (isSkipped(r)) return 'skipped'
  return r.changed === true ? 'changed' : 'ok'
}

/**
 * The result of a loop: its items under `results`, changed/failed from any item. As in
 * Ansible, the items' warnings and deprecations move to the loop's result, so they are
 * shown once, after the items.
 */
export function aggregateLoop(items: Result[]): Result {
  if (items.length === 0) return { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] }
  const out: Result = { results: items, changed: false }
  for (const item of items) {
    for (const key of ['warnings', 'deprecations'] as const) {
      const found = item[key]
      if (found === undefined || found === null || (Array.isArray(found) && found.length === 0)) continue
      out[key] = [...((out[key] as unknown[] | undefined) ?? []), ...(Array.isArray(found) ? found : [found])]
      delete item[key]
    }
    if (item.changed === true) out.changed = true
    if (isFailed(item) && !out.failed) {
      out.failed = true
      out.msg = 'One or more items failed'
    }
  }
  const allSkipped = items.every((item) => item.skipped === true)
  if (!out.failed) out.msg = allSkipped ? 'All items skipped' : 'All items completed'
  if (allSkipped) out.skipped = true
  return out
}

export function skippedResult(): Result {
  return { changed: false, skipped: true, skip_reason: 'Conditional result was False' }
}
