// One live SSH connection: the authenticated client, its channel limit, the jump
// lease it travels through, and its long-lived SFTP sessions (the login user's, and
// `sudo sftp-server` ones for become users). When the connection drops, everything
// waiting on it fails with an UnreachableError saying what happened, and the
// SshConnection opens a new session on its next use.
import type { Client as Ssh2Client, ClientChannel } from 'ssh2'
import type { BecomeSpec } from './connection.js'
import { TsplayError } from '../errors.js'
import { UnreachableError, isUnreachable } from './errors.js'
import type { RawResult } from './process.js'
import { ChannelLimiter, ChannelOpenTimeout, openExec, openSubsystem } from './ssh-channels.js'
import { openClient, SshRefusedError, UNREACHABLE_PREFIX } from './ssh-client.js'
import { ChannelLostError, remoteCommand, runOnChannel, STOP_GRACE_MS, type RemoteCommand, type RemoteIo } from './ssh-exec.js'
import type { JumpLease, JumpPool } from './ssh-jump.js'
import { clientSettingsFor, type ResolvedSshOptions } from './ssh-settings.js'
import { SftpSession } from './ssh-sftp.js'
import { BecomeHandshake } from './become.js'

/** Where sftp-server lives on Debian/Ubuntu, RHEL/Fedora, Arch/Alpine and SUSE. */
const SFTP_SERVER_SCRIPT =
  'for p in /usr/lib/openssh/sftp-server /usr/libexec/openssh/sftp-server /usr/lib/ssh/sftp-server /usr/libexec/sftp-server /usr/lib/sftp-server; ' +
  'do if [ -x "$p" ]; then exec "$p"; fi; done; echo "sftp-server not found" >&2; exit 127'

interface FileChannel {
  sftp: Promise<SftpSession | undefined>
  /** Set once started, to tell idle sessions (which may be closed) from busy ones. */
  started?: SftpSession
  lastUsed: number
}

export class SshSession {
  private lost?: UnreachableError
  private readonly files = new Map<string, FileChannel>()

  private constructor(
    private readonly client: Ssh2Client,
    private readonly options: ResolvedSshOptions,
    private readonly lease: JumpLease | undefined,
    readonly limiter: ChannelLimiter,
  ) {
    client.on('error', (err: Error & { level?: string }) => {
      this.lost ??= this.lostError(err.level === 'client-timeout' ? `Timeout, server ${options.host} not responding.` : err.message)
    })
    client.on('close', () => {
      this.lost ??= this.lostError(`Connection to ${options.host} closed by remote host.`)
      this.limiter.failWaiting(this.lost)
      this.lease?.release()
    })
  }

  /** Connects, with `reconnectionRetries` more attempts (backing off) when the host cannot be reached. */
  static async open(options: ResolvedSshOptions, jumps: JumpPool): Promise<SshSession> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await SshSession.openOnce(options, jumps)
      } catch (err) {
        if (err instanceof SshRefusedError || attempt >= options.reconnectionRetries) throw err
        await new Promise((r) => setTimeout(r, Math.min(2000, 200 * 2 ** attempt)))
      }
    }
  }

  private static async openOnce(options: ResolvedSshOptions, jumps: JumpPool): Promise<SshSession> {
    const lease = options.proxyJump.length ? await jumps.acquire(options.proxyJump) : undefined
    try {
      const client = await openClient({ ...clientSettingsFor(options), tunnel: lease?.tunnel, route: lease?.route })
      return new SshSession(client, options, lease, new ChannelLimiter(options.maxChannels))
    } catch (err) {
      lease?.release()
      throw err
    }
  }

  get alive(): boolean {
    return this.lost === undefined
  }

  async run(command: RemoteCommand, io: RemoteIo): Promise<RawResult> {
    // The watcher is attached inside the open callback; its promise is wrapped so it is not awaited early.
    // With a timeout, a host that no longer answers must not keep us waiting for the channel either.
    const openTimeoutMs = io.timeoutMs ? io.timeoutMs + STOP_GRACE_MS : undefined
    const watched = await this.guard(
      openExec(this.client, this.limiter, command.line, (channel) => ({ done: runOnChannel(channel, command, io) }), { signal: io.signal, timeoutMs: openTimeoutMs }),
    )
    return this.guard(watched.done)
  }

  /**
   * The SFTP session for the login user (no become) or a become user; undefined when
   * none can be had (no sftp-server, sudo refused, or too few channels to keep one open).
   */
  async sftp(become: BecomeSpec | undefined): Promise<SftpSession | undefined> {
    const key = become ? `${become.method}:${become.user}` : ''
    for (;;) {
      const entry = this.files.get(key)
      if (!entry) {
        if (!this.makeRoomForFileChannel()) return undefined
        this.files.set(key, this.startFileChannel(become))
        continue
      }
      const session = await this.guard(entry.sftp)
      if (!session || session.isOpen) {
        entry.lastUsed = Date.now()
        return session
      }
      // Its channel closed: start another (unless a concurrent caller already did).
      if (this.files.get(key) === entry) this.files.delete(key)
    }
  }

  /**
   * Turns failures caused by the connection going away into the UnreachableError that
   * says so. A channel that never opened or never closed means the host stopped
   * answering: the connection is dropped, and the next use opens a new one.
   */
  async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await work
    } catch (err) {
      if (err instanceof ChannelLostError || err instanceof ChannelOpenTimeout) {
        this.lost ??= this.lostError(`${err.message} (${this.options.host})`)
        this.client.destroy()
      }
      // Errors of the command or the file (a code, or a TsplayError) stay what they are.
      const isTransportError = !(err instanceof TsplayError) && (err as NodeJS.ErrnoException).code === undefined
      if (this.lost && isTransportError) throw this.lost
      throw err
    }
  }

  end(): void {
    this.lost ??= this.lostError(`the connection to ${this.options.host} was closed`)
    for (const entry of this.files.values()) entry.sftp.then((s) => s?.end(), () => {})
    this.client.end()
  }

  /** Long-lived file channels may use all but one slot; the least recently used idle one goes. */
  private makeRoomForFileChannel(): boolean {
    const budget = Math.min(3, this.limiter.capacity - 1)
    if (budget < 1) return false
    if (this.files.size < budget) return true
    const idle = [...this.files.entries()].filter(([, f]) => f.started && !f.started.busy).sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0]
    if (!idle) return false
    this.files.delete(idle[0])
    idle[1].sftp.then((s) => s?.end(), () => {})
    return true
  }

  /** A failure other than the connection's means "no SFTP for this user": commands do the work then. */
  private startFileChannel(become: BecomeSpec | undefined): FileChannel {
    const entry: FileChannel = { sftp: this.startSftp(become).catch((err) => (isUnreachable(err) ? Promise.reject(err) : undefined)), lastUsed: 0 }
    entry.sftp.then((s) => (entry.started = s), () => {})
    return entry
  }

  private async startSftp(become: BecomeSpec | undefined): Promise<SftpSession> {
    if (!become) return (await openSubsystem(this.client, this.limiter, 'sftp', (channel) => ({ session: SftpSession.start(channel) }))).session
    const command = remoteCommand(['sh', '-c', SFTP_SERVER_SCRIPT], { become })
    const started = await openExec(this.client, this.limiter, command.line, (channel) => ({ ready: becomeStarted(channel, command).then(() => channel) }))
    return SftpSession.start(await started.ready)
  }

  private lostError(reason: string): UnreachableError {
    return new UnreachableError(`${UNREACHABLE_PREFIX}${reason}`)
  }
}

/** Waits until sudo/su has let the sftp-server start (answering a password prompt if asked). */
async function becomeStarted(channel: ClientChannel, command: RemoteCommand): Promise<void> {
  const plan = command.plan!
  if (plan.password === undefined) {
    channel.stderr.resume()
    return
  }
  await new Promise<void>((resolve, reject) => {
    const stderr: Buffer[] = []
    const handshake = new BecomeHandshake(plan, {
      sendPassword: () => channel.write(`${plan.password}\n`),
      started: () => resolve(),
      rejected: () => channel.end(),
    })
    channel.stderr.on('data', (chunk: Buffer) => {
      // Once sftp-server runs, its stderr is not ours to keep.
      if (!handshake.hasStarted) stderr.push(handshake.feed(chunk))
    })
    channel.once('close', () => reject(new Error(`become failed: ${Buffer.concat([...stderr, handshake.flush()]).toString().trim()}`)))
  })
}
