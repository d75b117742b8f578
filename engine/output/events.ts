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

export interface RunReporter {
  playbookStart(file: string): void
  playStart(play: PlayInfo): void
  taskStart(task: TaskInfo): void
  /** Per host (and per loop item when itemLabel is set) as results come in. */
  hostResult(ev: HostResultEvent): void
  /** For looping tasks: the aggregate after all items, as Ansible prints it (e.g. the failed summary). */
  loopDone?(ev: HostResultEvent): void
  /** "skipping: no hosts matched" */
  noHostsMatched(play: PlayInfo): void
  noHostsRemaining(): void
  /** Shown in the live display: elapsed time and recent lines of a long-running task. */
  progress(host: string, task: TaskInfo, line: string): void
  warning(msg: string): void
  deprecation(msg: string): void
  /** Informational lines at a verbosity level (e.g. "META: ran handlers", -v details). */
  verbose(msg: string, level: number, host?: string): void
  recap(stats: Map<string, HostCounts>): void
  /** The run is over (flush files, stop timers). */
  close(): Promise<void>
}
