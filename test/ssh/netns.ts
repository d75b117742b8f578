// A jump-host topology on one machine, using only loopback addresses. The targets run
// inside a private network namespace (its own loopback), so nothing in the test's
// namespace can reach them. The jump host listens in the test's namespace; for each
// connection it starts `sshd -i` inside the private namespace, so its direct-tcpip
// forwards reach the targets and only it can. (Connections between loopback
// addresses all come from 127.0.0.1, so sshd's AllowUsers user@addr cannot tell the
// jump host from the test: the namespace is the robust separation.)
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server, type Socket } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SshLab } from './lab.js'
import { processTree, reap, run, signalAll, waitForStderr } from './processes.js'
import { sshdConfig, TestSshd } from './sshd.js'

/** A network namespace kept alive by a sleeping process; it vanishes with that process. */
export class PrivateNetwork {
  private constructor(private readonly holder: ChildProcess) {}

  static async create(): Promise<PrivateNetwork> {
    const holder = spawn('unshare', ['--net', '--', 'sh', '-c', 'ip link set lo up && echo ready >&2 && exec sleep 2147483647'])
    await waitForStderr(holder, /ready/, 'the private network namespace')
    return new PrivateNetwork(holder)
  }

  /** The namespace's path, for nsenter --net=… */
  get path(): string {
    return `/proc/${this.holder.pid}/ns/net`
  }

  async destroy(): Promise<void> {
    this.holder.kill('SIGKILL')
    await reap(this.holder)
  }
}

/**
 * A jump host reachable at address:port from the test, whose sessions run in the
 * private network. It counts the TCP connections it accepted.
 */
export class JumpHost {
  connections = 0
  readonly hostPublicKey: string
  private server?: Server
  private readonly sessions = new Set<ChildProcess>()
  private readonly sockets = new Set<Socket>()
  private readonly configFile: string

  constructor(
    lab: SshLab,
    private readonly network: PrivateNetwork,
    readonly address: string,
    readonly port: number,
  ) {
    // Reuse TestSshd's key generation and config; only the way sshd is started differs.
    const keys = new TestSshd(lab, { address })
    this.hostPublicKey = keys.hostPublicKey
    this.configFile = join(lab.dir, `jump-${address}.conf`)
    writeFileSync(this.configFile, sshdConfig(lab, { address: '127.0.0.1' }, 22, keys.hostKeyFiles))
  }

  async start(): Promise<this> {
    const server = createServer((socket) => this.serve(socket))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, this.address, () => resolve())
    })
    this.server = server
    return this
  }

  /** sshd processes serving connections right now. */
  get activeSessions(): number {
    return this.sessions.size
  }

  knownHostsLine(): string {
    return `${this.port === 22 ? this.address : `[${this.address}]:${this.port}`} ${this.hostPublicKey}`
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
    this.server = undefined
    for (const socket of this.sockets) socket.destroy()
    for (const child of this.sessions) signalAll(processTree(child.pid!), 'SIGTERM')
    await Promise.all([...this.sessions].map((c) => reap(c)))
  }

  private serve(socket: Socket): void {
    this.connections++
    this.sockets.add(socket)
    const sshd = spawn('nsenter', [`--net=${this.network.path}`, '/usr/sbin/sshd', '-i', '-e', '-f', this.configFile])
    this.sessions.add(sshd)
    sshd.stderr!.resume()
    socket.pipe(sshd.stdin!)
    sshd.stdout!.pipe(socket)
    sshd.stdin!.on('error', () => socket.destroy())
    socket.on('error', () => sshd.kill('SIGTERM'))
    socket.on('close', () => {
      this.sockets.delete(socket)
      sshd.stdin!.destroy()
    })
    sshd.on('exit', () => {
      this.sessions.delete(sshd)
      socket.end()
    })
  }
}

/** True when this machine lets us create network namespaces (root, unshare, ip). */
export function canCreateNamespaces(): boolean {
  try {
    run(['unshare', '--net', '--', 'ip', 'link', 'set', 'lo', 'up'])
    return true
  } catch {
    return false
  }
}
