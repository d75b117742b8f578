// Small rules the default callback applies to a result before printing it.
import { isDebugAction, isPlainObject, type Result } from './redact.js'

/** Keys debug's own result carries that would only repeat what the status line says. */
const DEBUG_NOISE = ['changed', 'failed', 'skipped', 'invocation', 'skip_reason']
const DEBUG_KEPT_WITH_MSG = new Set(['msg', 'exception', 'warnings', 'deprecations'])

/** debug prints only what it was asked to: `msg` alone, or the `var` it shows. In place. */
export function tidyDebugResult(result: Result, action: string): void {
  if (!isDebugAction(action)) return
  if ('msg' in result) {
    for (const key of Object.keys(result)) {
      if (!DEBUG_KEPT_WITH_MSG.has(key) && !key.startsWith('_')) delete result[key]
    }
  } else {
    for (const key of DEBUG_NOISE) delete result[key]
  }
}

/** The result is shown after "=>": from -v (or above `level`), or always for debug-like actions. */
export function showsVerbose(result: Result, verbosity: number, level = 0): boolean {
  return (verbosity > level || result._ansible_verbose_always === true) && !result._ansible_verbose_override
}

/** "host", "host -> delegate", or "host -> delegate(address)" when the delegate's ansible_host differs. */
export function hostLabel(host: string, delegatedTo: string | undefined, rawResult: Result): string {
  if (!delegatedTo || delegatedTo === host) return host
  let label = `${host} -> ${delegatedTo}`
  const vars = rawResult._ansible_delegated_vars
  const address = isPlainObject(vars) && typeof vars.ansible_host === 'string' ? vars.ansible_host : delegatedTo
  if (address !== delegatedTo) label += `(${address})`
  return label
}

const INCLUDE_ACTIONS = new Set([
  'include', 'include_tasks', 'include_role',
  'ansible.builtin.include', 'ansible.builtin.include_tasks', 'ansible.builtin.include_role',
  'ansible.legacy.include', 'ansible.legacy.include_tasks', 'ansible.legacy.include_role',
])

/** include_* tasks show only their banner and "included:" lines, never ok/changed. */
export function isIncludeAction(action: string): boolean {
  return INCLUDE_ACTIONS.has(action)
}

/** Python's truth value of plain data ('' 0 None [] {} are false). */
export function pythonTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false
  if (Array.isArray(value)) return value.length > 0
  if (isPlainObject(value)) return Object.keys(value).length > 0
  return true
}
