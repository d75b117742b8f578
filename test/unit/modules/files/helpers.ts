// Shared by the file module tests: a sandbox folder on this machine reached through the
// real local connection (for idempotency and check-mode checks against real files), and
// a runner that validates arguments and applies changes the way the engine does.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { validateModuleParams } from '../../../../engine/load/module-params.js'
import { TaskHost, type Host, type ModuleContext, type ModuleDefinition, type ModuleOutcome, type ModuleResult } from '../../../../engine/module.js'
import { fakeContext } from '../fake-host.js'

export class Sandbox {
  private constructor(
    readonly dir: string,
    readonly host: Host,
  ) {}

  static async create(): Promise<Sandbox> {
    const dir = await mkdtemp(join(tmpdir(), 'tsplay-files-'))
    return new Sandbox(dir, new TaskHost('localhost', new LocalConnection(), {}))
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  async cleanup(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}

export interface Run {
  outcome: ModuleOutcome
  /** The task result as the engine builds it (apply run unless check mode). */
  result: ModuleResult
}

/** Validate `args` against the module's schema (defaults, aliases), run it, apply its change. */
export async function runModule(def: ModuleDefinition, host: Host, args: Record<string, unknown>, ctx: Partial<ModuleContext> = {}): Promise<Run> {
  const context = fakeContext(ctx)
  const params = validateModuleParams(def, args)
  const outcome = await def.run(host, params, context)
  return { outcome, result: await toResult(outcome, context) }
}

async function toResult(outcome: ModuleOutcome, ctx: ModuleContext): Promise<ModuleResult> {
  if (outcome.kind === 'ok') return { changed: false, ...outcome.result }
  if (outcome.kind === 'fail') return { changed: false, ...outcome.result, failed: true }
  if (outcome.kind === 'skip') return { changed: false, skipped: true, ...outcome.result }
  const result: ModuleResult = { ...outcome.result, changed: true }
  if (outcome.diff && ctx.diffMode) result.diff = outcome.diff
  if (!ctx.checkMode && outcome.apply) Object.assign(result, (await outcome.apply()) ?? {})
  return result
}

/** Runs twice: the second run must find nothing to do. */
export async function runTwice(def: ModuleDefinition, host: Host, args: Record<string, unknown>, ctx: Partial<ModuleContext> = {}): Promise<[Run, Run]> {
  const first = await runModule(def, host, args, ctx)
  const second = await runModule(def, host, args, ctx)
  return [first, second]
}
