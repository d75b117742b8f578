// owner, group and mode of one path, as Ansible's set_fs_attributes_if_different:
// compare with what the path has, describe the difference for --diff (owner/group as
// ids, mode as "0644"), and the commands that make it so (run only by apply).
import { shellJoin, type FileStat } from '../../../engine/connection/connection.js'
import type { Host } from '../../../engine/module.js'
import type { TargetAccounts } from './accounts.js'
import { FileModuleFailure } from './failure.js'
import { defaultMode, formatMode, resolveMode, type ModeParam } from './mode.js'

export interface FileAttrParams {
  mode?: ModeParam
  owner?: string
  group?: string
}

export interface AttrPlan {
  changed: boolean
  /** Ansible's diff entries for the attributes that differ. */
  before: Record<string, unknown>
  after: Record<string, unknown>
  /** What to run on the target, in order. */
  commands: string[][]
  /** The wanted values, resolved: for host.write when the file is (re)written anyway. */
  mode?: number
  uid?: number
  gid?: number
  warnings: string[]
}

export interface AttrContext {
  accounts: TargetAccounts
  checkMode: boolean
}

/**
 * What must change on `path` (whose lstat is `current`, or null when it is about to be
 * created as a file or, with `isdir`, a folder). A new path counts as changed only for
 * a mode other than the default: its owner is whoever creates it.
 */
export async function planAttributes(
  path: string,
  current: FileStat | null,
  want: FileAttrParams,
  ctx: AttrContext,
  isdir = false,
): Promise<AttrPlan> {
  const plan: AttrPlan = { changed: false, before: {}, after: {}, commands: [], warnings: [] }
  await planOwnership(plan, path, current, want, ctx)
  if (want.mode !== undefined && !current?.islnk) {
    const base = current ?? { mode: defaultMode(isdir), isdir }
    const mode = withPath(() => resolveMode(want.mode!, base), path)
    plan.mode = mode
    if (mode !== base.mode) {
      plan.changed = true
      plan.before.mode = formatMode(base.mode)
      plan.after.mode = formatMode(mode)
      plan.commands.push(['chmod', mode.toString(8).padStart(4, '0'), '--', path])
    }
  }
  return plan
}

async function planOwnership(plan: AttrPlan, path: string, current: FileStat | null, want: FileAttrParams, ctx: AttrContext): Promise<void> {
  const uid = want.owner === undefined ? undefined : await lookup(ctx, 'user', want.owner, current, plan)
  const gid = want.group === undefined ? undefined : await lookup(ctx, 'group', want.group, current, plan)
  plan.uid = uid ?? undefined
  plan.gid = gid ?? undefined
  const ownerDiffers = uid !== undefined && uid !== null && current !== null && uid !== current.uid
  const groupDiffers = gid !== undefined && gid !== null && current !== null && gid !== current.gid
  if (ownerDiffers) {
    plan.before.owner = current!.uid
    plan.after.owner = uid
  }
  if (groupDiffers) {
    plan.before.group = current!.gid
    plan.after.group = gid
  }
  if (ownerDiffers || groupDiffers) plan.changed = true
  // A new path is created by the connecting (or become) user: give it away when asked.
  const setOwner = uid !== undefined && uid !== null && (current === null || ownerDiffers)
  const setGroup = gid !== undefined && gid !== null && (current === null || groupDiffers)
  if (setOwner || setGroup) {
    const spec = `${setOwner ? uid : ''}${setGroup ? `:${gid}` : ''}`
    plan.commands.push(['chown', '-h', spec, '--', path])
  }
}

/**
 * The id of a user or group. A missing account fails, except in check mode for a path
 * that does not exist yet (an earlier task of the play may create the account).
 */
async function lookup(ctx: AttrContext, kind: 'user' | 'group', name: string, current: FileStat | null, plan: AttrPlan): Promise<number | null> {
  const id = kind === 'user' ? await ctx.accounts.uid(name) : await ctx.accounts.gid(name)
  if (id !== undefined) return id
  if (ctx.checkMode && current === null) {
    plan.warnings.push(`failed to look up ${kind} ${name}. Create ${kind} up to this point in real play`)
    plan.changed = true
    return null
  }
  const tool = kind === 'user' ? 'chown' : 'chgrp'
  throw new FileModuleFailure(`${tool} failed: failed to look up ${kind} ${name}`)
}

/** A mode error names the path it was meant for, as Ansible's does. */
function withPath<T>(fn: () => T, path: string): T {
  try {
    return fn()
  } catch (err) {
    if (err instanceof FileModuleFailure) throw new FileModuleFailure(err.message, { path, ...err.extra })
    throw err
  }
}

/** Run the plan's commands (one process when there are several). */
export async function applyAttributes(host: Host, path: string, plan: AttrPlan): Promise<void> {
  if (plan.commands.length === 0) return
  const cmd = plan.commands.length === 1 ? plan.commands[0]! : { script: plan.commands.map((c) => shellJoin(c)).join(' && ') }
  const r = await host.exec(cmd)
  if (r.rc !== 0) {
    const tool = plan.commands.find((c) => r.stderr.includes(c[0]!))?.[0] ?? plan.commands[0]![0]
    throw new FileModuleFailure(`${tool} failed: ${r.stderr.trim() || `exit code ${r.rc}`}`, { path })
  }
}

/** Merge the attribute part of a plan into a diff's before/after mappings. */
export function addAttrDiff(diff: { before: Record<string, unknown>; after: Record<string, unknown> }, plan: AttrPlan): void {
  Object.assign(diff.before, plan.before)
  Object.assign(diff.after, plan.after)
}
