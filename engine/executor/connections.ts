// One connection per target host, opened on first use and reused by every task.
import type { Connection } from '../connection/connection.js'
import { LocalConnection } from '../connection/local.js'
import { SshConnection } from '../connection/ssh.js'
import { sshOptionsFor, type SshOptions } from '../connection/ssh-options.js'
import { UnreachableError } from '../connection/errors.js'
import type { RunContext } from './context.js'

export { UnreachableError, isUnreachable } from '../connection/errors.js'

export interface ConnectionVars {
  /** ansible_connection, already templated. */
  transport: string
  /** ansible_host or the inventory name. */
  address: string
  /** The target's variables (ansible_host, ansible_user, ansible_ssh_common_args …), read lazily. */
  vars: Record<string, unknown>
}

export function getConnection(ctx: RunContext, host: string, cv: ConnectionVars): Promise<Connection> {
  const key = `${cv.transport}:${host}`
  let conn = ctx.connections.get(key)
  if (!conn) {
    conn = openConnection(ctx, cv)
    ctx.connections.set(key, conn)
    conn.catch(() => ctx.connections.delete(key))
  }
  return conn
}

async function openConnection(ctx: RunContext, cv: ConnectionVars): Promise<Connection> {
  switch (cv.transport) {
    case 'local':
      return new LocalConnection()
    case 'ssh':
    case 'paramiko':
    case 'smart':
      // Opened lazily: the first exec/read connects, so an unreachable host fails its task.
      return new SshConnection(withAskedSecrets(sshOptionsFor(cv.vars, ctx.sshSettings), ctx))
    default:
      throw new UnreachableError(`the connection plugin '${cv.transport}' was not found`)
  }
}

/**
 * What the user typed: the -k password where no ansible_password (or friend) is set, as
 * in Ansible, and the prompt for encrypted keys' passphrases — for the jump hosts too.
 */
function withAskedSecrets(options: SshOptions, ctx: RunContext): SshOptions {
  const asked = ctx.options.connectionPassword
  return {
    ...options,
    password: options.password ?? asked,
    askPassphrase: options.askPassphrase ?? ctx.askPassphrase,
    proxyJump: options.proxyJump?.map((jump) => withAskedSecrets(jump, ctx)),
  }
}

export async function closeConnections(ctx: RunContext): Promise<void> {
  const all = [...ctx.connections.values()]
  ctx.connections.clear()
  await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close()))
}
