// Channels of one SSH connection. OpenSSH allows MaxSessions (10) sessions at once per
// connection: we keep at most `limit` channels open and queue the rest in FIFO order.
// A server configured lower refuses extra channels; we then lower our limit to what
// it accepted and queue instead of failing. sshd also refuses for a moment when a
// channel we saw close is not freed on its side yet (our CLOSE and the next OPEN were
// read together): a refusal below a count the server has already allowed is retried
// shortly, never taken as its limit — that once starved commands behind a kept SFTP channel.
import type { Client as Ssh2Client, ClientChannel } from 'ssh2'
import { abortError } from './process.js'

interface Waiter {
  grant(): void
  reject(err: Error): void
}

export type Refusal = 'lowered' | 'transient'

export class ChannelLimiter {
  /** Slots taken: channels open or being opened. */
  private active = 0
  /** Channels the server confirmed and that have not closed yet. */
  private confirmed = 0
  /** The most channels the server has had open at once: it allows at least that many. */
  private proven = 0
  private readonly queue: Waiter[] = []
  private readonly lowered: ((limit: number) => void)[] = []

  constructor(private limit: number) {}

  get capacity(): number {
    return this.limit
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortError(signal))
    if (this.active < this.limit) return Promise.resolve(this.take())
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.queue.indexOf(waiter)
        if (at >= 0) this.queue.splice(at, 1)
        reject(abortError(signal!))
      }
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort)
          resolve(this.take())
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort)
          reject(err)
        },
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.queue.push(waiter)
    })
  }

  /** The server confirmed a channel; `closed` when it closes. */
  opened(): () => void {
    this.confirmed++
    this.proven = Math.max(this.proven, this.confirmed)
    return () => void this.confirmed--
  }

  /**
   * The server refused a channel while `confirmed` of ours were open. At or above what it
   * has allowed before, that is its real limit; below, it is a moment's refusal to retry.
   * With none confirmed yet (ours are confirmed a round trip after the server's answer, so
   * a refusal can arrive first) the caller retries too, a bounded number of times.
   */
  refused(): Refusal {
    if (this.confirmed < this.proven || this.confirmed === 0) return 'transient'
    if (this.confirmed < this.limit) {
      this.limit = this.confirmed
      for (const listener of this.lowered) listener(this.limit)
    }
    return 'lowered'
  }

  /** Called with the new limit when the server's turns out lower (kept helpers make room). */
  onLowered(listener: (limit: number) => void): void {
    this.lowered.push(listener)
  }

  /** Fails everything still waiting (the connection is gone). */
  failWaiting(err: Error): void {
    for (const waiter of this.queue.splice(0)) waiter.reject(err)
  }

  private take(): () => void {
    this.active++
    let released = false
    return () => {
      if (released) return
      released = true
      this.active--
      this.queue.shift()?.grant()
    }
  }
}

type Opener = (client: Ssh2Client, cb: (err: Error | undefined, channel: ClientChannel) => void) => void

export interface OpenOptions {
  signal?: AbortSignal
  /** How long the server may take to confirm the channel (a host that stopped answering never does). */
  timeoutMs?: number
  /** Request a pseudo-terminal for the command. */
  terminal?: boolean
}

/** The server did not confirm a channel in time. */
export class ChannelOpenTimeout extends Error {
  constructor(ms: number) {
    super(`the host did not answer a request to open a channel within ${ms} ms`)
    this.name = 'ChannelOpenTimeout'
  }
}

/**
 * Opens an exec channel running `line` (through the user's login shell, as sshd does).
 * `use` is called as soon as the channel exists: a short command's output, exit status
 * and close can arrive in the same packet as the confirmation, and events emitted
 * before anyone listens are lost.
 */
export function openExec<T>(client: Ssh2Client, limiter: ChannelLimiter, line: string, use: (channel: ClientChannel) => T, opts: OpenOptions = {}): Promise<T> {
  return openWithSlot(client, limiter, (c, cb) => (opts.terminal ? c.exec(line, { pty: true }, cb) : c.exec(line, cb)), use, opts)
}

export function openSubsystem<T>(client: Ssh2Client, limiter: ChannelLimiter, name: string, use: (channel: ClientChannel) => T): Promise<T> {
  return openWithSlot(client, limiter, (c, cb) => c.subsys(name, cb), use, {})
}

/** Retries of a channel the server refused for a moment (20 ms apart: about a second in all). */
const TRANSIENT_RETRIES = 50
const TRANSIENT_PAUSE_MS = 20

/** The channel holds its slot until it closes. */
async function openWithSlot<T>(client: Ssh2Client, limiter: ChannelLimiter, open: Opener, use: (channel: ClientChannel) => T, opts: OpenOptions): Promise<T> {
  for (let retries = 0; ; ) {
    const release = await limiter.acquire(opts.signal)
    try {
      return await openOne(client, open, release, limiter, use, opts.timeoutMs)
    } catch (err) {
      release()
      if (!isSessionLimit(err)) throw err
      const refusal = limiter.refused()
      if (refusal === 'lowered') continue
      if (refusal === 'transient' && retries++ < TRANSIENT_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, TRANSIENT_PAUSE_MS))
        continue
      }
      throw err
    }
  }
}

function openOne<T>(client: Ssh2Client, open: Opener, release: () => void, limiter: ChannelLimiter, use: (channel: ClientChannel) => T, timeoutMs: number | undefined): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let expired = false
    const timer = timeoutMs
      ? setTimeout(() => {
          expired = true
          reject(new ChannelOpenTimeout(timeoutMs))
        }, timeoutMs)
      : undefined
    open(client, (err, channel) => {
      clearTimeout(timer)
      if (expired) return channel?.close() // confirmed too late: nobody wants it now
      if (err) return reject(err)
      const closed = limiter.opened()
      channel.once('close', () => {
        closed()
        release()
      })
      resolve(use(channel))
    })
  })
}

function isSessionLimit(err: unknown): boolean {
  const reason = (err as { reason?: unknown }).reason
  return reason === 1 /* ADMINISTRATIVELY_PROHIBITED */ || reason === 4 /* RESOURCE_SHORTAGE */ || /open failed/i.test((err as Error).message)
}
