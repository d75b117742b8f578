import { expect } from 'chai'
import { isUnreachable } from '../../engine/connection/errors.js'
import { useSshHosts } from './fixture.js'

/** The error the promise rejects with, and how long that took. */
async function rejection(p: Promise<unknown>): Promise<{ err: Error; ms: number }> {
  const started = Date.now()
  const err = await p.then(() => undefined, (e: Error) => e)
  expect(err, 'expected a rejection').to.be.instanceOf(Error)
  return { err: err!, ms: Date.now() - started }
}

describe('unreachable hosts', function () {
  this.timeout(60000)
  const ssh = useSshHosts(1)
  const host = () => ssh.hosts[0]!
  afterEach(async () => {
    // Each test may stop or freeze the host: bring it back for the next one.
    if (!host().pid) await host().start()
  })

  it('reports a stopped sshd as unreachable, in OpenSSH’s words, at once', async () => {
    await host().stop()
    const { err, ms } = await rejection(ssh.connect(host()).exec(['true']))
    expect(isUnreachable(err)).to.equal(true)
    expect(err.message).to.equal(`Failed to connect to the host via ssh: ssh: connect to host ${host().address} port ${host().port}: Connection refused`)
    expect(ms).to.be.below(2000)
  })

  it('gives up on a server that accepts but never speaks, within the connect timeout', async () => {
    const frozen = host().freeze()
    try {
      const { err, ms } = await rejection(ssh.connect(host(), { connectTimeoutMs: 800 }).exec(['true']))
      expect(isUnreachable(err)).to.equal(true)
      expect(err.message).to.match(/Connection timed out during banner exchange$/)
      expect(ms).to.be.within(700, 3000)
    } finally {
      host().thaw(frozen)
    }
  })

  it('retries a refused connection reconnectionRetries times', async () => {
    await host().stop()
    setTimeout(() => void host().start(), 300)
    const r = await ssh.connect(host(), { reconnectionRetries: 5 }).exec(['echo', 'back'])
    expect(r.stdout).to.equal('back\n')
  })

  it('rejects a command whose host dies under it, and reconnects on the next use', async () => {
    const conn = ssh.connect(host())
    expect((await conn.exec(['true'])).rc).to.equal(0)
    const running = conn.exec(['sleep', '30'])
    setTimeout(() => void host().crash(), 300)
    const { err, ms } = await rejection(running)
    expect(isUnreachable(err)).to.equal(true)
    expect(err.message).to.match(/^Failed to connect to the host via ssh: /)
    expect(ms).to.be.below(3000)
    await host().start()
    expect((await conn.exec(['echo', 'again'])).stdout).to.equal('again\n')
  })

  it('notices a host that stops answering through keepalives', async () => {
    const conn = ssh.connect(host(), { keepaliveIntervalMs: 300, keepaliveCountMax: 2 })
    expect((await conn.exec(['true'])).rc).to.equal(0)
    const running = conn.exec(['sleep', '30'])
    await new Promise((r) => setTimeout(r, 200))
    const frozen = host().freeze()
    try {
      const { err, ms } = await rejection(running)
      expect(err.message).to.equal(`Failed to connect to the host via ssh: Timeout, server ${host().address} not responding.`)
      expect(ms).to.be.below(3000)
      // Calls made while the connection is down fail the same way rather than hang.
      const again = await rejection(conn.readFile('/etc/hostname'))
      expect(isUnreachable(again.err)).to.equal(true)
    } finally {
      host().thaw(frozen)
    }
  })

  it('rejects within the command timeout when the host stops answering and keepalives are off', async () => {
    const conn = ssh.connect(host(), { keepaliveIntervalMs: 0, connectTimeoutMs: 1000 })
    expect((await conn.exec(['true'])).rc).to.equal(0)
    const running = conn.exec(['sleep', '30'], { timeoutMs: 500 })
    await new Promise((r) => setTimeout(r, 200))
    const frozen = host().freeze()
    try {
      const during = await rejection(running)
      expect(isUnreachable(during.err)).to.equal(true)
      expect(during.err.message).to.match(/the host stopped answering while a command was being stopped/)
      expect(during.ms).to.be.below(8000)
      // The dead connection is dropped; the next command tries a new one, which times out.
      const next = await rejection(conn.exec(['true'], { timeoutMs: 500 }))
      expect(next.err.message).to.match(/Connection timed out during banner exchange$/)
      expect(next.ms).to.be.below(3000)
    } finally {
      host().thaw(frozen)
    }
  })

  it('does not wait forever for a channel from a host that stopped answering', async () => {
    const conn = ssh.connect(host(), { keepaliveIntervalMs: 0 })
    expect((await conn.exec(['true'])).rc).to.equal(0)
    const frozen = host().freeze()
    try {
      const { err, ms } = await rejection(conn.exec(['true'], { timeoutMs: 300 }))
      expect(err.message).to.match(/the host did not answer a request to open a channel/)
      expect(ms).to.be.below(8000)
    } finally {
      host().thaw(frozen)
    }
  })
})
