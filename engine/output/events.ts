// What the executor tells the output layer, in order. Screen, JSON and log-file
// outputs each implement RunReporter; the executor never formats text itself.
import type { SourcePos } from '../errors.js'
import type { Diff } from '../module.js'

export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable'

export interface PlayInfo {
  name: string
  /** The `hosts:` pattern as written. */
  hosts: string
  pos?: SourcePos
  id: string
  /** The play runs in check mode (shown as "[CHECK MODE]" when check_mode_markers is on). */
  checkMode?: boolean
  /** Strategy name; "free" and "host_pinned" interleave tasks, so banners repeat per result. */
  strategy?: string
}

export interface TaskInfo {
  /** Name as Ansible shows it: the task's name, else the action ("debug"); role tasks get "role : name". */
  name: string
  action: string
  pos?: SourcePos
  id: string
  isHandler: boolean
  /** RUNNING HANDLER / TASK banner; for included roles the role name is part of `name`. */
  noLog: boolean
  checkMode: boolean
  diffMode: boolean
}

export interface HostCounts {
  ok: number
  changed: number
  unreachable: number
  failed: number
  skipped: number
  rescued: number
  ignored: number
}

export interface HostResultEvent {
  host: string
  /** `delegate_to` target when it differs from host: shown as "[host -> other]". */
  delegatedTo?: string
  task: TaskInfo
  status: HostStatus
  /** Ansible-shaped result (already no_log-redacted when task.noLog). */
  result: Record<string, unknown>
  /** Failure ignored by ignore_errors: Ansible prints "...ignoring". */
  ignored?: boolean
  /** For one loop item: the label Ansible prints as (item=…). */
  itemLabel?: unknown
  /** Diffs to print under --diff. */
  diff?: Diff[]
}

/** An async task's job: a poll period that ended unfinished, or its end. */
export interface AsyncEvent {
  host: string
  task: TaskInfo
  jid: string
  state: 'poll' | 'ok' | 'failed'
}

export interface RetryEvent {
  host: string
  delegatedTo?: string
  task: TaskInfo
  /** Attempts still to come. Ansible makes `retries + 1` attempts, so after attempt k it shows retries + 1 - k. */
  retriesLeft: number
  /** The failed attempt's result (shown from -vvv). */
  result: Record<string, unknown>
}

export interface IncludedEvent {
  file: string
  hosts: string[]
  task: TaskInfo
  /** Loop item of a looped include. */
  itemLabel?: unknown
}

export interface DeprecationInfo {
  version?: string
  date?: string
  /** "ansible.builtin" is shown as "ansible-core", as Ansible does. */
  collectionName?: string
}

/** set_stats data: per host name, and "_run" for the run-wide (aggregate: false/per_host: false) stats. */
export type CustomStats = Record<string, Record<string, unknown>>

export interface RunReporter {
  playbookStart(file: string): void
  playStart(play: PlayInfo): void
  taskStart(task: TaskInfo): void
  /** Per host (and per loop item when itemLabel is set) as results come in. */
  hostResult(ev: HostResultEvent): void
  /**
   * For looping tasks: the aggregate after all items (its `results` holds every item's result).
   * A loop is reported as one hostResult per item (with itemLabel), then loopDone with the
   * aggregate; no hostResult without itemLabel is sent for a loop.
   */
  loopDone?(ev: HostResultEvent): void
  /** A host begins the task (Ansible's v2_runner_on_start): the live display tracks running hosts. */
  hostStart?(host: string, task: TaskInfo): void
  /** An `until:` attempt failed and will be retried: "FAILED - RETRYING: [host]: name (N retries left)." */
  retry?(ev: RetryEvent): void
  /** "ASYNC POLL/OK/FAILED on host: jid=…" */
  asyncJob?(ev: AsyncEvent): void
  /** include_tasks / include_role loaded a file: "included: file for h1, h2". */
  included?(ev: IncludedEvent): void
  /** A task notified a handler for a host (sent before that host's result): shown from -vv. */
  handlerNotified?(handler: string, host: string): void
  /** "skipping: no hosts matched" */
  noHostsMatched(play: PlayInfo): void
  noHostsRemaining(): void
  /** Shown in the live display: elapsed time and recent lines of a long-running task. */
  progress(host: string, task: TaskInfo, line: string): void
  warning(msg: string): void
  deprecation(msg: string, opts?: DeprecationInfo): void
  /** Informational lines at a verbosity level (e.g. "META: ran handlers", -v details). */
  verbose(msg: string, level: number, host?: string): void
  /** End of the run. `custom` holds set_stats data (per host, and `_run` for run-wide stats). */
  recap(stats: Map<string, HostCounts>, custom?: CustomStats): void
  /** The run is over (flush files, stop timers). */
  close(): Promise<void>
}
