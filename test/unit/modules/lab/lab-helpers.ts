// Shared by the lab module tests: a runner that validates arguments and applies the
// change the way the engine does, a mirror tree (temporary folder used as `root`)
// reached through the real local connection, and the CI rule for missing tools.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { validateModuleParams } from '../../../../engine/load/module-params.js'
import { TaskHost, type Host, type ModuleContext, type ModuleDefinition, type ModuleOutcome, type ModuleResult } from '../../../../engine/module.js'
import { fakeContext } from '../fake-host.js'

export interface Run {
  outcome: ModuleOutcome
  /** The task result as the engine builds it (apply run unless check mode, diff in diff mode). */
  result: ModuleResult
}

/** Validate `args` against the module's schema, run it, apply its change unless in check mode. */
export async function runLab(def: ModuleDefinition, host: Host, args: Record<string, unknown>, ctx: Partial<ModuleContext> = {}): Promise<Run> {
  const context = fakeContext({ diffMode: true, ...ctx })
  const params = validateModuleParams(def, args)
  const outcome = await def.run(host, params, context)
  let result: ModuleResult
  if (outcome.kind === 'change') {
    result = { ...outcome.result, changed: true }
    if (outcome.diff && context.diffMode) result.diff = outcome.diff
    if (!context.checkMode && outcome.apply) Object.assign(result, (await outcome.apply()) ?? {})
  } else if (outcome.kind === 'fail') result = { changed: false, ...outcome.result, failed: true }
  else result = { changed: false, ...outcome.result }
  return { outcome, result }
}

/** A temporary folder standing in for '/', with files under it. */
export class MirrorTree {
  private constructor(
    readonly root: string,
    readonly host: Host,
  ) {}

  static async create(files: Record<string, string> = {}): Promise<MirrorTree> {
    const root = await mkdtemp(join(tmpdir(), 'tsplay-lab-'))
    const tree = new MirrorTree(root, new TaskHost('localhost', new LocalConnection(), {}))
    for (const [path, content] of Object.entries(files)) await tree.put(path, content)
    return tree
  }

  path(absolute: string): string {
    return join(this.root, absolute)
  }

  async put(absolute: string, content: string): Promise<void> {
    await mkdir(dirname(this.path(absolute)), { recursive: true })
    await writeFile(this.path(absolute), content)
  }

  async folder(absolute: string): Promise<void> {
    await mkdir(this.path(absolute), { recursive: true })
  }

  read(absolute: string): Promise<string> {
    return readFile(this.path(absolute), 'utf8')
  }

  async cleanup(): Promise<void> {
    await rm(this.root, { recursive: true, force: true })
  }
}

/**
 * A system tool a test needs is missing: under CI=true that fails the suite (the CI
 * machine must have it); elsewhere the test is skipped with the reason.
 */
export function requireTool(ctx: Mocha.Context, what: string): never {
  if (process.env.CI === 'true') throw new Error(`${what} (CI=true: install it, e.g. with apt-get)`)
  ctx.skip()
}

/** A Host that passes everything to another and records the commands it ran. */
export class RecordingHost implements Host {
  readonly commands: string[] = []
  constructor(private readonly inner: Host) {}
  get name(): string {
    return this.inner.name
  }
  get facts(): Record<string, unknown> {
    return this.inner.facts
  }
  exec(...args: Parameters<Host['exec']>): ReturnType<Host['exec']> {
    const [cmd] = args
    this.commands.push(Array.isArray(cmd) ? cmd.join(' ') : cmd.script)
    return this.inner.exec(...args)
  }
  read(path: string): Promise<string> {
    return this.inner.read(path)
  }
  readBytes(path: string): Promise<Buffer> {
    return this.inner.readBytes(path)
  }
  write(...args: Parameters<Host['write']>): Promise<void> {
    return this.inner.write(...args)
  }
  stat(...args: Parameters<Host['stat']>): ReturnType<Host['stat']> {
    return this.inner.stat(...args)
  }
}
