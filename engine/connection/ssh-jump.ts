// Jump hosts (ProxyJump). Each hop is an ordinary ssh2 Client; the next hop's byte
// stream is a direct-tcpip channel of the previous one (client.forwardOut), exactly
// what `ssh -J` does. A jump connection is shared by every host behind it and closed
// when the last of them lets go; one that drops is reopened on the next use.
import type { Duplex } from 'node:stream'
import type { Client as Ssh2Client } from 'ssh2'
import { UnreachableError } from './errors.js'
import { openClient, UNREACHABLE_PREFIX } from './ssh-client.js'
import { clientSettingsFor, endpointOf, type ResolvedSshOptions } from './ssh-settings.js'

export interface JumpLease {
  /** Opens a stream to host:port from the last jump host. */
  tunnel(host: string, port: number): Promise<Duplex>
  /** " (through jump host …)" for messages. */
  route: string
  release(): void
}

interface PoolEntry {
  client: Promise<Ssh2Client>
  users: number
  /** The lease on the hops before this one. */
  parent?: Promise<JumpLease>
}

export class JumpPool {
  private readonly entries = new Map<string, PoolEntry>()

  /** Connects (or reuses) every hop of the chain; the lease keeps it open. */
  async acquire(chain: readonly ResolvedSshOptions[]): Promise<JumpLease> {
    const key = chain.map(endpointOf).join(' > ')
    const entry = this.entries.get(key) ?? this.open(key, chain)
    entry.users++
    let released = false
    const release = (): void => {
      if (released) return
      released = true
      if (--entry.users === 0) this.close(key, entry)
    }
    let client: Ssh2Client
    try {
      client = await entry.client
    } catch (err) {
      release()
      throw err
    }
    const last = chain[chain.length - 1]!
    return {
      route: ` (through jump host ${chain.map((h) => h.host).join(', ')})`,
      tunnel: (host, port) => forward(client, host, port, last),
      release,
    }
  }

  /** Registers the entry at once, so concurrent users of the same chain share one connection. */
  private open(key: string, chain: readonly ResolvedSshOptions[]): PoolEntry {
    const hop = chain[chain.length - 1]!
    const parent = chain.length > 1 ? this.acquire(chain.slice(0, -1)) : undefined
    const client = (async () => {
      const lease = await parent
      return openClient({ ...clientSettingsFor(hop), tunnel: lease?.tunnel, route: lease?.route })
    })()
    const entry: PoolEntry = { users: 0, client, parent }
    this.entries.set(key, entry)
    client.then(
      (c) => c.once('close', () => this.forget(key, entry)),
      () => this.forget(key, entry),
    )
    return entry
  }

  /** A dropped or failed jump connection is not reused; its users see their own channels fail. */
  private forget(key: string, entry: PoolEntry): void {
    if (this.entries.get(key) !== entry) return
    this.entries.delete(key)
    entry.parent?.then((lease) => lease.release(), () => {})
  }

  private close(key: string, entry: PoolEntry): void {
    this.forget(key, entry)
    entry.client.then((c) => c.end(), () => {})
  }
}

/** The pool shared by all connections of a run. */
export const sharedJumpPool = new JumpPool()

function forward(client: Ssh2Client, host: string, port: number, via: ResolvedSshOptions): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    try {
      client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => {
        if (err) reject(tunnelError(host, port, via, err))
        else resolve(stream)
      })
    } catch (err) {
      // ssh2 throws synchronously when the jump connection is already gone.
      reject(tunnelError(host, port, via, err as Error))
    }
  })
}

function tunnelError(host: string, port: number, via: ResolvedSshOptions, err: Error): UnreachableError {
  const reason = err.message.replace(/^\(SSH\) Channel open failure: /, '')
  return new UnreachableError(`${UNREACHABLE_PREFIX}ssh: connect to host ${host} port ${port}: ${reason} (through jump host ${via.host})`, {
    cause: err,
  })
}
