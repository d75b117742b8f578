// Opening one authenticated ssh2 Client: the TCP socket is ours (TCP_NODELAY: without
// it every command paid ~44 ms of Nagle/delayed-ACK on loopback), or a stream through
// a jump host. One deadline covers connect, key exchange and login. Every failure
// becomes an UnreachableError worded like OpenSSH's, so the engine reports UNREACHABLE.
import { connect as tcpConnect, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import ssh2 from 'ssh2'
import type { Client as Ssh2Client, ServerHostKeyAlgorithm } from 'ssh2'
import { UnreachableError } from './errors.js'
import { planAuth, type AuthSettings } from './ssh-auth.js'
import { coalesceWrites } from './ssh-socket-writes.js'
import { HostKeyCheck, type HostKeyPolicy, type HostKeyRefusal } from './ssh-host-keys.js'

export interface ClientSettings {
  host: string
  port: number
  auth: AuthSettings
  hostKeys: HostKeyPolicy
  connectTimeoutMs: number
  keepaliveIntervalMs: number
  keepaliveCountMax: number
  /** Opens the byte stream to host:port through a jump host instead of TCP. */
  tunnel?: (host: string, port: number) => Promise<Duplex>
  /** Words for messages, e.g. " (through jump host 10.0.0.1)". */
  route?: string
}

/** A prefix Ansible users know from the ssh connection plugin. */
export const UNREACHABLE_PREFIX = 'Failed to connect to the host via ssh: '

/** The server answered but refused us (host key or login): trying again cannot help. */
export class SshRefusedError extends UnreachableError {
  constructor(message: string, opts: ConstructorParameters<typeof UnreachableError>[1] = {}) {
    super(message, opts)
    this.name = 'SshRefusedError'
  }
}

export async function openClient(settings: ClientSettings): Promise<Ssh2Client> {
  const [check, auth] = await Promise.all([
    HostKeyCheck.prepare(settings.hostKeys, settings.host, settings.port),
    planAuth(settings.auth),
  ])
  // From here: the time a user took to type a key's passphrase does not count.
  const deadline = Date.now() + settings.connectTimeoutMs
  const sock = settings.tunnel ? await withDeadline(settings.tunnel(settings.host, settings.port), deadline, settings) : await openSocket(settings, deadline)
  const client = new ssh2.Client()
  let refusal: HostKeyRefusal | undefined
  const ready = whenReady(client)
  // accept-new: the key is recorded once the key exchange proved the server holds it.
  // A known_hosts that cannot be written does not stop the connection (ssh only warns).
  let recorded: Promise<void> = Promise.resolve()
  client.once('handshake', () => (recorded = check.commit().catch(() => {})))
  client.connect({
    sock,
    username: settings.auth.user,
    authHandler: auth.handler,
    hostVerifier: (key: Buffer) => {
      refusal = check.verify(key)
      return refusal === undefined
    },
    algorithms: check.preferredAlgorithms ? { serverHostKey: check.preferredAlgorithms as ServerHostKeyAlgorithm[] } : undefined,
    readyTimeout: Math.max(1, deadline - Date.now()),
    keepaliveInterval: settings.keepaliveIntervalMs,
    keepaliveCountMax: settings.keepaliveCountMax,
  })
  try {
    await ready
  } catch (err) {
    sock.destroy()
    client.end()
    if (refusal) throw new SshRefusedError(UNREACHABLE_PREFIX + refusal.message, { hint: refusal.hint, cause: err })
    const level = (err as { level?: string }).level
    if (level === 'client-authentication') throw new SshRefusedError(UNREACHABLE_PREFIX + auth.refusal(settings.host), { cause: err })
    if (level === 'client-timeout') throw unreachable(settings, 'Connection timed out during banner exchange', err)
    throw unreachable(settings, (err as Error).message, err)
  }
  await recorded
  return client
}

/** Settles when the login succeeded or failed. */
function whenReady(client: Ssh2Client): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve())
    // `on`, not `once`: a failing handshake can emit several errors, and an unheard one would crash the process.
    client.on('error', (err) => reject(err))
    // A server that drops the connection before login emits only 'close'.
    client.once('close', () => reject(new Error('Connection closed by remote host')))
  })
}

async function openSocket(settings: ClientSettings, deadline: number): Promise<Socket> {
  const sock = tcpConnect({ host: settings.host, port: settings.port })
  sock.setNoDelay(true)
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), Math.max(1, deadline - Date.now()))
      sock.once('connect', () => {
        clearTimeout(timer)
        resolve()
      })
      sock.once('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
    })
  } catch (err) {
    sock.destroy()
    throw unreachable(settings, socketErrorText(err as NodeJS.ErrnoException, settings.host), err)
  }
  return coalesceWrites(sock)
}

/** The stream through a jump host, unless the deadline passes first. */
async function withDeadline(stream: Promise<Duplex>, deadline: number, settings: ClientSettings): Promise<Duplex> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unreachable(settings, 'Connection timed out', undefined)), Math.max(1, deadline - Date.now()))
  })
  try {
    return await Promise.race([stream, expired])
  } catch (err) {
    // A stream that arrives after the deadline is not wanted any more.
    stream.then((late) => late.destroy(), () => {})
    throw err
  } finally {
    clearTimeout(timer)
  }
}

function unreachable(settings: ClientSettings, reason: string, cause: unknown): UnreachableError {
  return new UnreachableError(`${UNREACHABLE_PREFIX}ssh: connect to host ${settings.host} port ${settings.port}: ${reason}${settings.route ?? ''}`, { cause })
}

/** The strerror-like words OpenSSH prints for a failed connect. */
export function socketErrorText(err: NodeJS.ErrnoException, host: string): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'Connection refused'
    case 'ETIMEDOUT':
      return 'Connection timed out'
    case 'EHOSTUNREACH':
      return 'No route to host'
    case 'ENETUNREACH':
      return 'Network is unreachable'
    case 'ECONNRESET':
      return 'Connection reset by peer'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Could not resolve hostname ${host}: Name or service not known`
    default:
      return err.message
  }
}
