import { expect } from 'chai'
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync, promises as fs } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { BecomeHandshake, becomeIsNoop, planBecome } from '../../../engine/connection/become.js'
import { LocalConnection } from '../../../engine/connection/local.js'

describe('planBecome', () => {
  it('wraps argv in sudo with the default flags', () => {
    expect(planBecome(['id', '-u'], { method: 'sudo', user: 'root' })).to.deep.equal({ argv: ['sudo', '-H', '-S', '-n', '-u', 'root', '--', 'id', '-u'] })
  })

  it('honours flags and carries the environment inside the command', () => {
    const plan = planBecome(['make'], { method: 'sudo', user: 'stack', flags: '-E' }, { env: { A: '1 2' } })
    expect(plan.argv).to.deep.equal(['sudo', '-E', '-u', 'stack', '--', 'env', 'A=1 2', 'make'])
  })

  it('with a password: no -n, a unique prompt and a start marker', () => {
    const plan = planBecome(['id'], { method: 'sudo', user: 'root', password: 'secret' })
    expect(plan.argv).not.to.include('-n')
    expect(plan.argv).to.include('-S')
    expect(plan.prompt).to.match(/^\[sudo via tsplay, key=[0-9a-f]+\] password:$/)
    expect(plan.argv[plan.argv.indexOf('-p') + 1]).to.equal(plan.prompt)
    expect(plan.marker).to.match(/^BECOME-SUCCESS-[0-9a-f]+$/)
    expect(plan.password).to.equal('secret')
    expect(planBecome(['id'], { method: 'sudo', user: 'root', password: 'x' }).prompt).not.to.equal(plan.prompt)
  })

  it('wraps argv in su as one quoted command line, changing folder inside the login shell', () => {
    const plan = planBecome(['echo', "it's", '$HOME'], { method: 'su', user: 'stack' }, { cwd: '/srv/my dir' })
    expect(plan).to.deep.equal({ argv: ['su', '-', 'stack', '-c', `cd '/srv/my dir' && exec echo 'it'"'"'s' '$HOME'`], cwdInside: true })
  })

  const noops: [{ name: string; uid: number }, string, boolean][] = [
    [{ name: 'root', uid: 0 }, 'root', true],
    [{ name: 'stack', uid: 1000 }, '1000', true],
    [{ name: 'stack', uid: 1000 }, 'root', false],
  ]
  for (const [current, user, noop] of noops) {
    it(`become ${user} as ${current.name} is ${noop ? '' : 'not '}a no-op`, () => {
      expect(becomeIsNoop({ method: 'sudo', user }, current)).to.equal(noop)
    })
  }
})

describe('BecomeHandshake', () => {
  const plan = { argv: [], password: 'pw', prompt: '[sudo key=1] password:', marker: 'BECOME-SUCCESS-1' }

  it('answers the prompt once, hides it and the marker, then passes stderr through', () => {
    const events: string[] = []
    const hs = new BecomeHandshake(plan, { sendPassword: () => events.push('password'), started: () => events.push('started'), rejected: () => events.push('rejected') })
    const kept = [hs.feed(Buffer.from('[sudo key')), hs.feed(Buffer.from('=1] password:')), hs.feed(Buffer.from('BECOME-SUCC')), hs.feed(Buffer.from('ESS-1\nreal error\n'))]
    expect(events).to.deep.equal(['password', 'started'])
    expect(Buffer.concat(kept).toString()).to.equal('real error\n')
    expect(hs.feed(Buffer.from('more')).toString()).to.equal('more')
  })

  it('notices a rejected password and keeps sudo messages', () => {
    const events: string[] = []
    const hs = new BecomeHandshake(plan, { sendPassword: () => events.push('password'), started: () => events.push('started'), rejected: () => events.push('rejected') })
    hs.feed(Buffer.from('[sudo key=1] password:Sorry, try again.\n[sudo key=1] password:'))
    expect(events).to.deep.equal(['password', 'rejected'])
    expect(hs.flush().toString()).to.equal('Sorry, try again.\n')
  })
})

describe('LocalConnection with become', () => {
  const conn = new LocalConnection()
  let dir: string
  let savedPath: string | undefined
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsplay-become-'))
    savedPath = process.env.PATH
  })
  afterEach(() => {
    process.env.PATH = savedPath
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers a sudo password prompt (a stand-in sudo that insists on one)', async () => {
    // The stand-in prints the -p prompt, checks the answer, then runs what follows "--".
    writeFileSync(join(dir, 'sudo'), `#!/bin/sh
while [ "$1" != -- ]; do [ "$1" = -p ] && { shift; prompt=$1; }; shift; done; shift
printf '%s' "$prompt" >&2
read -r answer
[ "$answer" = secret ] || { echo 'Sorry, try again.' >&2; exit 1; }
exec "$@"
`)
    chmodSync(join(dir, 'sudo'), 0o755)
    process.env.PATH = `${dir}:${savedPath}`
    const become = { method: 'sudo' as const, user: 'tsplay-other-user', password: 'secret' }
    const r = await conn.exec(['sh', '-c', 'cat; echo done >&2'], { become, stdin: 'payload\n' })
    expect(r).to.deep.equal({ rc: 0, stdout: 'payload\n', stderr: 'done\n' })
    const wrong = await conn.exec(['true'], { become: { ...become, password: 'nope' } })
    expect(wrong).to.deep.equal({ rc: 1, stdout: '', stderr: 'Sorry, try again.\n' })
  })

  it('fails with "Incorrect sudo password" when sudo asks again (a stand-in that retries like sudo)', async () => {
    writeFileSync(join(dir, 'sudo'), `#!/bin/sh
while [ "$1" != -- ]; do [ "$1" = -p ] && { shift; prompt=$1; }; shift; done; shift
for try in 1 2 3; do
  printf '%s' "$prompt" >&2
  read -r answer || { echo 'sudo: no password was provided' >&2; exit 1; }
  [ "$answer" = secret ] && exec "$@"
  echo 'Sorry, try again.' >&2
done
exit 1
`)
    chmodSync(join(dir, 'sudo'), 0o755)
    process.env.PATH = `${dir}:${savedPath}`
    const become = { method: 'sudo' as const, user: 'tsplay-other-user', password: 'nope' }
    const err = await conn.exec(['true'], { become }).then(() => undefined, (e: Error) => e)
    expect(err?.message).to.equal('Incorrect sudo password')
  })

  describe('as another user through the real sudo', () => {
    const nobody = { method: 'sudo' as const, user: 'nobody' }
    before(function () {
      const canSudo = userInfo().uid === 0 && spawnSync('sudo', ['-n', '-u', 'nobody', 'true']).status === 0
      if (!canSudo) this.skip()
    })

    it('runs commands as that user', async () => {
      expect((await conn.exec(['id', '-un'], { become: nobody, env: { X: '1' } })).stdout).to.equal('nobody\n')
      expect((await conn.exec(['sh', '-c', 'echo $X'], { become: nobody, env: { X: 'kept' } })).stdout).to.equal('kept\n')
    })

    it('runs commands through su, in the requested folder', async () => {
      chmodSync(dir, 0o755)
      const su = { method: 'su' as const, user: 'nobody', flags: '-s /bin/sh' }
      const r = await conn.exec(['sh', '-c', 'id -un; pwd; echo $X'], { become: su, cwd: dir, env: { X: 'kept' } })
      expect(r).to.deep.equal({ rc: 0, stdout: `nobody\n${dir}\nkept\n`, stderr: '' })
    })

    it('reads, stats and writes files as that user', async () => {
      chmodSync(dir, 0o777)
      const secret = join(dir, 'secret')
      writeFileSync(secret, 'root only')
      chmodSync(secret, 0o600)
      let caught: NodeJS.ErrnoException | undefined
      await conn.readFile(secret, { become: nobody }).catch((e) => (caught = e))
      expect(caught?.code).to.equal('EACCES')
      expect(await conn.stat(secret, { become: nobody })).to.include({ isreg: true, mode: 0o600, uid: 0, size: 9 })
      expect(await conn.stat(join(dir, 'missing'), { become: nobody })).to.equal(null)

      const written = join(dir, 'written')
      await conn.writeFile(written, Buffer.from([0, 1, 2, 255]), { become: nobody, mode: 0o640 })
      const st = statSync(written)
      expect(st.mode & 0o7777).to.equal(0o640)
      expect(st.uid).to.equal(Number(spawnSync('id', ['-u', 'nobody']).stdout.toString()))
      expect([...(await conn.readFile(written, { become: nobody }))]).to.deep.equal([0, 1, 2, 255])
      expect((await fs.readdir(dir)).sort()).to.deep.equal(['secret', 'written'])
    })
  })
})
