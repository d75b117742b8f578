import { expect } from 'chai'
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isUnreachable } from '../../engine/connection/errors.js'
import { SshConnection } from '../../engine/connection/ssh.js'
import { JumpPool } from '../../engine/connection/ssh-jump.js'
import { sshOptionsFor } from '../../engine/connection/ssh-options.js'
import type { SshOptions } from '../../engine/connection/ssh-settings.js'
import { acquireLab, releaseLab, sshUnavailable, TEST_USER, type SshLab } from './lab.js'
import { canCreateNamespaces, JumpHost, PrivateNetwork } from './netns.js'
import { allocateAddress, pickPort, TestSshd } from './sshd.js'

describe('jump hosts (ProxyJump)', function () {
  this.timeout(60000)
  let lab: SshLab
  let network: PrivateNetwork
  let jump: JumpHost
  let targets: TestSshd[] = []
  let innerJump: TestSshd
  let knownHosts: string
  const opened: SshConnection[] = []

  before(async function () {
    if (sshUnavailable()) this.skip()
    if (!canCreateNamespaces()) {
      if (process.env.CI === 'true' || process.env.CI === '1') throw new Error('the jump host suite needs network namespaces (unshare --net)')
      this.skip()
    }
    lab = acquireLab()
    network = await PrivateNetwork.create()
    const jumpAddress = allocateAddress()
    jump = await new JumpHost(lab, network, jumpAddress, await pickPort(jumpAddress)).start()
    for (let i = 0; i < 2; i++) targets.push(await new TestSshd(lab, { address: allocateAddress(), netns: network.path }).start())
    innerJump = await new TestSshd(lab, { address: allocateAddress(), netns: network.path }).start()
    knownHosts = join(lab.dir, 'jump_known_hosts')
    writeFileSync(knownHosts, [jump.knownHostsLine(), ...[...targets, innerJump].map((t) => t.knownHostsLine())].join('\n') + '\n')
  })
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()))
  })
  after(async () => {
    await Promise.all([...targets, innerJump].filter(Boolean).map((t) => t.stop()))
    targets = []
    await jump?.stop()
    await network?.destroy()
    if (lab) releaseLab()
  })

  const hop = (host: string, port: number): SshOptions => ({
    host,
    port,
    user: TEST_USER,
    privateKeyFiles: [lab.keys.ed25519.file],
    agentSocket: false,
    knownHostsFiles: [knownHosts],
    globalKnownHostsFiles: [],
    connectTimeoutMs: 5000,
  })
  const connect = (target: TestSshd, chain: SshOptions[], pool = new JumpPool()): SshConnection => {
    const conn = new SshConnection({ ...hop(target.address, target.port), proxyJump: chain }, pool)
    opened.push(conn)
    return conn
  }

  it('cannot reach the targets directly', async () => {
    const direct = new SshConnection(hop(targets[0]!.address, 22))
    opened.push(direct)
    const err = await direct.exec(['true']).then(() => undefined, (e: Error) => e)
    expect(isUnreachable(err)).to.equal(true)
    expect(err?.message).to.match(/Connection refused$/)
  })

  it('reaches a target through the jump host', async () => {
    const r = await connect(targets[0]!, [hop(jump.address, jump.port)]).exec({ script: 'id -un; echo "$SSH_CONNECTION"' })
    expect(r.stdout.split('\n')[0]).to.equal(TEST_USER)
    expect(r.stdout).to.include(` ${targets[0]!.address} 22`)
  })

  it('shares one jump connection between the hosts behind it, and closes it after the last', async () => {
    const pool = new JumpPool()
    const before = jump.connections
    const conns = targets.map((t) => connect(t, [hop(jump.address, jump.port)], pool))
    const results = await Promise.all(conns.flatMap((c) => [c.exec(['hostname']), c.readFile('/etc/hostname')]))
    expect(results).to.have.length(4)
    expect(jump.connections - before).to.equal(1)
    await Promise.all(conns.map((c) => c.close()))
    for (let i = 0; i < 50 && jump.activeSessions > 0; i++) await new Promise((r) => setTimeout(r, 50))
    expect(jump.activeSessions).to.equal(0)
  })

  it('follows a chain of jump hosts', async () => {
    const chain = [hop(jump.address, jump.port), hop(innerJump.address, innerJump.port)]
    const r = await connect(targets[1]!, chain).exec(['sh', '-c', 'echo "$SSH_CONNECTION"'])
    expect(r.stdout).to.include(` ${targets[1]!.address} 22`)
  })

  it('says which host could not be reached, and through which jump host', async () => {
    const behind = new SshConnection({ ...hop(allocateAddress(), 22), proxyJump: [hop(jump.address, jump.port)] }, new JumpPool())
    opened.push(behind)
    const err = await behind.exec(['true']).then(() => undefined, (e: Error) => e)
    expect(isUnreachable(err)).to.equal(true)
    expect(err?.message).to.match(/^Failed to connect to the host via ssh: ssh: connect to host 127\.0\.0\.\d+ port 22: .*Connection refused.* \(through jump host 127\.0\.0\.\d+\)$/)

    const deadJump = new SshConnection({ ...hop(targets[0]!.address, 22), proxyJump: [hop(allocateAddress(), 22)] }, new JumpPool())
    opened.push(deadJump)
    const jumpErr = await deadJump.exec(['true']).then(() => undefined, (e: Error) => e)
    expect(jumpErr?.message).to.match(/ssh: connect to host 127\.0\.0\.\d+ port 22: Connection refused$/)
  })

  it('is configured from inventory variables and an ssh config file', async () => {
    const config = join(lab.dir, 'ssh_config_jump')
    writeFileSync(config, [`Host *`, `  User ${TEST_USER}`, `  IdentityFile ${lab.keys.rsa.file}`, `  UserKnownHostsFile ${knownHosts}`, '  IdentityAgent none', ''].join('\n'))
    appendFileSync(config, `Host ${jump.address}\n  Port ${jump.port}\n`)
    const options = sshOptionsFor(
      { inventory_hostname: 'undercloud', ansible_host: targets[0]!.address, ansible_ssh_common_args: `-F ${config} -o ProxyJump=${jump.address}` },
      { remoteUser: undefined, remotePort: undefined, privateKeyFile: undefined, timeout: 5, hostKeyChecking: true, sshArgs: '', sshCommonArgs: '', sshExtraArgs: '', reconnectionRetries: 0 },
    )
    const conn = new SshConnection(options, new JumpPool())
    opened.push(conn)
    expect(conn.target).to.equal('undercloud')
    expect((await conn.exec(['id', '-un'])).stdout).to.equal(`${TEST_USER}\n`)
  })
})
