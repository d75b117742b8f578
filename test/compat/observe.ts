// Turns the `json` callback document of one run into "observations": what a user could
// see happen (task names, per-host status, messages, printed variables, loop items, recap
// counts), without the noise that legitimately differs between runs or tools (timings, ids,
// module invocation echo, warnings, temp paths).
import type { OutTree } from './out-tree.js'

export type Status = 'ok' | 'changed' | 'skipped' | 'failed' | 'unreachable'

/** One host's (or one loop item's) result: its status plus the observable payload keys. */
export interface ResultObs {
  status: Status
  [payloadKey: string]: unknown
}

export interface TaskObs {
  name: string
  hosts: Record<string, ResultObs>
}

/** A play compared task by task, in document order. */
export interface OrderedPlayObs {
  name: string
  tasks: TaskObs[]
}

/** A play compared host by host (strategy free): each host's results in its own order. */
export interface PerHostPlayObs {
  name: string
  hosts: Record<string, Array<{ task: string } & ResultObs>>
}

export type PlayObs = OrderedPlayObs | PerHostPlayObs

export interface HostStats {
  ok: number
  changed: number
  unreachable: number
  failures: number
  skipped: number
  rescued: number
  ignored: number
}

export interface Observation {
  exitCode: number
  /** null when the run printed no JSON document (parse errors, --list-tasks, --syntax-check). */
  plays: PlayObs[] | null
  stats: Record<string, HostStats> | null
  /** What the case left under out/ (content, modes, link targets); null when there is no out/ folder. */
  outFiles: OutTree | null
}

/** Result keys that describe what a task did, compared for every action. */
const OBSERVED_KEYS = ['msg', 'message', 'rc', 'stdout', 'stderr', 'ansible_facts', 'assertion', 'evaluated_to', 'attempts', 'censored']
/** Actions whose facts describe the machine, not the playbook; cases print the stable ones via debug. */
const FACT_GATHERING_ACTIONS = new Set(['setup', 'gather_facts', 'ansible.builtin.setup', 'ansible.builtin.gather_facts'])
/** Modules return `diff` whether or not --diff was given; users only see it with --diff. */
const DIFF_MODE_KEYS = ['diff']

/** Keys of a debug result that are not the printed variable. */
const DEBUG_BOOKKEEPING_KEYS = new Set([
  'action', 'changed', 'failed', 'skipped', 'unreachable', 'msg', 'invocation',
  'warnings', 'deprecations', 'skip_reason', 'skipped_reason', 'false_condition',
])

const STAT_KEYS: Array<keyof HostStats> = ['ok', 'changed', 'unreachable', 'failures', 'skipped', 'rescued', 'ignored']

/** A temp folder the run used, and the stable placeholder that replaces it in every string. */
export interface PathAlias {
  path: string
  alias: string
}

export function extractJsonDocument(stdout: string): Record<string, unknown> | null {
  // The callback prints one document, but warnings or `debug` of other callbacks may precede it.
  const start = stdout.startsWith('{') ? 0 : stdout.indexOf('\n{')
  if (start < 0) return null
  try {
    const doc: unknown = JSON.parse(stdout.slice(start))
    return isRecord(doc) ? doc : null
  } catch {
    return null
  }
}

export interface ObserveOptions {
  /** Group results by host instead of by task (see CaseConfig.compare). */
  perHost?: boolean
  /** The run had --diff, so the `diff` of results is part of what the user saw. */
  diffMode?: boolean
  /** Payload keys the case chose not to compare (see CaseConfig.ignoreKeys). */
  ignoreKeys?: string[]
  aliases?: PathAlias[]
}

export function observeRun(
  doc: Record<string, unknown> | null,
  exitCode: number,
  outFiles: OutTree | null,
  options: ObserveOptions = {},
): Observation {
  const ignored = new Set(options.ignoreKeys ?? [])
  const keys = (options.diffMode ? [...OBSERVED_KEYS, ...DIFF_MODE_KEYS] : OBSERVED_KEYS).filter((k) => !ignored.has(k))
  const observation: Observation = {
    exitCode,
    plays: doc ? asArray(doc.plays).map((play) => observePlay(play, keys, options.perHost ?? false)) : null,
    stats: doc && isRecord(doc.stats) ? observeStats(doc.stats) : null,
    outFiles,
  }
  return replacePaths(observation, options.aliases ?? [])
}

function observePlay(play: unknown, keys: string[], perHost: boolean): PlayObs {
  const record = isRecord(play) ? play : {}
  const name = String((isRecord(record.play) ? record.play.name : undefined) ?? '')
  const tasks = mergeSplitTasks(asArray(record.tasks).map((task) => observeTask(task, keys)))
  if (!perHost) return { name, tasks }
  const hosts: PerHostPlayObs['hosts'] = {}
  for (const task of tasks) {
    for (const [host, result] of Object.entries(task.hosts)) {
      ;(hosts[host] ??= []).push({ task: task.name, ...result })
    }
  }
  return { name, hosts: sortKeys(hosts) }
}

function observeTask(task: unknown, keys: string[]): TaskObs {
  const record = isRecord(task) ? task : {}
  const name = String((isRecord(record.task) ? record.task.name : undefined) ?? '')
  const hosts: Record<string, ResultObs> = {}
  for (const [host, result] of Object.entries(isRecord(record.hosts) ? record.hosts : {})) {
    hosts[host] = observeResult(isRecord(result) ? result : {}, keys)
  }
  return { name, hosts: sortKeys(hosts) }
}

/**
 * The callback opens a new entry whenever Ansible announces a task, and for meta tasks and
 * run_once handlers it announces the same task once per host, leaving entries with no results.
 * What a user observes is which hosts ran the task and how, so entries without results are
 * dropped and consecutive entries of one task with disjoint hosts are joined.
 */
function mergeSplitTasks(tasks: TaskObs[]): TaskObs[] {
  const merged: TaskObs[] = []
  for (const task of tasks) {
    if (Object.keys(task.hosts).length === 0) continue
    const previous = merged[merged.length - 1]
    const disjoint = previous && Object.keys(task.hosts).every((host) => !(host in previous.hosts))
    if (previous && previous.name === task.name && disjoint) previous.hosts = sortKeys({ ...previous.hosts, ...task.hosts })
    else merged.push(task)
  }
  return merged
}

/** Status and observable payload of one result; loop results also list their items. */
export function observeResult(result: Record<string, unknown>, keys: string[] = OBSERVED_KEYS): ResultObs {
  const observed: ResultObs = { status: statusOf(result) }
  for (const key of keys) {
    const value = payloadValue(result, key)
    if (value !== undefined) observed[key] = value
  }
  const isLoop = Array.isArray(result.results) && result.results.every(isRecord)
  if (isDebug(result)) {
    for (const [key, value] of Object.entries(result)) {
      const handledAbove = OBSERVED_KEYS.includes(key) || DIFF_MODE_KEYS.includes(key)
      const bookkeeping = DEBUG_BOOKKEEPING_KEYS.has(key) || key.startsWith('_ansible') || (isLoop && key === 'results')
      if (!handledAbove && !bookkeeping) observed[key] = value
    }
  }
  if (isLoop) observed.items = (result.results as Array<Record<string, unknown>>).map((item) => observeItem(item, keys))
  return observed
}

/** One observed key of a result, cleaned of what differs between runs; undefined leaves it out. */
function payloadValue(result: Record<string, unknown>, key: string): unknown {
  if (key === 'diff') return textualDiffs(result.diff)
  if (key !== 'ansible_facts') return result[key]
  return FACT_GATHERING_ACTIONS.has(String(result.action)) ? undefined : stableFacts(result.ansible_facts)
}

function observeItem(item: Record<string, unknown>, keys: string[]): ResultObs {
  const { status, ...payload } = observeResult(item, keys)
  // Ansible shows an item by its label (loop_control.label), else by the item itself.
  const label = '_ansible_item_label' in item ? item._ansible_item_label : item[String(item.ansible_loop_var ?? 'item')]
  return { status, label, ...payload }
}

export function statusOf(result: Record<string, unknown>): Status {
  if (result.unreachable === true) return 'unreachable'
  if (result.failed === true) return 'failed'
  if (result.skipped === true) return 'skipped'
  if (result.changed === true) return 'changed'
  return 'ok'
}

function isDebug(result: Record<string, unknown>): boolean {
  return result.action === 'debug' || result.action === 'ansible.builtin.debug'
}

/** Facts set by the task itself; the Python interpreter Ansible discovered is an implementation detail. */
function stableFacts(facts: unknown): unknown {
  if (!isRecord(facts)) return facts
  const { discovered_interpreter_python: _interpreter, ...rest } = facts
  return Object.keys(rest).length > 0 ? rest : undefined
}

/**
 * The before/after texts of a diff. Headers name temp files, and before/after mappings (file
 * state) are bookkeeping that `--diff` shows only as a one-line summary, so both are left out.
 */
function textualDiffs(diff: unknown): unknown {
  const entries = (Array.isArray(diff) ? diff : [diff]).filter(isRecord)
  const texts = entries
    .map(({ before, after }) => ({
      ...(typeof before === 'string' ? { before } : {}),
      ...(typeof after === 'string' ? { after } : {}),
    }))
    .filter((entry) => Object.keys(entry).length > 0)
  return texts.length > 0 ? texts : undefined
}

function observeStats(stats: Record<string, unknown>): Record<string, HostStats> {
  const observed: Record<string, HostStats> = {}
  for (const [host, counts] of Object.entries(stats)) {
    const record = isRecord(counts) ? counts : {}
    observed[host] = Object.fromEntries(STAT_KEYS.map((key) => [key, Number(record[key] ?? 0)])) as unknown as HostStats
  }
  return sortKeys(observed)
}

/** Replaces the run's temp folders in every string, so both tools' observations line up. */
export function replacePaths<T>(value: T, aliases: PathAlias[]): T {
  if (aliases.length === 0) return value
  const longestFirst = [...aliases].sort((a, b) => b.path.length - a.path.length)
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return longestFirst.reduce((s, { path, alias }) => s.split(path).join(alias), v)
    if (Array.isArray(v)) return v.map(visit)
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [visit(k) as string, visit(x)]))
    return v
  }
  return visit(value) as T
}

function sortKeys<V>(record: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
