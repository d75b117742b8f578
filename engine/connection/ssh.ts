// The `ssh` transport: one persistent connection per host (ssh2), opened on first use
// and reopened after a drop. Commands run on exec channels; whole-file reads and
// writes go over a long-lived SFTP session (as a become user: `sudo sftp-server`),
// falling back to commands when SFTP is not available. stat needs one `stat` process
// for an existing path: SFTP v3 has no inode, device, link count, ctime or sub-second times.
import type { BecomeSpec, Command, Connection, ExecOptions, ExecResult, FileStat, WriteOptions } from './connection.js'
import { becomeIsNoop } from './become.js'
import { readViaExec, statViaExec, writeViaExec, type RawRunner } from './become-files.js'
import { commandArgv } from './local.js'
import type { RawResult } from './process.js'
import { remoteCommand, textStream } from './ssh-exec.js'
import { sftpReadFile, sftpStat, sftpWriteFile } from './ssh-files.js'
import { sharedJumpPool, type JumpPool } from './ssh-jump.js'
import { SshSession } from './ssh-session.js'
import { resolveSshOptions, type ResolvedSshOptions, type SshOptions } from './ssh-settings.js'

interface RawRunOptions extends Omit<ExecOptions, 'onStdout'> {
  onStdout?: (chunk: Buffer) => void
}

export class SshConnection implements Connection {
  readonly transport = 'ssh' as const
  readonly target: string
  readonly options: ResolvedSshOptions
  private current?: Promise<SshSession>
  private closed = false
  /** uid/gid of user and group names on the target (only hits are kept: a play may add users). */
  private readonly ids = new Map<string, number>()

  constructor(options: SshOptions, private readonly jumps: JumpPool = sharedJumpPool) {
    this.options = resolveSshOptions(options)
    this.target = this.options.name
  }

  async exec(cmd: Command, opts: ExecOptions = {}): Promise<ExecResult> {
    const raw = await this.runRaw(commandArgv(cmd), { ...opts, onStdout: textStream(opts.onStdout) })
    const result: ExecResult = { rc: raw.rc, stdout: raw.stdout.toString('utf8'), stderr: raw.stderr.toString('utf8') }
    if (raw.signal) result.signal = raw.signal
    if (raw.timedOut) result.timedOut = true
    return result
  }

  async readFile(path: string, opts: { become?: BecomeSpec } = {}): Promise<Buffer> {
    const become = this.effectiveBecome(opts.become)
    const session = await this.session()
    const sftp = await session.sftp(become)
    return sftp ? session.guard(sftpReadFile(sftp, path)) : readViaExec(this.runnerAs(become), path)
  }

  async writeFile(path: string, data: string | Buffer, opts: WriteOptions = {}): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    const become = this.effectiveBecome(opts.become)
    const session = await this.session()
    const sftp = await session.sftp(become)
    if (!sftp || !sftp.extensions.has('posix-rename@openssh.com')) return writeViaExec(this.runnerAs(become), path, bytes, opts)
    const ids = await this.resolveOwner(opts)
    return session.guard(sftpWriteFile(sftp, path, bytes, { mode: opts.mode, ...ids }))
  }

  /** Over SFTP plus one `stat` process when the path exists (see sftpStat); by commands only without SFTP. */
  async stat(path: string, opts: { follow?: boolean; become?: BecomeSpec } = {}): Promise<FileStat | null> {
    const become = this.effectiveBecome(opts.become)
    const follow = opts.follow ?? false
    const runner = this.runnerAs(become)
    const slowPath = (): Promise<FileStat | null> => statViaExec(runner, path, follow)
    const session = await this.session()
    const sftp = await session.sftp(become)
    return sftp ? session.guard(sftpStat(sftp, runner, path, follow, slowPath)) : slowPath()
  }

  async close(): Promise<void> {
    this.closed = true
    const current = this.current
    this.current = undefined
    ;(await current?.catch(() => undefined))?.end()
  }

  /** The live session, connecting (again) when there is none or the last one dropped. */
  private async session(): Promise<SshSession> {
    if (this.closed) throw new Error(`the connection to ${this.target} is closed`)
    const previous = this.current
    // Callers waiting on the same attempt share its failure too.
    const existing = previous ? await previous : undefined
    if (existing?.alive) return existing
    // The first caller to find no live session opens one; the others join it.
    if (this.current === previous) this.current = SshSession.open(this.options, this.jumps)
    const opening = this.current!
    try {
      const session = await opening
      if (this.closed) {
        session.end()
        throw new Error(`the connection to ${this.target} is closed`)
      }
      return session
    } catch (err) {
      // A failed attempt is not kept: the next task tries again.
      if (this.current === opening) this.current = undefined
      throw err
    }
  }

  private async runRaw(argv: string[], opts: RawRunOptions): Promise<RawResult> {
    const become = this.effectiveBecome(opts.become)
    const command = remoteCommand(argv, { env: opts.env, cwd: opts.cwd, become })
    const session = await this.session()
    return session.run(command, { stdin: opts.stdin, timeoutMs: opts.timeoutMs, signal: opts.signal, onStdout: opts.onStdout })
  }

  private runnerAs(become: BecomeSpec | undefined): RawRunner {
    return (argv, stdin) => this.runRaw(argv, { become, stdin })
  }

  /** Become only when it changes the user: the login user needs no sudo to be itself. */
  private effectiveBecome(spec: BecomeSpec | undefined): BecomeSpec | undefined {
    return spec && !becomeIsNoop(spec, { name: this.options.user, uid: -1 }) ? spec : undefined
  }

  private async resolveOwner(opts: WriteOptions): Promise<{ uid?: number; gid?: number }> {
    const [uid, gid] = await Promise.all([
      opts.owner === undefined ? undefined : this.accountId('passwd', opts.owner),
      opts.group === undefined ? undefined : this.accountId('group', opts.group),
    ])
    return { uid, gid }
  }

  /** A numeric id as given, or the target's id for a user or group name. */
  private async accountId(database: 'passwd' | 'group', name: string | number): Promise<number> {
    if (typeof name === 'number') return name
    if (/^\d+$/.test(name)) return Number(name)
    const key = `${database}:${name}`
    const known = this.ids.get(key)
    if (known !== undefined) return known
    const r = await this.runRaw(['getent', database, name], {})
    const id = r.rc === 0 ? Number(r.stdout.toString().split(':')[2]) : NaN
    if (!Number.isInteger(id)) {
      const err = new Error(`${database === 'passwd' ? 'user' : 'group'} '${name}' does not exist on ${this.target}`) as NodeJS.ErrnoException
      err.code = 'EINVAL'
      throw err
    }
    this.ids.set(key, id)
    return id
  }
}

export type { SshOptions } from './ssh-settings.js'
