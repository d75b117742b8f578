// Running one module for one host (one loop item): template the arguments, validate
// them, open the connection, run the module's read phase, and apply its change unless
// in check mode. Returns the result in Ansible's shape.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { decryptedText } from '../vault/keyring.js'
import { isVaulted } from '../vault/vault.js'
import { join, isAbsolute } from 'node:path'
import { TaskHost, type Diff, type ModuleContext, type ModuleDefinition, type ModuleOutcome } from '../module.js'
import type { BecomeSpec } from '../connection/connection.js'
import { TsplayError, type SourcePos } from '../errors.js'
import { ansibleBool } from '../util/boolean.js'
import { validateModuleParams } from '../load/module-params.js'
import type { Task } from '../load/model.js'
import type { PlayState, RunContext } from './context.js'
import { getConnection } from './connections.js'
import { environmentChain, keyword, keywordChain } from './keywords.js'
import { taskSearchPaths } from './task-vars.js'
import { hostState } from './task-vars.js'

export interface CallOptions {
  checkMode: boolean
  diffMode: boolean
  /** Host whose connection is used (delegate_to), default the host itself. */
  target: string
  /** Variables of the target host when delegating (its ansible_host, ansible_connection...). */
  targetVars: Record<string, unknown>
  /** Stops the module (an async job's limit); default the run's (Ctrl-C). */
  signal?: AbortSignal
}

export type TaskResult = Record<string, unknown>

export function findModule(ctx: RunContext, task: Task): ModuleDefinition {
  const def = ctx.modules.get(task.action)
  if (!def) throw new TsplayError(`couldn't resolve module/action '${task.action}'`, { pos: task.pos })
  return def
}

/** Remove arguments whose value is the omit placeholder, at any depth of the top level. */
function dropOmitted(args: Record<string, unknown>, omit: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(args)) if (value !== omit) out[key] = value
  return out
}


export function becomeSpec(ctx: RunContext, ps: PlayState, task: Task, vars: Record<string, unknown>): BecomeSpec | undefined {
  const tmpl = (v: unknown) => ctx.templar.template(v, vars, { pos: task.pos })
  const become = keyword(task, ps.play, 'become') ?? vars.ansible_become ?? ctx.options.become
  if (!ansibleBool(tmpl(become))) return undefined
  const user = tmpl(keyword(task, ps.play, 'become_user') ?? vars.ansible_become_user ?? ctx.options.becomeUser ?? 'root')
  const method = tmpl(keyword(task, ps.play, 'become_method') ?? vars.ansible_become_method ?? ctx.options.becomeMethod ?? 'sudo')
  if (method !== 'sudo' && method !== 'su') throw new TsplayError(`become method '${String(method)}' is not supported (use sudo or su)`, { pos: task.pos })
  const flags = tmpl(keyword(task, ps.play, 'become_flags') ?? vars.ansible_become_flags)
  const password = tmpl(vars.ansible_become_password ?? vars.ansible_become_pass ?? ctx.options.becomePassword)
  return { method, user: String(user), flags: flags === undefined || flags === null ? undefined : String(flags), password: password === undefined || password === null ? undefined : String(password) }
}

export function taskEnvironment(ctx: RunContext, ps: PlayState, task: Task, vars: Record<string, unknown>): Record<string, string> | undefined {
  const chain = environmentChain(task, ps.play)
  if (chain.length === 0) return undefined
  const env: Record<string, string> = {}
  for (const entry of chain) {
    const rendered = ctx.templar.template(entry, vars, { pos: task.pos })
    for (const item of Array.isArray(rendered) ? rendered : [rendered]) {
      if (item === null || item === undefined) continue
      if (typeof item !== 'object') throw new TsplayError(`'environment' must be a mapping of variable names to values, got ${JSON.stringify(item)}`, { pos: task.pos })
      for (const [k, v] of Object.entries(item)) env[k] = String(v)
    }
  }
  return env
}

/**
 * module_defaults of the play, blocks and task for this module (by short or builtin name),
 * merged outermost first, so the task's own defaults win; the task's arguments win over all.
 */
function moduleDefaults(ctx: RunContext, ps: PlayState, task: Task, module: string, vars: Record<string, unknown>, renderCtx: { pos?: SourcePos }): Record<string, unknown> | undefined {
  const chain = keywordChain(task, ps.play, 'module_defaults')
  if (chain.length === 0) return undefined
  const names = new Set([module, `ansible.builtin.${module}`, `ansible.legacy.${module}`])
  let merged: Record<string, unknown> | undefined
  for (const entry of chain) {
    const rendered = ctx.templar.template(entry, vars, renderCtx)
    for (const mapping of Array.isArray(rendered) ? rendered : [rendered]) {
      if (mapping === null || typeof mapping !== 'object') throw new TsplayError(`'module_defaults' must be a mapping of module names to default arguments, got ${JSON.stringify(mapping)}`, { pos: task.pos })
      for (const [name, args] of Object.entries(mapping)) {
        if (!names.has(name) || args === null || typeof args !== 'object') continue
        merged = { ...merged, ...(args as Record<string, unknown>) }
      }
    }
  }
  return merged
}

/** A controller file, decrypted when it is vault-encrypted. */
async function readDecrypted(path: string): Promise<Buffer> {
  const data = await readFile(path)
  if (!isVaulted(data.subarray(0, 64).toString('latin1'))) return data
  return Buffer.from(decryptedText(data.toString('utf8'), path), 'utf8')
}

export function makeFindFile(searchPaths: string[]): (name: string, kind?: string) => string | undefined {
  return (name, kind) => {
    if (isAbsolute(name)) return existsSync(name) ? name : undefined
    for (const base of searchPaths) {
      const candidates = kind ? [join(base, kind, name), join(base, name)] : [join(base, name)]
      const hit = candidates.find((c) => existsSync(c))
      if (hit) return hit
    }
    return undefined
  }
}

export async function callModule(ctx: RunContext, ps: PlayState, host: string, task: Task, vars: Record<string, unknown>, opts: CallOptions): Promise<TaskResult> {
  const timeout = Number(ctx.templar.template(keyword(task, ps.play, 'timeout') ?? 0, vars, { pos: task.pos })) || 0
  const outer = opts.signal ?? ctx.signal
  if (timeout <= 0) return runModule(ctx, ps, host, task, vars, opts, outer)
  // The task's `timeout:` ends the module (its commands are signalled) after that many seconds.
  const controller = new AbortController()
  const stop = () => controller.abort()
  outer.addEventListener('abort', stop, { once: true })
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<TaskResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort()
      resolve({ failed: true, changed: false, msg: `The ${task.action} action failed to execute in the expected time frame (${timeout}) and was terminated` })
    }, timeout * 1000)
  })
  const running = runModule(ctx, ps, host, task, vars, opts, controller.signal)
  running.catch(() => undefined)
  try {
    return await Promise.race([running, expired])
  } finally {
    clearTimeout(timer)
    outer.removeEventListener('abort', stop)
  }
}

async function runModule(ctx: RunContext, ps: PlayState, host: string, task: Task, vars: Record<string, unknown>, opts: CallOptions, signal: AbortSignal): Promise<TaskResult> {
  const def = findModule(ctx, task)
  const searchPaths = taskSearchPaths(task, ps.play)
  const renderCtx = { pos: task.pos, searchPaths, findFile: makeFindFile(searchPaths) }
  const defaults = moduleDefaults(ctx, ps, task, def.name, vars, renderCtx)
  const given = ctx.templar.template(task.args, vars, renderCtx) as Record<string, unknown>
  const rawArgs = defaults ? { ...defaults, ...given } : given
  const params = validateModuleParams(def, dropOmitted(rawArgs, ctx.omit), task.pos)
  const mctx: ModuleContext = {
    checkMode: opts.checkMode,
    diffMode: opts.diffMode,
    verbosity: ctx.options.verbosity,
    taskName: String(task.keywords.name ?? task.action),
    pos: task.pos,
    playbookDir: ctx.playbookDir,
    searchPaths,
    findFile: renderCtx.findFile,
    render: (source, extra) => ctx.templar.renderString(source, extra ? withExtra(vars, extra) : vars, renderCtx),
    // Like Ansible's convert_bare: the expression is templated as `{{ expr }}` (2.14's result types).
    evaluate: (expr) => ctx.templar.template(`{{ ${expr} }}`, vars, renderCtx),
    condition: (expr) => ctx.templar.condition(expr, vars, renderCtx),
    vars,
    progress: (line) => ctx.reporter.progress(host, { name: task.action } as never, line),
    signal,
    asyncStatus: (jid, mode) => ctx.asyncJobs.status(jid, mode),
    readControllerFile: readDecrypted,
  }
  if (opts.checkMode && def.supportsCheckMode === false) {
    return { changed: false, skipped: true, msg: `remote module (${def.name}) does not support check mode` }
  }
  let hostFacade: TaskHost
  if (def.controllerOnly) {
    hostFacade = new TaskHost(host, nullConnection, {}, hostState(ctx, host).facts)
  } else {
    const tv = opts.targetVars
    // Connection variables beat the `connection:` keyword, which beats -c (Ansible's order).
    const transport = String(ctx.templar.template(tv.ansible_connection ?? keyword(task, ps.play, 'connection') ?? ctx.options.connection ?? 'ssh', tv, renderCtx))
    const address = String(ctx.templar.template(tv.ansible_host ?? opts.target, tv, renderCtx))
    const conn = await getConnection(ctx, opts.target, { transport, address, vars: tv })
    hostFacade = new TaskHost(host, conn, { become: becomeSpec(ctx, ps, task, vars), env: taskEnvironment(ctx, ps, task, vars), signal }, hostState(ctx, host).facts)
  }
  const outcome = await def.run(hostFacade, params, mctx)
  return await outcomeToResult(outcome, opts)
}

function withExtra(vars: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(vars, {
    get: (t, name) => (typeof name === 'string' && name in extra ? extra[name] : Reflect.get(t, name)),
    has: (t, name) => (typeof name === 'string' && name in extra) || Reflect.has(t, name),
  })
}

async function outcomeToResult(outcome: ModuleOutcome, opts: CallOptions): Promise<TaskResult> {
  switch (outcome.kind) {
    case 'ok':
      return { changed: false, ...outcome.result }
    case 'skip':
      return { changed: false, skipped: true, ...outcome.result }
    case 'fail':
      return { changed: false, ...outcome.result, failed: true }
    case 'change': {
      const result: TaskResult = { ...outcome.result, changed: true }
      if (outcome.diff && opts.diffMode) result.diff = outcome.diff as Diff | Diff[]
      if (!opts.checkMode && outcome.apply) {
        const applied = await outcome.apply()
        if (applied) Object.assign(result, applied)
      }
      return result
    }
  }
}

const nullConnection = {
  transport: 'local' as const,
  target: 'controller',
  exec: () => Promise.reject(new TsplayError('this action runs on the controller and has no connection')),
  readFile: () => Promise.reject(new TsplayError('this action runs on the controller and has no connection')),
  writeFile: () => Promise.reject(new TsplayError('this action runs on the controller and has no connection')),
  upload: () => Promise.reject(new TsplayError('this action runs on the controller and has no connection')),
  download: () => Promise.reject(new TsplayError('this action runs on the controller and has no connection')),
  stat: () => Promise.reject(new TsplayError('this action runs on the controller and has no connection')),
  close: async () => {},
}
