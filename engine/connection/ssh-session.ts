// One live SSH connection: the authenticated client, its channel limit, the jump
// lease it travels through, and its long-lived helpers (ssh-services.ts): SFTP
// sessions and `file` processes, for the login user and become users. When the
// connection drops, everything waiting on it fails with an UnreachableError saying
// what happened, and the SshConnection opens a new session on its next use.
import type { Client as Ssh2Client, ClientChannel } from 'ssh2'
import type { BecomeSpec } from './connection.js'
import { TsplayError } from '../errors.js'
import { UnreachableError } from './errors.js'
import type { RawResult } from './process.js'
import { ChannelLimiter, ChannelOpenTimeout, openExec, openSubsystem } from './ssh-channels.js'
import { openClient, SshRefusedError, UNREACHABLE_PREFIX } from './ssh-client.js'
import { ChannelLostError, remoteCommand, runOnChannel, STOP_GRACE_MS, type RemoteCommand, type RemoteIo } from './ssh-exec.js'
import type { JumpLease, JumpPool } from './ssh-jump.js'
import { clientSettingsFor, type ResolvedSshOptions } from './ssh-settings.js'
import { FILE_TYPES_ARGV, FileTypeService } from './ssh-file-types.js'
import { ServiceChannels } from './ssh-services.js'
import { SftpSession } from './ssh-sftp.js'
import { BecomeHandshake } from './become.js'
import { countSsh } from './ssh-stats.js'

/** Where sftp-server lives on Debian/Ubuntu, RHEL/Fedora, Arch/Alpine and SUSE. */
const SFTP_SERVER_SCRIPT =
  'for p in /usr/lib/openssh/sftp-server /usr/libexec/openssh/sftp-server /usr/lib/ssh/sftp-server /usr/libexec/sftp-server /usr/lib/sftp-server; ' +
  'do if [ -x "$p" ]; then exec "$p"; fi; done; echo "sftp-server not found" >&2; exit 127'

export class SshSession {
  private lost?: UnreachableError
  private readonly services: ServiceChannels

  private constructor(
    private readonly client: Ssh2Client,
    private readonly options: ResolvedSshOptions,
    private readonly lease: JumpLease | undefined,
    readonly limiter: ChannelLimiter,
  ) {
    this.services = new ServiceChannels(limiter)
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
      countSsh('connect')
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
      openExec(this.client, this.limiter, command.line, (channel) => ({ done: runOnChannel(channel, command, io) }), { signal: io.signal, timeoutMs: openTimeoutMs, terminal: command.terminal }),
    )
    return this.guard(watched.done)
  }

  /**
   * The SFTP session for the login user (no become) or a become user; undefined when
   * none can be had (no sftp-server, sudo refused, or too few channels to keep one open).
   */
  async sftp(become: BecomeSpec | undefined): Promise<SftpSession | undefined> {
    return this.services.get(`sftp:${becomeKey(become)}`, () => this.startSftp(become), (work) => this.guard(work))
  }

  /** The `file` process answering for the login user or a become user; undefined when none can be had. */
  async fileTypes(become: BecomeSpec | undefined): Promise<FileTypeService | undefined> {
    return this.services.get(`file:${becomeKey(become)}`, () => this.startFileTypes(become), (work) => this.guard(work), { evicts: false })
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
    this.services.endAll()
    this.client.end()
  }

  private async startSftp(become: BecomeSpec | undefined): Promise<SftpSession> {
    countSsh('start sftp-server')
    if (!become) return (await openSubsystem(this.client, this.limiter, 'sftp', (channel) => ({ session: SftpSession.start(channel) }))).session
    const command = remoteCommand(['sh', '-c', SFTP_SERVER_SCRIPT], { become })
    const started = await openExec(this.client, this.limiter, command.line, (channel) => ({ ready: becomeStarted(channel, command).then(() => channel) }))
    return SftpSession.start(await started.ready)
  }

  private async startFileTypes(become: BecomeSpec | undefined): Promise<FileTypeService> {
    countSsh('start file')
    const command = remoteCommand(FILE_TYPES_ARGV, { become })
    const started = await openExec(this.client, this.limiter, command.line, (channel) => ({
      ready: command.plan ? becomeStarted(channel, command).then(() => channel) : Promise.resolve(channel),
    }))
    return FileTypeService.start(await started.ready)
  }

  private lostError(reason: string): UnreachableError {
    return new UnreachableError(`${UNREACHABLE_PREFIX}${reason}`)
  }
}

/** Which user a kept helper or question is for: '' for the login user. */
export function becomeKey(become: BecomeSpec | undefined): string {
  return become ? `${become.method}:${become.user}` : ''
}

/** Waits until sudo/su has let the helper start (answering a password prompt if asked). */
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
      // Read stdout to its end too: the channel only reports its close once both streams ended.
      rejected: () => channel.end().resume(),
    })
    channel.stderr.on('data', (chunk: Buffer) => {
      // Once the helper runs, its stderr is not ours to keep.
      if (!handshake.hasStarted) stderr.push(handshake.feed(chunk))
    })
    channel.once('close', () => reject(new Error(`become failed: ${Buffer.concat([...stderr, handshake.flush()]).toString().trim()}`)))
  })
}
