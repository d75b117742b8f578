import { expect } from 'chai'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TsplayError } from '../../engine/errors.js'
import { useSshHosts } from './fixture.js'
import { TEST_USER } from './lab.js'

describe('SshConnection exec', function () {
  this.timeout(30000)
  const ssh = useSshHosts(1)
  const conn = () => ssh.connect(ssh.hosts[0]!)

  it('passes argv untouched through the remote shell', async () => {
    const r = await conn().exec(['printf', '%s|', 'a b', '$HOME', '*', "it's", '', '`id`', 'x\ny'])
    expect(r).to.deep.equal({ rc: 0, stdout: "a b|$HOME|*|it's||`id`|x\ny|", stderr: '' })
  })

  it('runs scripts through /bin/sh, or the shell given, as the login user', async () => {
    const c = conn()
    expect(await c.exec({ script: 'echo $((1+2)) >&2; exit 3' })).to.deep.equal({ rc: 3, stdout: '', stderr: '3\n' })
    expect((await c.exec({ script: 'echo ${BASH_VERSION:+bash}', shell: '/bin/bash' })).stdout).to.equal('bash\n')
    expect((await c.exec(['id', '-un'])).stdout).to.equal(`${TEST_USER}\n`)
  })

  it('feeds stdin, sets env inside the command, and runs in cwd', async () => {
    const r = await conn().exec({ script: 'cat; echo "$TSPLAY_X|$TSPLAY_Y"; pwd' }, {
      stdin: 'in\n',
      env: { TSPLAY_X: "a 'quoted' $value", TSPLAY_Y: '' },
      cwd: ssh.lab.scratch,
    })
    expect(r.stdout).to.equal(`in\na 'quoted' $value|\n${ssh.lab.scratch}\n`)
  })

  it('reports a missing working folder as an error, not as the command failing', async () => {
    let caught: unknown
    await conn().exec(['true'], { cwd: '/nonexistent/folder' }).catch((e) => (caught = e))
    expect(caught).to.be.instanceOf(TsplayError)
    expect((caught as Error).message).to.equal('cannot change directory to /nonexistent/folder: no such directory')
  })

  it('with become (sudo), changes to a working folder only the become user may enter', async () => {
    const root = { method: 'sudo' as const, user: 'root' }
    const privateDir = mkdtempSync(join(tmpdir(), 'tsplay-sshcwd-'))
    chmodSync(privateDir, 0o700)
    try {
      const r = await conn().exec(['sh', '-c', 'pwd; id -un'], { cwd: privateDir, become: root })
      expect(r).to.deep.equal({ rc: 0, stdout: `${privateDir}\nroot\n`, stderr: '' })
      let caught: unknown
      await conn().exec(['true'], { cwd: join(privateDir, 'missing'), become: root }).catch((e) => (caught = e))
      expect((caught as Error | undefined)?.message).to.equal(`cannot change directory to ${join(privateDir, 'missing')}: no such directory`)
    } finally {
      rmSync(privateDir, { recursive: true, force: true })
    }
  })

  it('runs in a pseudo-terminal when asked (raw): CRLF line ends, stderr in stdout', async () => {
    const r = await conn().exec({ script: 'echo out; echo err >&2; test -t 0 && echo tty' }, { terminal: true })
    expect(r).to.deep.equal({ rc: 0, stdout: 'out\r\nerr\r\ntty\r\n', stderr: '' })
    const plain = await conn().exec({ script: 'echo out; test -t 0 || echo no tty' })
    expect(plain.stdout).to.equal('out\nno tty\n')
  })

  it('gives 127 for a missing program and keeps binary-safe stdin', async () => {
    const c = conn()
    const missing = await c.exec(['tsplay-no-such-program'])
    expect(missing.rc).to.equal(127)
    expect(missing.stderr).to.match(/tsplay-no-such-program: not found/)
    const bytes = Buffer.from([0, 255, 10, 13, 128])
    const r = await c.exec(['od', '-An', '-tu1'], { stdin: bytes })
    expect(r.stdout.trim().split(/\s+/)).to.deep.equal(['0', '255', '10', '13', '128'])
  })

  it('streams stdout as it comes', async () => {
    const chunks: string[] = []
    const r = await conn().exec({ script: 'echo one; sleep 0.3; echo two' }, { onStdout: (c) => chunks.push(c) })
    expect(chunks.join('')).to.equal('one\ntwo\n')
    expect(chunks.length).to.be.at.least(2)
    expect(r.stdout).to.equal('one\ntwo\n')
  })

  it('reports a command killed by a signal like a shell does', async () => {
    const r = await conn().exec({ script: 'kill -USR1 $$' })
    expect(r).to.include({ rc: 138, signal: 'SIGUSR1' })
  })

  it('ends the whole remote process group on timeout', async () => {
    const c = conn()
    const started = Date.now()
    // The shell's child keeps the channel's pipes open: only killing the group ends it.
    const r = await c.exec({ script: `echo $$ > ${ssh.lab.scratch}/pgid; sleep 30 & sleep 30; echo never` }, { timeoutMs: 400 })
    expect(Date.now() - started).to.be.below(5000)
    expect(r).to.include({ timedOut: true, signal: 'SIGTERM', rc: 143, stdout: '' })
    const pgid = (await c.readFile(`${ssh.lab.scratch}/pgid`)).toString().trim()
    // Killed children may linger as zombies until init reaps them: count only live ones.
    const left = await c.exec({ script: `ps -e -o pgid=,stat=,args= | awk -v g=${pgid} '$1 == g && $2 !~ /^Z/'` })
    expect(left.stdout).to.equal('')
  })

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const r = await conn().exec({ script: "trap '' TERM; while :; do sleep 0.1; done" }, { timeoutMs: 200 })
    expect(r).to.include({ timedOut: true, signal: 'SIGKILL', rc: 137 })
  })

  it('rejects with an AbortError when the signal fires, and the connection stays usable', async () => {
    const c = conn()
    const abort = new AbortController()
    setTimeout(() => abort.abort(), 200)
    let caught: Error | undefined
    await c.exec(['sleep', '30'], { signal: abort.signal }).catch((e) => (caught = e))
    expect(caught?.name).to.equal('AbortError')
    expect((await c.exec(['echo', 'still here'])).stdout).to.equal('still here\n')
  })

  it('measures the round trip of one command on loopback', async () => {
    const c = conn()
    await c.exec(['true'])
    const n = 50
    const started = performance.now()
    for (let i = 0; i < n; i++) await c.exec(['true'])
    const ms = (performance.now() - started) / n
    console.log(`      exec round trip: ${ms.toFixed(2)} ms per command`)
    expect(ms).to.be.below(50)
  })
})

describe('SshConnection channels', function () {
  this.timeout(60000)
  const ssh = useSshHosts(1, { maxSessions: 10 })
  const ssh3 = useSshHosts(1, { maxSessions: 3 })

  it('runs 100 commands at once over one connection with MaxSessions=10', async () => {
    const c = ssh.connect(ssh.hosts[0]!)
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => c.exec({ script: `sleep 0.05; echo ${i}` })))
    expect(results.map((r) => r.stdout)).to.deep.equal(Array.from({ length: 100 }, (_, i) => `${i}\n`))
    expect(results.every((r) => r.rc === 0)).to.equal(true)
  })

  it('opens a single connection for many first calls at once', async () => {
    const logins = () => ssh.hosts[0]!.output.split('Accepted publickey').length
    const before = logins()
    const c = ssh.connect(ssh.hosts[0]!)
    await Promise.all([...Array.from({ length: 20 }, () => c.exec(['true'])), c.readFile('/etc/hostname'), c.stat('/etc')])
    expect(logins() - before).to.equal(1)
  })

  it('never has more than maxChannels commands running at once', async () => {
    const c = ssh.connect(ssh.hosts[0]!, { maxChannels: 4 })
    const dir = ssh.lab.scratch
    // Each command records the number of its siblings running beside it.
    const script = `mkdir -p ${dir}/running; touch ${dir}/running/$$; ls ${dir}/running | wc -l; sleep 0.2; rm ${dir}/running/$$`
    const results = await Promise.all(Array.from({ length: 16 }, () => c.exec({ script })))
    const peak = Math.max(...results.map((r) => Number(r.stdout.trim())))
    expect(peak).to.be.within(1, 4)
  })

  it('adapts when the server allows fewer sessions than maxChannels', async () => {
    const c = ssh3.connect(ssh3.hosts[0]!, { maxChannels: 10 })
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => c.exec(['echo', String(i)])))
    expect(results.map((r) => r.stdout)).to.deep.equal(Array.from({ length: 30 }, (_, i) => `${i}\n`))
  })
})
