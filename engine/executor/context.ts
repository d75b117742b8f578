// The state of a run (one tsplay invocation) and of the play being run.
import type { Inventory } from '../inventory/index.js'
import type { Templar } from '../template/index.js'
import type { RunReporter, HostCounts } from '../output/events.js'
import type { ModuleDefinition } from '../module.js'
import type { Connection } from '../connection/connection.js'
import type { Play, Task } from '../load/model.js'
import type { HostVarState } from '../vars/collect.js'
import type { TagFilter } from './tags.js'
import type { LoadContext } from '../load/context.js'
import type { SshSettings } from '../connection/ssh-options.js'
import type { AskPassphrase } from './key-passphrases.js'
import type { AsyncJobs } from './async-jobs.js'

export interface RunOptions {
  playbooks: string[]
  inventory: string[]
  limit?: string
  tags: string[]
  skipTags: string[]
  /** -e values as given: k=v strings, JSON/YAML text or @file. */
  extraVars: string[]
  check: boolean
  diff: boolean
  verbosity: number
  forks: number
  syntaxCheck: boolean
  listHosts: boolean
  listTasks: boolean
  listTags: boolean
  startAtTask?: string
  forceHandlers: boolean
  become?: boolean
  becomeUser?: string
  becomeMethod?: string
  becomePassword?: string
  /** -k: the connection password, used where no ansible_password is set. */
  connectionPassword?: string
  /** --vault-id [label@]source, --vault-password-file, --ask-vault-password. */
  vaultIds?: string[]
  vaultPasswordFiles?: string[]
  askVaultPass?: boolean
  connection?: string
  remoteUser?: string
  privateKey?: string
  timeout?: number
  output: 'screen' | 'json'
  modulePaths: string[]
  cwd: string
  env: NodeJS.ProcessEnv
}

export interface RunContext {
  options: RunOptions
  settings: { gathering: string; forceHandlers: boolean; hashBehaviour: string; anyErrorsFatal: boolean }
  inventory: Inventory
  /** ansible.cfg / ANSIBLE_* / command-line settings the ssh transport uses. */
  sshSettings: SshSettings
  /** Asks for encrypted identity files' passphrases; absent without a terminal. */
  askPassphrase?: AskPassphrase
  templar: Templar
  reporter: RunReporter
  modules: Map<string, ModuleDefinition>
  tagFilter: TagFilter
  extraVars: Record<string, unknown>
  /** Per host, across plays: facts, set_fact, include_vars. */
  hostState: Map<string, HostVarState>
  stats: Map<string, HostCounts>
  connections: Map<string, Promise<Connection>>
  /** Jobs of tasks run with `async` (async_status reads them). */
  asyncJobs: AsyncJobs
  /** The omit placeholder: a parameter whose value is this is dropped. */
  omit: string
  /** Hosts that failed or were unreachable in any play (they stay out of later plays). */
  failedHosts: Set<string>
  unreachableHosts: Set<string>
  signal: AbortSignal
  /** Set by --start-at-task until the named task is reached. */
  startAtTask?: string
  inventorySources: string[]
  playbookDir: string
  roleSearchPath: string[]
  loadContext: LoadContext
  warn(msg: string): void
  /** meta: refresh_inventory — read the inventory sources again. */
  refreshInventory(): Promise<void>
}

export interface PlayState {
  play: Play
  /** The play's name, templated. */
  name: string
  /** Hosts of the whole play and of the current serial batch. */
  allHosts: string[]
  batch: string[]
  /** Hosts still running in this batch (not failed/unreachable/ended). */
  active: Set<string>
  /** Failed in this play (unrescued) and unreachable. */
  failed: Set<string>
  unreachable: Set<string>
  /** The play's handlers in definition order (include_role appends its role's). */
  handlers: Task[]
  /** Handler task id → hosts that notified it. */
  notified: Map<string, Set<string>>
  /** vars_files of the play, loaded per host. */
  varsFiles: Map<string, Record<string, unknown>>
  /** Roles already run per host (for dedup). */
  rolesRun: Map<string, Set<string>>
  /** Per host: vars only visible inside rescue (ansible_failed_task/_result). */
  rescueVars: Map<string, Record<string, unknown>>
  /** The play was ended (meta: end_play or all hosts gone). */
  ended: boolean
  /** Hosts that ended with meta: end_host / end_batch. */
  endedHosts: Set<string>
  /** The end came from meta: end_batch: the next serial batch still runs. */
  batchOnly: boolean
  /** max_fail_percentage was exceeded: no further batches run. */
  maxFailReached: boolean
  /** any_errors_fatal fired: the playbook stops after this play. */
  breakPlay: boolean
  forceHandlers: boolean
}

export function newCounts(): HostCounts {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 }
}

export function countsFor(ctx: RunContext, host: string): HostCounts {
  let counts = ctx.stats.get(host)
  if (!counts) ctx.stats.set(host, (counts = newCounts()))
  return counts
}
