// The `ssh` transport: one persistent connection per host (ssh2), opened on first use
// and reopened after a drop. Commands run on exec channels; whole-file reads and
// writes go over a long-lived SFTP session (as a become user: `sudo sftp-server`),
// falling back to commands when SFTP is not available. A full stat needs one `stat`
// process for an existing path (SFTP v3 has no inode, device, ctime or sub-second
// times); one for attributes only does not (ssh-stat.ts).
import type { AccountNames, BecomeSpec, Command, Connection, ExecOptions, ExecResult, FileStat, StatOptions, WriteOptions } from './connection.js'
import { becomeIsNoop } from './become.js'
import { isUnreachable } from './errors.js'
import { fileError, readViaExec, statViaExec, writeViaExec, type RawRunner } from './become-files.js'
import { commandArgv } from './local.js'
import type { RawResult } from './process.js'
import { remoteCommand, textStream } from './ssh-exec.js'
import { bufferSource, localFileSource, type ChunkSource } from './chunk-source.js'
import { writeLocalAtomically } from './local-files.js'
import { sftpDownload, sftpReadFile, sftpWriteFile } from './ssh-files.js'
import { sharedJumpPool, type JumpPool } from './ssh-jump.js'
import { FileTypeService } from './ssh-file-types.js'
import { becomeKey, SshSession } from './ssh-session.js'
import { sftpStat, sftpStatAttributes } from './ssh-stat.js'
import { countSsh, execLabel } from './ssh-stats.js'
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
  /** fileType questions so far, by become user. */
  private readonly fileTypeQuestions = new Map<string, number>()
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

  writeFile(path: string, data: string | Buffer, opts: WriteOptions = {}): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
    return this.writeFrom(path, async () => bufferSource(bytes), opts)
  }

  /** Streams a controller file to the target, atomically as writeFile. */
  upload(localPath: string, path: string, opts: WriteOptions = {}): Promise<void> {
    return this.writeFrom(path, () => localFileSource(localPath), opts)
  }

  /** Over SFTP a chunk at a time; the command fallback (no SFTP, or no posix-rename) gets the whole content. */
  private async writeFrom(path: string, open: () => Promise<ChunkSource>, opts: WriteOptions): Promise<void> {
    const become = this.effectiveBecome(opts.become)
    const session = await this.session()
    const sftp = await session.sftp(become)
    const source = await open()
    try {
      if (!sftp || !sftp.extensions.has('posix-rename@openssh.com')) {
        return await writeViaExec(this.runnerAs(become), path, await source.read(0, source.size), opts)
      }
      const ids = await this.resolveOwner(opts)
      await session.guard(sftpWriteFile(sftp, path, source, { mode: opts.mode, ...ids }))
    } finally {
      await source.close()
    }
  }

  /** Streams a target file into a controller file (temp + rename); without SFTP through `cat`, in memory. */
  async download(path: string, localPath: string, opts: { become?: BecomeSpec } = {}): Promise<void> {
    const become = this.effectiveBecome(opts.become)
    const session = await this.session()
    const sftp = await session.sftp(become)
    if (sftp) return session.guard(sftpDownload(sftp, path, localPath))
    await writeLocalAtomically(localPath, await readViaExec(this.runnerAs(become), path))
  }

  /** One SFTP round trip (MKDIR and SETSTAT together); false without SFTP for this user. */
  async mkdir(path: string, opts: { mode?: number; become?: BecomeSpec } = {}): Promise<boolean> {
    const session = await this.session()
    const sftp = await session.sftp(this.effectiveBecome(opts.become))
    if (!sftp) return false
    try {
      await session.guard(sftp.mkdir(path, opts.mode))
    } catch (err) {
      // SFTP v3 has no "exists" status: sftp-server answers a plain failure.
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EIO' && (await sftp.stat(path, false).then(() => true, () => false))) throw fileError(`cannot create directory ${path}: File exists`, 'EEXIST', path)
      throw err
    }
    return true
  }

  /** Over SFTP, plus one `stat` process for an existing path unless only attributes are needed; by commands only without SFTP. */
  async stat(path: string, opts: StatOptions = {}): Promise<FileStat | null> {
    const become = this.effectiveBecome(opts.become)
    const follow = opts.follow ?? false
    const runner = this.runnerAs(become)
    const slowPath = (): Promise<FileStat | null> => statViaExec(runner, path, follow)
    const session = await this.session()
    const sftp = await session.sftp(become)
    if (!sftp) return slowPath()
    if (opts.need === 'attributes') return session.guard(sftpStatAttributes(sftp, path, follow, slowPath))
    return session.guard(sftpStat(sftp, runner, path, follow, slowPath))
  }

  /** One SFTP request (OpenSSH's users-groups-by-id extension); undefined without it. */
  async accountNames(uids: number[], gids: number[], opts: { become?: BecomeSpec } = {}): Promise<AccountNames | undefined> {
    const session = await this.session()
    const sftp = await session.sftp(this.effectiveBecome(opts.become))
    if (!sftp?.extensions.has('users-groups-by-id@openssh.com')) return undefined
    const names = await session.guard(sftp.usersGroupsById(uids, gids))
    const known = (list: string[]) => list.map((name) => name || undefined)
    return { users: known(names.users), groups: known(names.groups) }
  }

  /**
   * From a `file` process kept for this user. Starting one costs what one `file` run
   * costs, so it is kept from the second question of a user on: a host asked once
   * runs `file` in the caller's own command.
   */
  fileType(path: string, opts: { become?: BecomeSpec } = {}): Promise<string | undefined> | undefined {
    if (!FileTypeService.canAsk(path)) return undefined
    const become = this.effectiveBecome(opts.become)
    const key = becomeKey(become)
    const asked = (this.fileTypeQuestions.get(key) ?? 0) + 1
    this.fileTypeQuestions.set(key, asked)
    if (asked < 2) return undefined
    return this.askFileType(path, become)
  }

  private async askFileType(path: string, become: BecomeSpec | undefined): Promise<string | undefined> {
    const session = await this.session()
    const service = await session.fileTypes(become)
    if (!service) return undefined
    // A process that ended meanwhile is not the caller's problem: it runs `file` itself.
    return session.guard(service.ask(path)).catch((err) => (isUnreachable(err) ? Promise.reject(err) : undefined))
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
    countSsh(execLabel(argv))
    const command = remoteCommand(argv, { env: opts.env, cwd: opts.cwd, become, terminal: opts.terminal })
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
