import { expect } from 'chai'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { isUnreachable } from '../../engine/connection/errors.js'
import { useSshHosts } from './fixture.js'
import { TEST_USER } from './lab.js'
import { reap } from './processes.js'

describe('ssh authentication', function () {
  this.timeout(30000)
  const ssh = useSshHosts(1, { passwordAuth: true })
  const host = () => ssh.hosts[0]!
  const whoami = async (extra: Parameters<typeof ssh.connect>[1]) => (await ssh.connect(host(), extra).exec(['id', '-un'])).stdout
  const refusal = async (extra: Parameters<typeof ssh.connect>[1]): Promise<string> => {
    const err = await ssh.connect(host(), extra).exec(['true']).then(() => undefined, (e: Error) => e)
    expect(err, 'expected the login to be refused').to.be.instanceOf(Error)
    expect(isUnreachable(err)).to.equal(true)
    return err!.message
  }

  it('logs in with an ed25519 or RSA key in OpenSSH format', async () => {
    expect(await whoami({ privateKeyFiles: [ssh.lab.keys.ed25519.file] })).to.equal(`${TEST_USER}\n`)
    expect(await whoami({ privateKeyFiles: [ssh.lab.keys.rsa.file] })).to.equal(`${TEST_USER}\n`)
  })

  it('decrypts a key with its passphrase, and says why it cannot without', async () => {
    const key = ssh.lab.keys.encrypted
    expect(await whoami({ privateKeyFiles: [key.file], passphrase: key.passphrase })).to.equal(`${TEST_USER}\n`)
    expect(await refusal({ privateKeyFiles: [key.file] })).to.equal(
      `Failed to connect to the host via ssh: ${TEST_USER}@${host().address}: Permission denied (publickey,password). (identity file ${key.file} is encrypted and no passphrase was given)`,
    )
    expect(await refusal({ privateKeyFiles: [key.file], passphrase: 'wrong' })).to.include(`wrong passphrase for identity file ${key.file}`)
  })

  it('tries the next key when one is missing or refused', async () => {
    const missing = join(ssh.lab.dir, 'no-such-key')
    expect(await whoami({ privateKeyFiles: [missing, ssh.lab.keys.ed25519.file] })).to.equal(`${TEST_USER}\n`)
    expect(await refusal({ privateKeyFiles: [missing] })).to.include(`cannot read identity file ${missing}: ENOENT`)
  })

  it('logs in with a password, and refuses a wrong one like OpenSSH', async () => {
    expect(await whoami({ privateKeyFiles: [], password: ssh.lab.password })).to.equal(`${TEST_USER}\n`)
    expect(await refusal({ privateKeyFiles: [], password: 'wrong' })).to.equal(
      `Failed to connect to the host via ssh: ${TEST_USER}@${host().address}: Permission denied (publickey,password).`,
    )
  })

  describe('with an ssh-agent', () => {
    let agent: ChildProcess | undefined
    let socket: string
    before(async function () {
      socket = join(ssh.lab.dir, 'agent.sock')
      agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' })
      for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20))
      const add = spawnSync('ssh-add', [ssh.lab.keys.rsa.file], { env: { ...process.env, SSH_AUTH_SOCK: socket }, encoding: 'utf8' })
      if (add.status !== 0) throw new Error(`ssh-add failed: ${add.stderr}`)
    })
    after(async () => {
      if (agent) {
        agent.kill('SIGTERM')
        await reap(agent)
      }
    })

    it('logs in with a key held by the agent', async () => {
      expect(await whoami({ privateKeyFiles: [join(ssh.lab.dir, 'no-such-key')], agentSocket: socket })).to.equal(`${TEST_USER}\n`)
    })
  })
})
