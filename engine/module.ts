// The module contract (DESIGN.md): a module reads the target and returns what it
// found; if something must change it returns the change as a closure. The engine
// calls `apply` only outside check mode, so check mode cannot mutate.
import type { SourcePos } from './errors.js'
import type { AccountNames, BecomeSpec, Command, Connection, ExecOptions, ExecResult, FileStat, StatOptions, WriteOptions } from './connection/connection.js'

export type JsonSchema = Record<string, unknown>
export type ModuleResult = Record<string, unknown>

/** Ansible's diff shape: before/after text with optional headers. */
export interface Diff {
  before?: string
  after?: string
  before_header?: string
  after_header?: string
  prepared?: string
}

export type ModuleOutcome =
  | { kind: 'ok'; result: ModuleResult }
  | { kind: 'change'; result: ModuleResult; diff?: Diff | Diff[]; apply?: () => Promise<ModuleResult | void> }
  | { kind: 'skip'; result: ModuleResult }
  | { kind: 'fail'; result: ModuleResult }

/** Nothing to change. `result` holds what was found (Ansible's return keys). */
export function ok(result: ModuleResult = {}): ModuleOutcome {
  return { kind: 'ok', result }
}

/** Something must change; `apply` does it (skipped in check mode). */
export function change(spec: { diff?: Diff | Diff[]; apply?: () => Promise<ModuleResult | void> } & ModuleResult): ModuleOutcome {
  const { diff, apply, ...result } = spec
  return { kind: 'change', result, diff: diff as Diff | Diff[] | undefined, apply: apply as (() => Promise<ModuleResult | void>) | undefined }
}

export function skip(msg: string, result: ModuleResult = {}): ModuleOutcome {
  return { kind: 'skip', result: { msg, ...result } }
}

export function fail(msg: string, result: ModuleResult = {}): ModuleOutcome {
  return { kind: 'fail', result: { msg, ...result } }
}

/** What a module may do to its target. The only way modules touch a host. */
export interface Host {
  /** inventory_hostname */
  readonly name: string
  exec(cmd: Command, opts?: HostExecOptions): Promise<ExecResult>
  /** A text file (utf-8). Rejects with code ENOENT when missing. */
  read(path: string): Promise<string>
  readBytes(path: string): Promise<Buffer>
  /** Atomic write (temp + rename in the same folder). */
  write(path: string, data: string | Buffer, opts?: WriteOptions): Promise<void>
  /**
   * A controller file to the target, a chunk at a time (never whole in memory), atomically
   * as write. Optional so that stand-in hosts of tests may leave it out: callers read the file and write then.
   */
  upload?(localPath: string, path: string, opts?: WriteOptions): Promise<void>
  /** A target file to a controller file, a chunk at a time, atomically on the controller. Optional as upload. */
  download?(path: string, localPath: string): Promise<void>
  /** One folder (parent must exist), exactly `mode` when given, without a process where the transport can; false: run mkdir yourself. */
  mkdir?(path: string, opts?: { mode?: number }): Promise<boolean>
  /** null when missing. `need: 'attributes'` may leave inode, dev, ctime and sub-second times out (see StatOptions). */
  stat(path: string, opts?: HostStatOptions): Promise<FileStat | null>
  /** Names of user and group ids (getpwuid/getgrgid on the target) when the transport can tell cheaply; else undefined. */
  accountNames?(uids: number[], gids: number[]): Promise<AccountNames | undefined>
  /** `file --mime-type --mime-encoding -- PATH`'s line from a `file` process the transport keeps; undefined when it keeps none for this call (see Connection). */
  fileType?(path: string): Promise<string | undefined> | undefined
  /** Facts gathered for this host (empty when gather_facts is off). */
  readonly facts: Record<string, unknown>
}

export type HostStatOptions = Omit<StatOptions, 'become'>

export interface HostExecOptions extends Omit<ExecOptions, 'become'> {
  /** Override the task's become for this one command (false = run as the login user). */
  become?: BecomeSpec | false
}

/** What the engine tells a module about the task it runs in. */
export interface ModuleContext {
  checkMode: boolean
  diffMode: boolean
  verbosity: number
  taskName: string
  pos?: SourcePos
  /** Folder of the playbook being run. */
  playbookDir: string
  /** Controller-side folders searched for relative `src` files, most specific first. */
  searchPaths: string[]
  /** Find a controller-side file in `kind` ('files' | 'templates' | 'vars' | 'tasks') subfolders of the search path. */
  findFile(name: string, kind?: string): string | undefined
  /** Render a Jinja2 template string with the task's variables (template module). */
  render(template: string, extraVars?: Record<string, unknown>): string
  /** Evaluate a bare expression (`var:` of debug) as `{{ expr }}` is templated. */
  evaluate(expr: string): unknown
  /** Evaluate a conditional the way `when:` does. */
  condition(expr: unknown): boolean
  /** All variables of this host for this task (lazy; read by name). */
  vars: Record<string, unknown>
  /** Print a progress line for long-running work (shown as "alive" output). */
  progress(line: string): void
  /** Abort signal of the run (Ctrl-C). */
  signal?: AbortSignal
  /**
   * A controller file as Ansible's loader reads it: decrypted when ansible-vault encrypted
   * it (copy with decrypt, template). Absent in stand-in contexts: callers read the file.
   */
  readControllerFile?(path: string): Promise<Buffer>
  /** async_status: the state of an async job of this run (its result once finished); cleanup forgets it. */
  asyncStatus?(jid: string, mode: 'status' | 'cleanup'): Record<string, unknown>
}

export interface ModuleDefinition<P = any> {
  name: string
  description: string
  /** JSON schema of the parameters (ajv, with defaults). Also the module's documentation. */
  params: JsonSchema
  /** One or more example tasks in YAML; the conformance test parses them. */
  examples: string[]
  /** Parameter that free-form `module: text` maps to (e.g. command → `_raw_params`). */
  freeForm?: string
  /** Runs on the controller and never needs a connection (debug, set_fact, assert …). */
  controllerOnly?: boolean
  /** Runs once per task for the whole batch, on its first host (Ansible's BYPASS_HOST_LOOP: add_host, pause). */
  bypassHostLoop?: boolean
  /** Aliases of parameter names, like Ansible's (e.g. `path: ['dest', 'name']`). */
  aliases?: Record<string, string[]>
  /** Parameters whose values must never be shown (like Ansible's no_log on options). */
  secretParams?: string[]
  /** False for modules that cannot predict their effect: check mode skips them. */
  supportsCheckMode?: boolean
  run(host: Host, params: P, ctx: ModuleContext): Promise<ModuleOutcome>
}

export function defineModule<P = any>(def: ModuleDefinition<P>): ModuleDefinition<P> {
  return { supportsCheckMode: true, ...def }
}

/** The Host a task's module sees: a connection plus the task's become and environment. */
export class TaskHost implements Host {
  /** Present only when the connection can answer (callers fall back to commands otherwise). */
  readonly accountNames?: (uids: number[], gids: number[]) => Promise<AccountNames | undefined>
  readonly fileType?: (path: string) => Promise<string | undefined> | undefined

  constructor(
    readonly name: string,
    private readonly connection: Connection,
    private readonly defaults: { become?: BecomeSpec; env?: Record<string, string>; signal?: AbortSignal },
    readonly facts: Record<string, unknown> = {},
  ) {
    const become = defaults.become
    if (connection.accountNames) this.accountNames = (uids, gids) => connection.accountNames!(uids, gids, { become })
    if (connection.fileType) this.fileType = (path) => connection.fileType!(path, { become })
  }

  exec(cmd: Command, opts: HostExecOptions = {}): Promise<ExecResult> {
    const become = opts.become === false ? undefined : (opts.become ?? this.defaults.become)
    const env = this.defaults.env || opts.env ? { ...this.defaults.env, ...opts.env } : undefined
    return this.connection.exec(cmd, { signal: this.defaults.signal, ...opts, env, become })
  }

  async read(path: string): Promise<string> {
    return (await this.readBytes(path)).toString('utf8')
  }

  readBytes(path: string): Promise<Buffer> {
    return this.connection.readFile(path, { become: this.defaults.become })
  }

  write(path: string, data: string | Buffer, opts: WriteOptions = {}): Promise<void> {
    return this.connection.writeFile(path, data, { become: this.defaults.become, ...opts })
  }

  stat(path: string, opts: HostStatOptions = {}): Promise<FileStat | null> {
    return this.connection.stat(path, { ...opts, become: this.defaults.become })
  }

  upload(localPath: string, path: string, opts: WriteOptions = {}): Promise<void> {
    return this.connection.upload(localPath, path, { become: this.defaults.become, ...opts })
  }

  async mkdir(path: string, opts: { mode?: number } = {}): Promise<boolean> {
    return this.connection.mkdir ? this.connection.mkdir(path, { ...opts, become: this.defaults.become }) : false
  }

  download(path: string, localPath: string): Promise<void> {
    return this.connection.download(path, localPath, { become: this.defaults.become })
  }
}
