import { expect } from 'chai'
import { readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isUnreachable } from '../../engine/connection/errors.js'
import { entryMatches, fingerprint, knownHostName, parseKnownHosts } from '../../engine/connection/ssh-known-hosts.js'
import { TsplayError } from '../../engine/errors.js'
import { useSshHosts } from './fixture.js'
import { run } from './processes.js'

const ED_KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIHJ2ZqOgw2Ch6pjVPZkKX3LpCTnRzy0Fzxx4vZ0tn4Hb'

describe('known_hosts parsing', () => {
  const text = [
    '# comment',
    `web1,10.0.0.*,!10.0.0.9 ssh-ed25519 ${ED_KEY} note`,
    `[bastion]:2222 ssh-ed25519 ${ED_KEY}`,
    `@revoked old ssh-ed25519 ${ED_KEY}`,
    `@cert-authority *.lab ssh-ed25519 ${ED_KEY}`,
    `broken ssh-rsa ${ED_KEY}`,
  ].join('\n')
  const entries = parseKnownHosts(text, 'kh')

  it('keeps usable lines with their line numbers', () => {
    expect(entries.map((e) => [e.line, e.revoked])).to.deep.equal([
      [2, false],
      [3, false],
      [4, true],
    ])
  })

  const names: [string, number, boolean][] = [
    ['web1', 22, true],
    ['WEB1', 22, true],
    ['10.0.0.5', 22, true],
    ['10.0.0.9', 22, false],
    ['web1', 2200, false],
    ['bastion', 2222, true],
    ['bastion', 22, false],
  ]
  for (const [host, port, expected] of names) {
    it(`${expected ? 'matches' : 'does not match'} ${host}:${port}`, () => {
      expect(entries.some((e) => !e.revoked && entryMatches(e, knownHostName(host, port)))).to.equal(expected)
    })
  }

  it('matches hashed names written by ssh-keygen -H', () => {
    const file = join(tmpdir(), `tsplay-kh-${process.pid}`)
    writeFileSync(file, `[127.0.0.7]:2200 ssh-ed25519 ${ED_KEY}\n127.0.0.8 ssh-ed25519 ${ED_KEY}\n`)
    try {
      run(['ssh-keygen', '-q', '-H', '-f', file])
      const hashed = parseKnownHosts(readFileSync(file, 'utf8'), file)
      expect(hashed.every((e) => e.hashed)).to.equal(true)
      expect(hashed.map((e) => entryMatches(e, knownHostName('127.0.0.7', 2200)))).to.deep.equal([true, false])
      expect(hashed.map((e) => entryMatches(e, knownHostName('127.0.0.8', 22)))).to.deep.equal([false, true])
    } finally {
      run(['rm', '-f', file, `${file}.old`])
    }
  })

  it('prints fingerprints as OpenSSH does', () => {
    const out = run(['sh', '-c', `echo 'h ssh-ed25519 ${ED_KEY}' | ssh-keygen -lf -`])
    expect(out).to.include(fingerprint(Buffer.from(ED_KEY, 'base64')))
  })
})

describe('host key checking', function () {
  this.timeout(30000)
  const ssh = useSshHosts(1, { hostKeyTypes: ['ed25519', 'ecdsa'] })
  const host = () => ssh.hosts[0]!
  let n = 0
  const knownHosts = (content: string): string => {
    const file = join(ssh.lab.dir, `kh-${n++}`)
    writeFileSync(file, content)
    return file
  }
  const failure = async (p: Promise<unknown>): Promise<TsplayError> => {
    const err = await p.then(() => undefined, (e: TsplayError) => e)
    expect(err, 'expected the connection to be refused').to.be.instanceOf(TsplayError)
    expect(isUnreachable(err)).to.equal(true)
    return err!
  }

  it('accepts a key listed in known_hosts, hashed or not', async () => {
    const file = knownHosts(`${host().knownHostsLine(host().hostPublicKeys.ed25519)}\n`)
    expect((await ssh.connect(host(), { knownHostsFiles: [file] }).exec(['true'])).rc).to.equal(0)
    run(['ssh-keygen', '-q', '-H', '-f', file])
    expect(readFileSync(file, 'utf8')).to.match(/^\|1\|/)
    expect((await ssh.connect(host(), { knownHostsFiles: [file] }).exec(['true'])).rc).to.equal(0)
  })

  it('asks the server for the key type on file', async () => {
    // Only the ECDSA key is known; the server would offer ED25519 first otherwise.
    const file = knownHosts(`${host().knownHostsLine(host().hostPublicKeys.ecdsa)}\n`)
    expect((await ssh.connect(host(), { knownHostsFiles: [file] }).exec(['true'])).rc).to.equal(0)
  })

  it('refuses an unknown host with OpenSSH’s words and says how to trust it', async () => {
    const err = await failure(ssh.connect(host(), { knownHostsFiles: [knownHosts('')] }).exec(['true']))
    const name = knownHostName(host().address, host().port)
    expect(err.message).to.equal(
      `Failed to connect to the host via ssh: No ED25519 host key is known for ${name} and you have requested strict checking.\nHost key verification failed.`,
    )
    expect(err.hint).to.include('SHA256:').and.include('ssh-keyscan').and.include('host_key_checking = False')
  })

  it('refuses a changed key, naming the offending line and the fix, even with accept-new', async () => {
    const other = ssh.hosts[0]!.knownHostsLine(`ssh-ed25519 ${ED_KEY}`)
    const file = knownHosts(`# first line\n${other}\n`)
    for (const hostKeyChecking of ['yes', 'accept-new'] as const) {
      const err = await failure(ssh.connect(host(), { knownHostsFiles: [file], hostKeyChecking }).exec(['true']))
      expect(err.message).to.include('WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!')
      expect(err.message).to.include(`Offending ED25519 key in ${file}:2`)
      expect(err.message).to.include('Host key verification failed.')
      expect(err.hint).to.equal(`if the change is expected, remove the old key with: ssh-keygen -f "${file}" -R "${knownHostName(host().address, host().port)}"`)
    }
  })

  it('refuses a revoked key', async () => {
    const file = knownHosts(`@revoked * ${host().hostPublicKeys.ed25519}\n${host().knownHostsLine(host().hostPublicKeys.ed25519)}\n`)
    const err = await failure(ssh.connect(host(), { knownHostsFiles: [file] }).exec(['true']))
    expect(err.message).to.include('REVOKED HOST KEY')
  })

  it('accept-new records an unknown key, which then passes strict checking', async () => {
    const file = join(ssh.lab.dir, `kh-new-${n++}`, 'known_hosts')
    expect((await ssh.connect(host(), { knownHostsFiles: [file], hostKeyChecking: 'accept-new' }).exec(['true'])).rc).to.equal(0)
    expect(readFileSync(file, 'utf8')).to.equal(`${host().knownHostsLine(host().hostPublicKeys.ed25519)}\n`)
    expect((await ssh.connect(host(), { knownHostsFiles: [file] }).exec(['true'])).rc).to.equal(0)
  })

  it('checks nothing and writes nothing when checking is off', async () => {
    const file = knownHosts('')
    expect((await ssh.connect(host(), { knownHostsFiles: [file], hostKeyChecking: 'no' }).exec(['true'])).rc).to.equal(0)
    expect(readFileSync(file, 'utf8')).to.equal('')
  })
})
