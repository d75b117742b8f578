// The systemd module's logic, shared with `service` on systemd hosts: read the unit,
// decide which systemctl verbs would bring it to the requested state, and run them
// only in `apply`. daemon-reload/-reexec run first and the unit is read again after,
// as ansible-core reads it after reloading.
import { change, fail, ok, type Host, type ModuleContext, type ModuleOutcome, type ModuleResult } from '../../../engine/module.js'
import { describeManager, detectServiceManager } from './service-manager.js'
import { inspectUnit, isEnabled, isMasked, isRunning, Systemctl, type UnitState } from './systemd-unit.js'
import { applyFailure } from './target.js'

export interface SystemdParams {
  name?: string
  state?: 'reloaded' | 'restarted' | 'started' | 'stopped'
  enabled?: boolean
  force?: boolean
  masked?: boolean
  daemon_reload?: boolean
  daemon_reexec?: boolean
  scope: 'system' | 'user' | 'global'
  no_block: boolean
}

/** One systemctl verb on the unit, and the message should it fail. */
interface Step {
  args: string[]
  failure: (out: string, err: string) => string
}

interface Plan {
  result: ModuleResult
  steps: Step[]
  failure?: string
}

export function systemctlFor(host: Host, p: SystemdParams): Systemctl {
  const flags: string[] = []
  if (p.scope !== 'system') flags.push(`--${p.scope}`)
  if (p.no_block) flags.push('--no-block')
  if (p.force) flags.push('--force')
  return new Systemctl(host, flags, p.scope !== 'system')
}

export async function runSystemd(host: Host, p: SystemdParams, ctx: ModuleContext, warnings: string[] = []): Promise<ModuleOutcome> {
  const unit = p.name
  if (unit !== undefined && /[*?[]/.test(unit)) {
    const found = ['*', '?', '['].find((c) => unit.includes(c))
    return fail(`This module does not currently support using glob patterns, found '${found}' in service name: ${unit}`)
  }
  const manager = await detectServiceManager(host)
  if (manager.name !== 'systemd') {
    return fail(`systemd does not manage this host (${describeManager(manager)}); use the service module, which runs init scripts`)
  }
  const ctl = systemctlFor(host, p)
  const withWarnings = (r: ModuleResult): ModuleResult => (warnings.length ? { ...r, warnings } : r)
  const reloads = [p.daemon_reload && 'daemon-reload', p.daemon_reexec && 'daemon-reexec'].filter((v): v is string => !!v)

  const plan = await planUnit(host, ctl, p)
  if (plan.failure) return fail(plan.failure, withWarnings(plan.result))
  if (ctx.checkMode || (reloads.length === 0 && plan.steps.length === 0)) {
    return plan.steps.length ? change(withWarnings(plan.result)) : ok(withWarnings(plan.result))
  }
  return change({
    ...withWarnings(plan.result),
    apply: async () => {
      for (const verb of reloads) {
        const r = await ctl.run([verb])
        if (r.rc !== 0) return applyFailure(`failure ${r.rc} during ${verb}: ${r.stderr}`, withWarnings({ name: unit }))
      }
      // The unit is read again: a reload can change what systemd knows about it.
      const fresh = reloads.length ? await planUnit(host, ctl, p) : plan
      if (fresh.failure) return applyFailure(fresh.failure, withWarnings(fresh.result))
      for (const step of fresh.steps) {
        const r = await ctl.run(step.args)
        if (r.rc !== 0) return applyFailure(step.failure(r.stdout, r.stderr), withWarnings(fresh.result))
      }
      return withWarnings({ ...fresh.result, changed: fresh.steps.length > 0 })
    },
  })
}

const missing = (unit: string) => `Could not find the requested service ${unit}: host`

async function planUnit(host: Host, ctl: Systemctl, p: SystemdParams): Promise<Plan> {
  const unit = p.name
  const result: ModuleResult = { name: unit ?? null, status: {} }
  if (unit === undefined) return { result, steps: [] }
  const state = await inspectUnit(host, ctl, unit)
  result.status = state.status
  if (state.loadError) return { result, steps: [], failure: `Error loading unit file '${unit}': ${state.loadError}` }
  const found = state.isSystemd || state.isInitd
  const steps: Step[] = []
  if (p.masked !== undefined && (await isMasked(ctl, unit)) !== p.masked) {
    const verb = p.masked ? 'mask' : 'unmask'
    steps.push({ args: [verb, unit], failure: (out, err) => (found ? `Unable to ${verb} service ${unit}: ${out}${err}` : missing(unit)) })
  }
  if (p.enabled !== undefined) {
    if (!found) return { result, steps: [], failure: missing(unit) }
    const enabled = await isEnabled(host, ctl, unit, state, p.scope === 'system')
    result.enabled = enabled
    if (enabled !== p.enabled) {
      const verb = p.enabled ? 'enable' : 'disable'
      steps.push({ args: [verb, unit], failure: (out, err) => `Unable to ${verb} service ${unit}: ${out}${err}` })
      result.enabled = p.enabled
    }
  }
  if (p.state !== undefined) {
    if (!found) return { result, steps: [], failure: missing(unit) }
    const stateStep = planActiveState(unit, p.state, state, result)
    if (typeof stateStep === 'string') return { result, steps: [], failure: stateStep }
    if (stateStep) steps.push(stateStep)
  }
  return { result, steps }
}

/** The verb that brings ActiveState where `wanted` says, undefined when it is there, or a failure text. */
function planActiveState(unit: string, wanted: NonNullable<SystemdParams['state']>, state: UnitState, result: ModuleResult): Step | undefined | string {
  result.state = wanted
  const status = state.status
  if (!('ActiveState' in status)) {
    return `Service is in unknown state (systemctl show gave no ActiveState for ${unit})`
  }
  let verb: string | undefined
  if (wanted === 'started') verb = isRunning(status) ? undefined : 'start'
  else if (wanted === 'stopped') verb = isRunning(status) || status.ActiveState === 'deactivating' ? 'stop' : undefined
  else {
    verb = isRunning(status) ? wanted.slice(0, -2) : 'start' // restarted → restart, reloaded → reload
    result.state = 'started'
  }
  if (!verb) return undefined
  const action = verb
  return { args: [action, unit], failure: (_out, err) => `Unable to ${action} service ${unit}: ${err}` }
}
