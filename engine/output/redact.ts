// What an output may show of a task result. no_log results are replaced by Ansible's
// "censored" result; every other result loses the keys Ansible hides from callbacks.

export type Result = Record<string, unknown>

export const CENSORED_MESSAGE = "the output has been hidden due to the fact that 'no_log: true' was specified for this result"

/** Keys a censored result keeps: they are needed to count and retry, and reveal nothing. */
const KEPT_WHEN_CENSORED = ['attempts', 'changed', 'retries'] as const

/** The part of the delegated host's connection variables Ansible keeps for labels. */
const DELEGATED_VARS_KEPT = ['ansible_host', 'ansible_port', 'ansible_user', 'ansible_connection'] as const

/** Internal keys outputs still need: how to display (verbose, label) and whether to hide. */
const INTERNAL_KEYS_KEPT = new Set(['_ansible_verbose_always', '_ansible_item_label', '_ansible_no_log', '_ansible_verbose_override'])

const DEBUG_ACTIONS = new Set(['debug', 'ansible.builtin.debug', 'ansible.legacy.debug'])

export function isDebugAction(action: string): boolean {
  return DEBUG_ACTIONS.has(action)
}

/** Ansible's censored result for a no_log task: nothing of the module's output survives. */
export function redactNoLog(result: Result): Result {
  const censored: Result = { censored: CENSORED_MESSAGE }
  for (const key of KEPT_WHEN_CENSORED) {
    if (key in result) censored[key] = result[key]
  }
  const delegated = delegatedVarsSubset(result)
  if (delegated) censored._ansible_delegated_vars = delegated
  return censored
}

export function isCensored(result: Result): boolean {
  return result.censored === CENSORED_MESSAGE
}

/** The result must be hidden: the task is no_log or the module marked this result so. */
export function wantsNoLog(result: Result, taskNoLog: boolean): boolean {
  return taskNoLog || result._ansible_no_log === true
}

/**
 * The copy of a result that callbacks see (Ansible's TaskResult.clean_copy): censored
 * when no_log applies, otherwise without `failed`/`skipped` (the event says that), without
 * `invocation` for debug, and without internal `_ansible_*` keys except the display ones.
 */
export function cleanResult(result: Result, action: string, taskNoLog: boolean): Result {
  if (isCensored(result)) return { ...result }
  if (wantsNoLog(result, taskNoLog)) return redactNoLog(result)
  const copy = structuredCloneJson(result) as Result
  delete copy.failed
  delete copy.skipped
  if (isDebugAction(action)) delete copy.invocation
  stripInternalKeys(copy, INTERNAL_KEYS_KEPT)
  const delegated = delegatedVarsSubset(result)
  if (delegated) copy._ansible_delegated_vars = delegated
  return copy
}

/** Remove `_ansible_*` keys at every depth, in place. */
export function stripInternalKeys(value: unknown, keep: ReadonlySet<string> = new Set()): void {
  if (Array.isArray(value)) {
    for (const item of value) stripInternalKeys(item, keep)
    return
  }
  if (!isPlainObject(value)) return
  for (const key of Object.keys(value)) {
    if (key.startsWith('_ansible_') && !keep.has(key)) delete value[key]
    else stripInternalKeys(value[key], keep)
  }
}

function delegatedVarsSubset(result: Result): Result | undefined {
  const vars = result._ansible_delegated_vars
  if (!isPlainObject(vars)) return undefined
  const subset: Result = {}
  for (const key of DELEGATED_VARS_KEPT) {
    if (key in vars) subset[key] = vars[key]
  }
  return subset
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/** Deep copy of JSON-like data (results are), keeping Dates and dropping functions. */
export function structuredCloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(structuredCloneJson)
  if (!isPlainObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'function') out[key] = structuredCloneJson(v)
  }
  return out
}
