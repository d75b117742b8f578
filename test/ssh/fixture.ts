// Mocha glue for the SSH suites: a lab and test hosts per describe block, and
// connections to them that trust exactly the hosts' keys (host key checking stays on).
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SshConnection } from '../../engine/connection/ssh.js'
import type { SshOptions } from '../../engine/connection/ssh-settings.js'
import { JumpPool } from '../../engine/connection/ssh-jump.js'
import { acquireLab, releaseLab, sshUnavailable, TEST_USER, type SshLab } from './lab.js'
import { allocateAddress, TestSshd, type SshdOptions } from './sshd.js'

export interface SshHosts {
  lab: SshLab
  hosts: TestSshd[]
  /** known_hosts listing every host of this block. */
  knownHosts: string
  /** Connection options for a host: key login as tsplaytest, strict host key checking. */
  optionsFor(host: TestSshd, extra?: Partial<SshOptions>): SshOptions
  connect(host: TestSshd, extra?: Partial<SshOptions>): SshConnection
}

/**
 * Starts `count` sshd hosts before the block's tests and stops them after; connections
 * made through `connect` are closed after each test.
 */
export function useSshHosts(count: number, sshd: Partial<SshdOptions> = {}): SshHosts {
  const opened: SshConnection[] = []
  const ctx = { hosts: [] as TestSshd[] } as SshHosts
  before(async function () {
    this.timeout(60000)
    const reason = sshUnavailable()
    if (reason) this.skip()
    ctx.lab = acquireLab()
    ctx.knownHosts = join(ctx.lab.dir, `known_hosts-${Math.random().toString(36).slice(2)}`)
    writeFileSync(ctx.knownHosts, '')
    for (let i = 0; i < count; i++) {
      const host = await new TestSshd(ctx.lab, { address: allocateAddress(), ...sshd }).start()
      ctx.hosts.push(host)
      appendFileSync(ctx.knownHosts, `${host.knownHostsLine()}\n`)
    }
  })
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()))
  })
  after(async () => {
    await Promise.all(ctx.hosts.splice(0).map((h) => h.stop()))
    if (ctx.lab) releaseLab()
  })
  ctx.optionsFor = (host, extra = {}) => ({
    host: host.address,
    port: host.port,
    user: TEST_USER,
    privateKeyFiles: [ctx.lab.keys.ed25519.file],
    agentSocket: false,
    knownHostsFiles: [ctx.knownHosts],
    globalKnownHostsFiles: [],
    connectTimeoutMs: 5000,
    ...extra,
  })
  ctx.connect = (host, extra = {}) => {
    const conn = new SshConnection(ctx.optionsFor(host, extra), new JumpPool())
    opened.push(conn)
    return conn
  }
  return ctx
}
