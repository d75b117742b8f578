// One idempotency scenario: a module with parameters, run the way the engine runs it
// (validated, skipped in check mode when it cannot predict, applied outside check mode)
// three times — check mode, apply, apply again — with a snapshot of everything the
// module may change taken before and after each run.
import { validateModuleParams } from '../../../../engine/load/module-params.js'
import type { Host, ModuleContext, ModuleDefinition, ModuleOutcome, ModuleResult } from '../../../../engine/module.js'
import { fakeContext } from '../fake-host.js'

/**
 * What the three runs must show:
 * - converges: check mode predicts a change (or skips) and changes nothing, the apply changes,
 *   the second apply reports changed=false and changes nothing.
 * - no-change: the module only reads; no run reports a change or changes anything.
 * - always-changes: by definition never converges (tempfile, raw, as in Ansible); check mode still
 *   changes nothing.
 * - fails: the module exists to fail (fail); no run changes anything.
 */
export type Expectation = 'converges' | 'no-change' | 'always-changes' | 'fails'

export interface Scenario {
  module: string
  /** How the scenario runs and, where it is not for real, why not. Part of the test title. */
  how: string
  params: Record<string, unknown>
  expect: Expectation
  /** Host the module talks to. */
  host: () => Host
  /** What the module may change, as comparable text. */
  snapshot: () => Promise<string>
  /** Prepares what the module needs (folders, files, users), once before the first run. */
  setup?: () => Promise<void>
  context?: Partial<ModuleContext>
}

export interface Trace {
  check: ModuleResult
  first: ModuleResult
  second: ModuleResult
  before: string
  afterCheck: string
  afterFirst: string
  afterSecond: string
}

/** The task result the engine would build from one run (engine/executor/module-call.ts). */
export async function runLikeTheEngine(def: ModuleDefinition, host: Host, args: Record<string, unknown>, ctx: ModuleContext): Promise<ModuleResult> {
  const params = validateModuleParams(def, args)
  if (ctx.checkMode && def.supportsCheckMode === false) return { changed: false, skipped: true, msg: `remote module (${def.name}) does not support check mode` }
  const outcome: ModuleOutcome = await def.run(host, params, ctx)
  if (outcome.kind === 'ok') return { changed: false, ...outcome.result }
  if (outcome.kind === 'skip') return { changed: false, skipped: true, ...outcome.result }
  if (outcome.kind === 'fail') return { changed: false, ...outcome.result, failed: true }
  const result: ModuleResult = { ...outcome.result, changed: true }
  if (!ctx.checkMode && outcome.apply) Object.assign(result, (await outcome.apply()) ?? {})
  return result
}

export async function traceScenario(def: ModuleDefinition, scenario: Scenario): Promise<Trace> {
  await scenario.setup?.()
  const host = scenario.host()
  const run = (checkMode: boolean) => runLikeTheEngine(def, host, scenario.params, fakeContext({ ...scenario.context, checkMode }))
  const before = await scenario.snapshot()
  const check = await run(true)
  const afterCheck = await scenario.snapshot()
  const first = await run(false)
  const afterFirst = await scenario.snapshot()
  const second = await run(false)
  const afterSecond = await scenario.snapshot()
  return { check, first, second, before, afterCheck, afterFirst, afterSecond }
}

/** The rules of `expect` that the trace breaks, in words; empty when it keeps them all. */
export function idempotencyProblems(trace: Trace, expect: Expectation): string[] {
  const problems: string[] = []
  const rule = (holds: boolean, text: string) => {
    if (!holds) problems.push(text)
  }
  const { check, first, second } = trace
  rule(trace.afterCheck === trace.before, 'check mode changed the system')
  if (expect === 'fails') {
    rule([check, first, second].every((r) => r.failed === true && r.changed === false), 'every run fails without a change')
    rule(trace.afterSecond === trace.before, 'the failing runs changed the system')
    return problems
  }
  rule(![check, first, second].some((r) => r.failed === true), `no run fails (${[check, first, second].map((r) => r.msg).filter(Boolean).join(' / ')})`)
  if (expect === 'no-change') {
    rule([check, first, second].every((r) => r.changed === false), 'no run reports a change')
    rule(trace.afterSecond === trace.before, 'the runs changed the system')
    return problems
  }
  rule(check.changed === true || check.skipped === true, 'check mode predicts the change (or skips)')
  rule(first.changed === true, 'the first apply reports a change')
  if (expect === 'always-changes') {
    rule(second.changed === true, 'the second apply reports a change too')
    return problems
  }
  rule(trace.afterFirst !== trace.before, 'the first apply changed the system')
  rule(second.changed === false, 'the second apply reports changed=false')
  rule(trace.afterSecond === trace.afterFirst, 'the second apply left the system as it was')
  return problems
}
