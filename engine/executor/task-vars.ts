// The variables one task sees on one host: the precedence layers (engine/vars/collect.ts),
// templated lazily, plus Ansible's magic variables on top.
import { basename, dirname } from 'node:path'
import type { Block, Play, RoleInstance, Task } from '../load/model.js'
import { collectVars, emptyHostVarState, type HostVarState } from '../vars/collect.js'
import { lazyVars } from '../vars/lazy.js'
import type { PlayState, RunContext } from './context.js'
import { loadVarsFilesFor } from './vars-files.js'

export const ANSIBLE_VERSION = { full: '2.14.18', major: 2, minor: 14, revision: 18, string: '2.14.18' }

export function hostState(ctx: RunContext, host: string): HostVarState {
  let state = ctx.hostState.get(host)
  if (!state) ctx.hostState.set(host, (state = emptyHostVarState()))
  return state
}

function roleNames(roles: RoleInstance[]): string[] {
  const out: string[] = []
  const visit = (r: RoleInstance) => {
    r.dependencies.forEach(visit)
    if (!out.includes(r.name)) out.push(r.name)
  }
  roles.forEach(visit)
  return out
}

function parentRoleNames(role: RoleInstance | undefined): string[] {
  const names: string[] = []
  for (let r = role?.parentRole; r; r = r.parentRole) names.push(r.name)
  return names
}

export interface TaskVarsOptions {
  task?: Task
  checkMode?: boolean
  /** Loop variables and the like: set as-is, above everything but magic vars. */
  extra?: Record<string, unknown>
  /** False for hostvars[host] itself, which (as in Ansible) has no `hostvars` inside: its repr would never end. */
  includeHostvars?: boolean
}

/** Magic variables that depend on the play and host, not on layers. */
function magicVars(ctx: RunContext, ps: PlayState, host: string, opts: TaskVarsOptions): Record<string, unknown> {
  const play = ps.play
  const inv = ctx.inventory
  const role = opts.task?.role
  const magic: Record<string, unknown> = {
    inventory_hostname: host,
    inventory_hostname_short: host.split('.')[0],
    groups: inv.groupsVar(),
    group_names: inv.groupNamesOf(host),
    play_hosts: [...ps.batch].filter((h) => ps.active.has(h)),
    ansible_play_hosts: [...ps.batch].filter((h) => ps.active.has(h)),
    ansible_play_hosts_all: ps.allHosts,
    ansible_play_batch: [...ps.batch].filter((h) => ps.active.has(h)),
    ansible_play_name: ps.name,
    playbook_dir: ctx.playbookDir,
    // 2.14 reports the run's --check here, whatever a task's own check_mode says.
    ansible_check_mode: ctx.options.check,
    ansible_diff_mode: ctx.options.diff,
    ansible_verbosity: ctx.options.verbosity,
    ansible_forks: ctx.options.forks,
    ansible_run_tags: ctx.tagFilter.only.length ? ctx.tagFilter.only : ['all'],
    ansible_skip_tags: ctx.tagFilter.skip,
    ansible_version: ANSIBLE_VERSION,
    ansible_play_role_names: roleNames(play.roles),
    ansible_role_names: roleNames(play.roles),
    omit: ctx.omit,
    ansible_config_file: null,
  }
  if (role) {
    magic.role_path = role.path
    magic.role_name = role.name
    magic.ansible_role_name = role.name
    magic.ansible_parent_role_names = parentRoleNames(role)
    magic.ansible_parent_role_paths = []
  }
  if (opts.includeHostvars !== false) magic.hostvars = hostvarsProxy(ctx, ps)
  Object.assign(magic, ps.rescueVars.get(host))
  return magic
}

/** Variables of `host` as a task (or, without task, as hostvars[host]) sees them. */
export function taskVars(ctx: RunContext, ps: PlayState, host: string, opts: TaskVarsOptions = {}): Record<string, unknown> {
  const merged = collectVars({
    inventoryVars: ctx.inventory.hostVars(host),
    state: hostState(ctx, host),
    play: ps.play,
    varsFiles: loadVarsFilesFor(ctx, ps, host),
    task: opts.task,
    extraVars: ctx.extraVars,
    hashMerge: ctx.settings.hashBehaviour === 'merge',
  })
  const natives = { ...opts.extra, ...magicVars(ctx, ps, host, opts) }
  const pos = opts.task?.pos ?? ps.play.pos
  return lazyVars(merged, (value, vars) => ctx.templar.template(value, vars, { pos, searchPaths: [] }), natives)
}

/** hostvars: every inventory host's variables, computed on first access. */
function hostvarsProxy(ctx: RunContext, ps: PlayState): Record<string, unknown> {
  const cache = new Map<string, Record<string, unknown>>()
  const varsOf = (name: string) => {
    let vars = cache.get(name)
    if (!vars) cache.set(name, (vars = taskVars(ctx, ps, name, { includeHostvars: false })))
    return vars
  }
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get(_t, name) {
      if (typeof name !== 'string' || !ctx.inventory.getHost(name)) return undefined
      return varsOf(name)
    },
    has(_t, name) {
      return typeof name === 'string' && !!ctx.inventory.getHost(name)
    },
    ownKeys() {
      return ctx.inventory.hostNames()
    },
    getOwnPropertyDescriptor(_t, name) {
      if (typeof name !== 'string' || !ctx.inventory.getHost(name)) return undefined
      return { enumerable: true, configurable: true, value: varsOf(name) }
    },
  })
}

/** Folders a task's relative files are searched in, most specific first (Ansible's order). */
export function taskSearchPaths(task: Task | undefined, play: Play): string[] {
  const paths: string[] = []
  const add = (p: string | undefined) => { if (p && !paths.includes(p)) paths.push(p) }
  for (let r = task?.role; r; r = r.parentRole) add(r.path)
  for (let b: Block | undefined = task?.parent; b; b = b.parent) {
    if (b.role && basename(b.basedir) === 'tasks') add(dirname(b.basedir))
    add(b.basedir)
  }
  // Ansible ends the search path with the playbook's folder even when it is already in it
  // (messages such as copy's "Searched in:" list it twice).
  paths.push(play.basedir)
  return paths
}
