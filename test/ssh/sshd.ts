// One real sshd per test host, on its own loopback address (127.0.0.2, 127.0.0.3, …),
// port 22 when free there. Each has its own host key and config in the lab folder and
// is started and stopped by pid. Nothing here ever listens on or contacts a
// non-loopback address.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SshLab } from './lab.js'
import { TEST_USER } from './lab.js'
import { processTree, reap, run, signalAll, waitForStderr } from './processes.js'

export interface SshdOptions {
  address: string
  /** Default: 22 when free on the address, else a free port. */
  port?: number
  maxSessions?: number
  passwordAuth?: boolean
  /** Run inside this network namespace (a path like /proc/PID/ns/net). */
  netns?: string
  /** Host key types, the first being `hostPublicKey`; default ed25519 only. */
  hostKeyTypes?: ('ed25519' | 'ecdsa' | 'rsa')[]
  /** Extra sshd_config lines (they override the defaults). */
  extraConfig?: string[]
}

let nextAddress = 2

/** A loopback address no other host of this test process uses. */
export function allocateAddress(): string {
  if (nextAddress > 254) throw new Error('out of loopback test addresses')
  return `127.0.0.${nextAddress++}`
}

export class TestSshd {
  readonly address: string
  port = 0
  /** Each host key as "type base64", as it appears in known_hosts, by key type. */
  readonly hostPublicKeys: Record<string, string> = {}
  readonly hostKeyFiles: string[] = []
  readonly configFile: string
  private child?: ChildProcess
  private log = ''

  constructor(private readonly lab: SshLab, private readonly opts: SshdOptions) {
    this.address = opts.address
    const name = `sshd-${opts.address}`
    for (const type of opts.hostKeyTypes ?? ['ed25519']) {
      const file = join(lab.dir, `${name}_host_${type}`)
      run(['ssh-keygen', '-q', '-t', type, '-N', '', '-C', name, '-f', file])
      this.hostKeyFiles.push(file)
      this.hostPublicKeys[type] = readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ')
    }
    this.configFile = join(lab.dir, `${name}.conf`)
  }

  /** The first host key, "type base64". */
  get hostPublicKey(): string {
    return Object.values(this.hostPublicKeys)[0]!
  }

  get pid(): number {
    return this.child?.pid ?? 0
  }

  /** The sshd's log so far (for failure messages). */
  get output(): string {
    return this.log
  }

  async start(): Promise<this> {
    if (!this.port) this.port = this.opts.port ?? (this.opts.netns ? 22 : await pickPort(this.opts.address))
    writeFileSync(this.configFile, sshdConfig(this.lab, this.opts, this.port, this.hostKeyFiles))
    const argv = ['/usr/sbin/sshd', '-D', '-e', '-f', this.configFile]
    const child = this.opts.netns ? spawn('nsenter', [`--net=${this.opts.netns}`, ...argv]) : spawn(argv[0]!, argv.slice(1))
    child.stdout!.resume()
    child.stderr!.on('data', (chunk: Buffer) => (this.log += chunk.toString()))
    this.child = child
    await waitForStderr(child, /Server listening on/, `sshd on ${this.address}:${this.port}`)
    return this
  }

  /** Stops the daemon and every session it forked. */
  async stop(): Promise<void> {
    const child = this.child
    if (!child) return
    this.child = undefined
    const pids = processTree(child.pid!)
    signalAll(pids, 'SIGTERM')
    // A frozen host would keep the TERM pending forever.
    signalAll(pids, 'SIGCONT')
    await reap(child)
  }

  /** The host dies: the daemon and its sessions are killed at once (connections get reset). */
  async crash(): Promise<void> {
    const child = this.child
    if (!child) return
    this.child = undefined
    signalAll(processTree(child.pid!), 'SIGKILL') // KILL works on stopped processes too
    await reap(child)
  }

  /** The host hangs: every sshd process stops answering, the TCP connections stay open. */
  freeze(): number[] {
    const pids = processTree(this.child!.pid!)
    signalAll(pids, 'SIGSTOP')
    return pids
  }

  thaw(pids: number[]): void {
    signalAll(pids, 'SIGCONT')
  }

  /** A known_hosts line for this host (with [addr]:port when not on 22). */
  knownHostsLine(key = this.hostPublicKey): string {
    const name = this.port === 22 ? this.address : `[${this.address}]:${this.port}`
    return `${name} ${key}`
  }
}

export function sshdConfig(lab: SshLab, opts: SshdOptions, port: number, hostKeyFiles: string[]): string {
  return [
    // sshd keeps the first value it reads for a keyword: extra lines go first to override.
    ...(opts.extraConfig ?? []),
    `ListenAddress ${opts.address}:${port}`,
    ...hostKeyFiles.map((f) => `HostKey ${f}`),
    'PidFile none',
    'UsePAM no',
    `PasswordAuthentication ${opts.passwordAuth ? 'yes' : 'no'}`,
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    `AuthorizedKeysFile ${lab.authorizedKeysFile}`,
    // The lab folder lives under /tmp, which StrictModes would reject.
    'StrictModes no',
    'PermitRootLogin no',
    `AllowUsers ${TEST_USER}`,
    `MaxSessions ${opts.maxSessions ?? 10}`,
    'MaxStartups 100:30:200',
    'UseDNS no',
    'PrintMotd no',
    'X11Forwarding no',
    'AllowTcpForwarding yes',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    'LogLevel INFO',
    '',
  ].join('\n')
}

/** Port 22 on the address when nothing listens there, else any free port. */
export async function pickPort(address: string): Promise<number> {
  for (const candidate of [22, 0]) {
    const port = await tryListen(address, candidate)
    if (port !== undefined) return port
  }
  throw new Error(`no free port on ${address}`)
}

function tryListen(address: string, port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(undefined))
    server.listen(port, address, () => {
      const bound = (server.address() as { port: number }).port
      server.close(() => resolve(bound))
    })
  })
}
