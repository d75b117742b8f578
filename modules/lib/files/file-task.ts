// What the file module's states share: the task's view of its parameters, the
// state a path is in, and the finish step that turns planned attribute, time and
// path changes into an outcome with Ansible's result keys and --diff.
import type { FileStat } from '../../../engine/connection/connection.js'
import { change, ok, type Host, type ModuleOutcome, type ModuleResult } from '../../../engine/module.js'
import type { TargetAccounts } from './accounts.js'
import { applyAttributes, planAttributes, type AttrPlan, type FileAttrParams } from './attributes.js'
import { stateDiff } from './diff.js'
import { FileModuleFailure } from './failure.js'
import { pathInfo, type PathState } from './path-info.js'
import { realPathOf } from './text-file.js'
import { planTimes, type TimePlan, type TimeSetting } from './timestamps.js'

export interface FileParams extends FileAttrParams {
  path: string
  state?: 'absent' | 'directory' | 'file' | 'hard' | 'link' | 'touch'
  recurse: boolean
  force: boolean
  follow: boolean
  src?: string
  modification_time?: string
  modification_time_format: string
  access_time?: string
  access_time_format: string
  unsafe_writes?: boolean
}

export interface FileTask {
  host: Host
  params: FileParams
  checkMode: boolean
  accounts: TargetAccounts
  mtime: TimeSetting
  atime: TimeSetting
}

/** get_state: what `path` is, not following a final symlink. */
export async function currentState(host: Host, path: string): Promise<{ state: PathState; stat: FileStat | null }> {
  const stat = await host.stat(path)
  if (!stat) return { state: 'absent', stat }
  if (stat.islnk) return { state: 'link', stat }
  if (stat.isdir) return { state: 'directory', stat }
  return { state: stat.nlink > 1 ? 'hard' : 'file', stat }
}

/** With follow, a symlink stands for its final target (load_file_common_arguments). */
export async function followed(t: FileTask, path: string, stat: FileStat | null): Promise<{ path: string; stat: FileStat | null }> {
  if (!t.params.follow || !stat?.islnk) return { path, stat }
  const real = await realPathOf(t.host, path, stat)
  return { path: real, stat: await t.host.stat(real) }
}

export type DiffMaps = { before: Record<string, unknown>; after: Record<string, unknown> }

/** initial_diff: the path, and the state when it changes. */
export function initialDiff(path: string, from: string, to: string): DiffMaps {
  const diff: DiffMaps = { before: { path }, after: { path } }
  if (from !== to) {
    diff.before.state = from
    diff.after.state = to
  }
  return diff
}

/** A step of apply, and whether it changes anything. */
export interface PlannedStep {
  changed: boolean
  run: () => Promise<void>
}

/** Attributes and times of `path` (stat `st`, or null when apply creates it) as steps, with their diff. */
export async function attrAndTimeSteps(t: FileTask, path: string, st: FileStat | null, diff: DiffMaps, isdir = false): Promise<{ steps: PlannedStep[]; attrs: AttrPlan; times: TimePlan }> {
  const attrs = await planAttributes(path, st, t.params, { accounts: t.accounts, checkMode: t.checkMode }, isdir)
  const times = planTimes(path, st, t.mtime, t.atime)
  Object.assign(diff.before, attrs.before, times.before)
  Object.assign(diff.after, attrs.after, times.after)
  const steps: PlannedStep[] = [
    { changed: attrs.changed, run: () => applyAttributes(t.host, path, attrs) },
    { changed: times.changed, run: () => runCommands(t.host, times.commands, path) },
  ]
  return { steps, attrs, times }
}

export async function runCommands(host: Host, commands: string[][], path: string): Promise<void> {
  for (const argv of commands) {
    const r = await host.exec(argv)
    if (r.rc !== 0) throw new FileModuleFailure(`${argv[0]} failed: ${r.stderr.trim() || `exit code ${r.rc}`}`, { path })
  }
}

export interface FinishSpec {
  /** Keys of the result besides path info (path or dest, src, …). */
  result: ModuleResult
  /** The path whose info (owner, mode, state …) the result carries. */
  infoPath: string
  diff: DiffMaps
  steps: PlannedStep[]
  warnings?: string[]
}

/** ok when no step changes anything; otherwise a change whose apply runs the steps in order. */
export async function finish(t: FileTask, spec: FinishSpec): Promise<ModuleOutcome> {
  const warnings = spec.warnings && spec.warnings.length > 0 ? { warnings: spec.warnings } : {}
  const info = await pathInfo(t.host, spec.infoPath, t.accounts)
  const changing = spec.steps.filter((s) => s.changed)
  if (changing.length === 0) return ok({ ...spec.result, ...info, ...warnings })
  return change({
    ...spec.result,
    ...info,
    ...warnings,
    diff: stateDiff(spec.diff.before, spec.diff.after),
    apply: async () => {
      for (const step of spec.steps) if (step.changed) await step.run()
      return pathInfo(t.host, spec.infoPath, t.accounts)
    },
  })
}
