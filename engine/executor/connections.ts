// One connection per target host, opened on first use and reused by every task.
import type { Connection } from '../connection/connection.js'
import { LocalConnection } from '../connection/local.js'
import { UnreachableError } from '../connection/errors.js'
import type { RunContext } from './context.js'

export { UnreachableError, isUnreachable } from '../connection/errors.js'

export interface ConnectionVars {
  /** ansible_connection, already templated. */
  transport: string
  /** ansible_host or the inventory name. */
  address: string
}

export function getConnection(ctx: RunContext, host: string, cv: ConnectionVars): Promise<Connection> {
  const key = `${cv.transport}:${host}`
  let conn = ctx.connections.get(key)
  if (!conn) {
    conn = openConnection(cv)
    ctx.connections.set(key, conn)
    conn.catch(() => ctx.connections.delete(key))
  }
  return conn
}

async function openConnection(cv: ConnectionVars): Promise<Connection> {
  switch (cv.transport) {
    case 'local':
      return new LocalConnection()
    case 'ssh':
    case 'paramiko':
    case 'smart':
      throw new UnreachableError(`Failed to connect to the host via ssh: the ssh transport is not available in this version of tsplay (host ${cv.address}); use ansible_connection=local`)
    default:
      throw new UnreachableError(`the connection plugin '${cv.transport}' was not found`)
  }
}

export async function closeConnections(ctx: RunContext): Promise<void> {
  const all = [...ctx.connections.values()]
  ctx.connections.clear()
  await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close()))
}
