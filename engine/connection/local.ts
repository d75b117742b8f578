// The `local` transport: this machine, through child processes and the fs module.
// Commands are argv arrays passed to spawn directly; only `{script}` goes through a
// shell. Become wraps the argv (become.ts); file work as another user runs commands.
import { statSync } from 'node:fs'
import { promises as fsPromises } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { StringDecoder } from 'node:string_decoder'
import { TsplayError } from '../errors.js'
import type { BecomeSpec, Command, Connection, ExecOptions, ExecResult, FileStat, StatOptions, WriteOptions } from './connection.js'
import { BecomeHandshake, becomeIsNoop, incorrectBecomePassword, planBecome, type BecomePlan, type CurrentUser } from './become.js'
import { readViaExec, statViaExec, writeViaExec, type RawRunner } from './become-files.js'
import { localRead, localStat, localWrite, writeLocalAtomically } from './local-files.js'
import { SpawnError, startProcess, type RawResult, type RunningProcess } from './process.js'

/** Options of one raw run: everything of ExecOptions, but byte output. */
interface RawRunOptions extends Omit<ExecOptions, 'onStdout'> {
  onStdout?: (chunk: Buffer) => void
}

export class LocalConnection implements Connection {
  readonly transport = 'local' as const
  private readonly running = new Set<() => void>()
  private readonly currentUser: CurrentUser

  constructor(readonly target: string = 'localhost') {
    const me = userInfo()
    this.currentUser = { name: me.username, uid: me.uid }
  }

  async exec(cmd: Command, opts: ExecOptions = {}): Promise<ExecResult> {
    const decoder = new StringDecoder('utf8')
    const onStdout = opts.onStdout
    const raw = await this.runRaw(commandArgv(cmd), {
      ...opts,
      onStdout: onStdout ? (chunk) => { const text = decoder.write(chunk); if (text) onStdout(text) } : undefined,
    })
    const result: ExecResult = { rc: raw.rc, stdout: raw.stdout.toString('utf8'), stderr: raw.stderr.toString('utf8') }
    if (raw.signal) result.signal = raw.signal
    if (raw.timedOut) result.timedOut = true
    return result
  }

  readFile(path: string, opts: { become?: BecomeSpec } = {}): Promise<Buffer> {
    const become = this.effectiveBecome(opts.become)
    return become ? readViaExec(this.runnerAs(become), path) : localRead(path)
  }

  stat(path: string, opts: StatOptions = {}): Promise<FileStat | null> {
    const become = this.effectiveBecome(opts.become)
    return become ? statViaExec(this.runnerAs(become), path, opts.follow ?? false) : localStat(path, opts.follow ?? false)
  }

  writeFile(path: string, data: string | Buffer, opts: WriteOptions = {}): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    const become = this.effectiveBecome(opts.become)
    return become ? writeViaExec(this.runnerAs(become), path, bytes, opts) : localWrite(path, bytes, opts)
  }

  /** fs.mkdir, then chmod to the exact mode (mkdir's is masked by the umask); false with become (the caller runs mkdir). */
  async mkdir(path: string, opts: { mode?: number; become?: BecomeSpec } = {}): Promise<boolean> {
    if (this.effectiveBecome(opts.become)) return false
    await fsPromises.mkdir(path)
    if (opts.mode !== undefined) await fsPromises.chmod(path, opts.mode)
    return true
  }

  /** Copies a file of this machine a chunk at a time (with become: read into memory for the command fallback). */
  async upload(localPath: string, path: string, opts: WriteOptions = {}): Promise<void> {
    const become = this.effectiveBecome(opts.become)
    if (become) return writeViaExec(this.runnerAs(become), path, await readFile(localPath), opts)
    return localWrite(path, { localPath }, opts)
  }

  async download(path: string, localPath: string, opts: { become?: BecomeSpec } = {}): Promise<void> {
    const become = this.effectiveBecome(opts.become)
    if (become) return writeLocalAtomically(localPath, await readViaExec(this.runnerAs(become), path))
    return writeLocalAtomically(localPath, { localPath: path })
  }


  /** Ends the processes still running (their exec calls settle as killed). */
  async close(): Promise<void> {
    for (const terminate of this.running) terminate()
  }

  /** Become only when it changes the user; running as that user already needs no sudo. */
  private effectiveBecome(spec: BecomeSpec | undefined): BecomeSpec | undefined {
    return spec && !becomeIsNoop(spec, this.currentUser) ? spec : undefined
  }

  private runnerAs(become: BecomeSpec): RawRunner {
    return (argv, stdin) => this.runRaw(argv, { become, stdin })
  }

  private async runRaw(argv: string[], opts: RawRunOptions): Promise<RawResult> {
    const become = this.effectiveBecome(opts.become)
    const plan = become ? planBecome(argv, become, { env: opts.env, cwd: opts.cwd }) : undefined
    if (plan?.password !== undefined && !plan.prompt) {
      throw new TsplayError(`become_method ${become!.method} with a password needs a terminal, which the local connection does not have`, {
        hint: 'use become_method: sudo, or run tsplay as the become user',
      })
    }
    try {
      return await this.spawnWithBecome(plan?.argv ?? argv, plan, opts)
    } catch (err) {
      if (err instanceof SpawnError) return notStartedResult(err, plan?.argv ?? argv, opts.cwd)
      throw err
    }
  }

  private async spawnWithBecome(argv: string[], plan: BecomePlan | undefined, opts: RawRunOptions): Promise<RawResult> {
    let proc: RunningProcess | undefined
    let rejected = false
    // With a password, stdin waits until sudo has asked for it and the command has started.
    const handshake =
      plan?.password !== undefined
        ? new BecomeHandshake(plan, {
            sendPassword: () => proc?.stdin.write(`${plan.password}\n`),
            started: () => proc?.stdin.end(opts.stdin ?? ''),
            rejected: () => {
              rejected = true
              proc?.stdin.end()
            },
          })
        : undefined
    const stderrKept: Buffer[] = []
    proc = startProcess({
      argv,
      // A become-wrapped command gets the task's variables inside it (sudo resets the environment).
      env: plan ? process.env : { ...process.env, ...opts.env },
      cwd: plan?.cwdInside ? undefined : opts.cwd,
      stdin: opts.stdin,
      holdStdin: handshake !== undefined,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      onStdout: opts.onStdout,
      onStderr: handshake ? (chunk) => stderrKept.push(handshake.feed(chunk)) : undefined,
    })
    this.running.add(proc.terminate)
    try {
      const result = await proc.done
      if (rejected) throw incorrectBecomePassword(opts.become?.method)
      if (handshake) result.stderr = Buffer.concat([...stderrKept, handshake.flush()])
      return result
    } finally {
      this.running.delete(proc.terminate)
    }
  }
}

export function commandArgv(cmd: Command): string[] {
  return Array.isArray(cmd) ? cmd : [cmd.shell ?? '/bin/sh', '-c', cmd.script]
}

/**
 * A program that cannot be started gives rc 127 (126 when not executable) and a
 * shell-like message, as the same command over ssh would; a missing working
 * folder is an error of its own.
 */
function notStartedResult(err: SpawnError, argv: string[], cwd: string | undefined): RawResult {
  if (err.code === 'ENOENT' && cwd && !isDirectory(cwd)) {
    throw new TsplayError(`cannot change directory to ${cwd}: no such directory`, { cause: err })
  }
  const program = argv[0] ?? ''
  if (err.code === 'ENOENT') return { rc: 127, stdout: Buffer.alloc(0), stderr: Buffer.from(`${program}: not found\n`) }
  if (err.code === 'EACCES') return { rc: 126, stdout: Buffer.alloc(0), stderr: Buffer.from(`${program}: Permission denied\n`) }
  throw new TsplayError(`cannot start ${program}: ${err.message}`, { cause: err })
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
