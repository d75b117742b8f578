// Long-lived helpers that each hold a channel of a connection: SFTP sessions (the login
// user's, and `sudo sftp-server` ones for become users) and `file` processes. They may
// use all but one of the connection's channel slots (at most three); when another is
// needed, the least recently used idle one is ended. A helper that cannot be started
// (no sftp-server, sudo refused, no `file`) is remembered as missing, so callers fall
// back to commands instead of trying again on every call.
import { isUnreachable } from './errors.js'
import type { ChannelLimiter } from './ssh-channels.js'

export interface ChannelService {
  /** False once its channel closed: the next caller starts another. */
  readonly isOpen: boolean
  /** Requests in flight: a busy helper is never ended to make room. */
  readonly busy: boolean
  end(): void
}

interface Entry {
  ready: Promise<ChannelService | undefined>
  /** Set once started, to tell idle helpers (which may be ended) from busy ones. */
  started?: ChannelService
  lastUsed: number
}

const MAX_SERVICES = 3

export class ServiceChannels {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly limiter: ChannelLimiter) {
    // A server that allows fewer channels than we thought: idle helpers over the new budget go,
    // so that commands always keep a slot.
    limiter.onLowered(() => {
      while (this.entries.size > this.budget() && this.endIdle()) {
        // ended one; look again
      }
    })
  }

  private budget(): number {
    return Math.min(MAX_SERVICES, this.limiter.capacity - 1)
  }

  /**
   * The helper filed under `key`, started by `start` when there is none or its channel
   * closed; undefined when it cannot be had. `guard` maps connection failures. A helper
   * that is only a speed-up (`evicts: false`) does not end another to make room.
   */
  async get<T extends ChannelService>(
    key: string,
    start: () => Promise<T>,
    guard: <U>(work: Promise<U>) => Promise<U>,
    opts: { evicts?: boolean } = {},
  ): Promise<T | undefined> {
    for (;;) {
      const entry = this.entries.get(key)
      if (!entry) {
        if (!this.makeRoom(opts.evicts ?? true)) return undefined
        this.entries.set(key, this.startEntry(start))
        continue
      }
      const service = (await guard(entry.ready)) as T | undefined
      if (!service || service.isOpen) {
        entry.lastUsed = Date.now()
        return service
      }
      // Its channel closed: start another (unless a concurrent caller already did).
      if (this.entries.get(key) === entry) this.entries.delete(key)
    }
  }

  endAll(): void {
    for (const entry of this.entries.values()) entry.ready.then((s) => s?.end(), () => {})
  }

  private makeRoom(evicts: boolean): boolean {
    const budget = this.budget()
    if (budget < 1) return false
    if (this.entries.size < budget) return true
    return evicts && this.endIdle()
  }

  /** Ends the least recently used idle helper; false when every one is busy. */
  private endIdle(): boolean {
    const idle = [...this.entries.entries()].filter(([, e]) => e.started && !e.started.busy).sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0]
    if (!idle) return false
    this.entries.delete(idle[0])
    idle[1].ready.then((s) => s?.end(), () => {})
    return true
  }

  /** A failure other than the connection's means "not available here": commands do the work then. */
  private startEntry(start: () => Promise<ChannelService>): Entry {
    const entry: Entry = { ready: start().catch((err) => (isUnreachable(err) ? Promise.reject(err) : undefined)), lastUsed: 0 }
    entry.ready.then((s) => (entry.started = s), () => {})
    return entry
  }
}
