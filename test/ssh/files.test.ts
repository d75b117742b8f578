import { expect } from 'chai'
import { createHash, randomBytes } from 'node:crypto'
import { lstatSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { TsplayError } from '../../engine/errors.js'
import { useSshHosts } from './fixture.js'
import { run } from './processes.js'

function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

describe('SshConnection files', function () {
  this.timeout(60000)
  const ssh = useSshHosts(1)
  const conn = (extra = {}) => ssh.connect(ssh.hosts[0]!, extra)
  let dir: string
  let n = 0
  beforeEach(async () => {
    dir = `${ssh.lab.scratch}/t${n++}`
    await conn().exec(['mkdir', dir])
  })

  describe('stat', () => {
    it('gives the same record as a local stat of the same file', async () => {
      const c = conn()
      await c.writeFile(`${dir}/f`, 'hello')
      await c.exec(['ln', `${dir}/f`, `${dir}/hard`])
      const st = (await c.stat(`${dir}/f`))!
      const local = statSync(`${dir}/f`)
      expect(st).to.include({ exists: true, isreg: true, isdir: false, islnk: false, size: 5, nlink: 2, inode: local.ino, dev: local.dev, uid: local.uid })
      expect(st.mode).to.equal(local.mode & 0o7777)
      expect(st.mtime).to.be.closeTo(local.mtimeMs / 1000, 0.001)
    })

    it('reports links without following them unless asked, and null for missing paths', async () => {
      const c = conn()
      await c.exec(['ln', '-s', 'target dir', `${dir}/link`])
      await c.exec(['mkdir', `${dir}/target dir`])
      expect(await c.stat(`${dir}/link`)).to.include({ islnk: true, linkTarget: 'target dir' })
      expect(await c.stat(`${dir}/link`, { follow: true })).to.include({ isdir: true, islnk: false })
      expect(await c.stat(`${dir}/missing`)).to.equal(null)
      expect(await c.stat(`${dir}/missing/below`)).to.equal(null)
      await c.exec(['ln', '-s', 'nowhere', `${dir}/dangling`])
      expect(await c.stat(`${dir}/dangling`, { follow: true })).to.equal(null)
      expect(await c.stat(`${dir}/dangling`)).to.include({ islnk: true, linkTarget: 'nowhere' })
    })

    it('reports a symlink loop as an error, as a local stat does', async () => {
      const c = conn()
      await c.exec(['ln', '-s', 'loop', `${dir}/loop`])
      const code = await c.stat(`${dir}/loop`, { follow: true }).then(() => 'none', (e: NodeJS.ErrnoException) => e.code)
      expect(code).to.not.equal('none')
    })
  })

  describe('readFile', () => {
    it('reads files, including those that report no size', async () => {
      const c = conn()
      await c.exec({ script: `printf 'a\\0b\\n' > ${dir}/bin` })
      expect(await c.readFile(`${dir}/bin`)).to.deep.equal(Buffer.from('a\0b\n'))
      const version = await c.readFile('/proc/version')
      expect(version.toString()).to.match(/^Linux version /)
    })

    it('rejects with fs-like codes', async () => {
      const c = conn()
      const codeOf = (p: Promise<unknown>) => p.then(() => 'none', (e: NodeJS.ErrnoException) => e.code)
      expect(await codeOf(c.readFile(`${dir}/missing`))).to.equal('ENOENT')
      expect(await codeOf(c.readFile('/etc/shadow'))).to.equal('EACCES')
      expect(await codeOf(c.readFile(dir))).to.equal('EISDIR')
    })
  })

  describe('writeFile', () => {
    it('creates files with the umask default, or the mode given', async () => {
      const c = conn()
      await c.writeFile(`${dir}/plain`, 'x')
      await c.writeFile(`${dir}/secret`, 'y', { mode: 0o640 })
      expect(statSync(`${dir}/plain`).mode & 0o7777).to.equal(0o644)
      expect(statSync(`${dir}/secret`).mode & 0o7777).to.equal(0o640)
      expect((await c.readFile(`${dir}/secret`)).toString()).to.equal('y')
    })

    it('replaces the file by rename, keeping its mode, and leaves no temp file', async () => {
      const c = conn()
      await c.writeFile(`${dir}/f`, 'old', { mode: 0o600 })
      const before = lstatSync(`${dir}/f`)
      await c.writeFile(`${dir}/f`, 'new')
      const after = lstatSync(`${dir}/f`)
      expect(after.ino).not.to.equal(before.ino)
      expect(after.mode & 0o7777).to.equal(0o600)
      expect(readdirSync(dir)).to.deep.equal(['f'])
    })

    it('on failure removes the temp file and leaves the old file intact', async () => {
      const c = conn()
      await c.writeFile(`${dir}/f`, 'old')
      let caught: NodeJS.ErrnoException | undefined
      await c.writeFile(`${dir}/f`, 'new', { owner: 'root' }).catch((e) => (caught = e))
      expect(caught?.code).to.equal('EACCES')
      expect((await c.readFile(`${dir}/f`)).toString()).to.equal('old')
      expect(readdirSync(dir)).to.deep.equal(['f'])
    })

    it('names an unknown owner', async () => {
      let caught: Error | undefined
      await conn().writeFile(`${dir}/f`, 'x', { owner: 'tsplay-nobody-here' }).catch((e) => (caught = e))
      expect(caught?.message).to.match(/user 'tsplay-nobody-here' does not exist/)
    })

    it('moves 64 MiB both ways intact', async function () {
      this.timeout(120000)
      const c = conn()
      const data = randomBytes(64 * 1024 * 1024)
      const sum = createHash('sha256').update(data).digest('hex')
      let started = performance.now()
      await c.writeFile(`${dir}/big`, data)
      const writeMs = performance.now() - started
      expect((await c.exec(['sha256sum', `${dir}/big`])).stdout.split(' ')[0]).to.equal(sum)
      started = performance.now()
      const back = await c.readFile(`${dir}/big`)
      const readMs = performance.now() - started
      expect(back.length).to.equal(data.length)
      expect(createHash('sha256').update(back).digest('hex')).to.equal(sum)
      console.log(`      64 MiB: write ${(64000 / writeMs).toFixed(0)} MiB/s, read ${(64000 / readMs).toFixed(0)} MiB/s`)
    })
  })

  describe('upload and download (streamed)', () => {
    it('moves 96 MiB both ways intact, between files', async function () {
      this.timeout(120000)
      const c = conn()
      const local = `${dir}/local-big`
      writeFileSync(local, randomBytes(96 * 1024 * 1024))
      const sum = sha256File(local)
      let started = performance.now()
      await c.upload(local, `${dir}/remote-big`, { mode: 0o640 })
      const upMs = performance.now() - started
      expect((await c.exec(['sha256sum', `${dir}/remote-big`])).stdout.split(' ')[0]).to.equal(sum)
      expect(statSync(`${dir}/remote-big`).mode & 0o7777).to.equal(0o640)
      started = performance.now()
      await c.download(`${dir}/remote-big`, `${dir}/back`)
      const downMs = performance.now() - started
      expect(sha256File(`${dir}/back`)).to.equal(sum)
      expect(readdirSync(dir).sort()).to.deep.equal(['back', 'local-big', 'remote-big'])
      console.log(`      96 MiB streamed: upload ${(96000 / upMs).toFixed(0)} MiB/s, download ${(96000 / downMs).toFixed(0)} MiB/s`)
    })

    it('downloads files that report no size', async () => {
      await conn().download('/proc/self/status', `${dir}/status`)
      expect(readFileSync(`${dir}/status`, 'utf8')).to.match(/^Name:/)
    })

    it('a failed download leaves the old copy and no temp file', async () => {
      writeFileSync(`${dir}/copy`, 'old')
      let caught: NodeJS.ErrnoException | undefined
      await conn().download(`${dir}/missing`, `${dir}/copy`).catch((e) => (caught = e))
      expect(caught?.code).to.equal('ENOENT')
      expect(readFileSync(`${dir}/copy`, 'utf8')).to.equal('old')
      expect(readdirSync(dir)).to.deep.equal(['copy'])
    })

    it('a failed upload leaves the old file and no temp file', async () => {
      const c = conn()
      writeFileSync(`${dir}/src`, 'new')
      await c.writeFile(`${dir}/f`, 'old')
      let caught: NodeJS.ErrnoException | undefined
      await c.upload(`${dir}/src`, `${dir}/f`, { owner: 'root' }).catch((e) => (caught = e))
      expect(caught?.code).to.equal('EACCES')
      expect(readFileSync(`${dir}/f`, 'utf8')).to.equal('old')
      expect(readdirSync(dir).sort()).to.deep.equal(['f', 'src'])
    })
  })

  describe('become', () => {
    const root = { method: 'sudo' as const, user: 'root' }

    it('reads, writes and stats as root through sudo', async () => {
      const c = conn()
      expect((await c.readFile('/etc/shadow', { become: root })).toString()).to.match(/^root:/)
      const path = `${dir}/owned-by-root`
      await c.writeFile(path, 'root data', { become: root, mode: 0o600, owner: 'root', group: 0 })
      expect(await c.stat(path, { become: root })).to.include({ uid: 0, gid: 0, mode: 0o600, size: 9 })
      const denied = await c.readFile(path).then(() => 'read', (e: NodeJS.ErrnoException) => e.code)
      expect(denied).to.equal('EACCES')
      expect((await c.exec(['id', '-u'], { become: root })).stdout).to.equal('0\n')
    })

    it('becomes another user whose sudo rule asks for a password', async () => {
      const c = conn()
      const other = { method: 'sudo' as const, user: 'tsplayother', password: ssh.lab.password }
      const r = await c.exec({ script: 'id -un; cat' }, { become: other, stdin: 'from stdin\n' })
      expect(r).to.deep.equal({ rc: 0, stdout: 'tsplayother\nfrom stdin\n', stderr: '' })
      const path = `/tmp/tsplay-other-${randomBytes(4).toString('hex')}`
      try {
        await c.writeFile(path, 'theirs', { become: other })
        expect(statSync(path).uid).to.equal(ssh.lab.otherUid)
        expect((await c.readFile(path, { become: other })).toString()).to.equal('theirs')
      } finally {
        run(['rm', '-f', path])
      }
    })

    it('reports a wrong become password as Ansible does: "Incorrect sudo password"', async () => {
      const wrong = { method: 'sudo' as const, user: 'tsplayother', password: 'not the password' }
      const err = await conn().exec(['id'], { become: wrong }).then(() => undefined, (e: Error) => e)
      expect(err).to.be.instanceOf(TsplayError)
      expect(err!.message).to.equal('Incorrect sudo password')
      // File operations as that user cannot start their sftp-server either, and say so the same way.
      const read = await conn().readFile('/etc/hostname', { become: wrong }).then(() => undefined, (e: Error) => e)
      expect(read?.message).to.equal('Incorrect sudo password')
    })

    it('falls back to commands when no channel can be spared for SFTP', async () => {
      const c = conn({ maxChannels: 1 })
      await c.writeFile(`${dir}/f`, 'via exec', { mode: 0o604 })
      expect((await c.readFile(`${dir}/f`)).toString()).to.equal('via exec')
      expect(statSync(`${dir}/f`).mode & 0o7777).to.equal(0o604)
      expect((await c.readFile('/etc/shadow', { become: root })).toString()).to.match(/^root:/)
    })
  })

  describe('speed', () => {
    it('measures file round trips over SFTP against commands', async () => {
      const root = { method: 'sudo' as const, user: 'root' }
      const sftp = conn()
      const viaExec = conn({ maxChannels: 1 })
      await sftp.writeFile(`${dir}/f`, 'x')
      const time = async (what: string, op: () => Promise<unknown>, n = 30): Promise<number> => {
        await op()
        const started = performance.now()
        for (let i = 0; i < n; i++) await op()
        const ms = (performance.now() - started) / n
        console.log(`      ${what}: ${ms.toFixed(2)} ms`)
        return ms
      }
      const sftpRead = await time('readFile over SFTP', () => sftp.readFile(`${dir}/f`))
      const execRead = await time('readFile over exec (cat)', () => viaExec.readFile(`${dir}/f`))
      await time('stat of an existing file (SFTP + one stat process)', () => sftp.stat(`${dir}/f`))
      const missing = await time('stat of a missing file (SFTP)', () => sftp.stat(`${dir}/missing`))
      expect(missing).to.be.below(execRead)
      const sudoSftp = await time('readFile as root over sudo sftp-server', () => sftp.readFile(`${dir}/f`, { become: root }))
      const sudoExec = await time('readFile as root over sudo cat', () => viaExec.readFile(`${dir}/f`, { become: root }))
      expect(sftpRead).to.be.below(execRead)
      expect(sudoSftp).to.be.below(sudoExec)
    })
  })
})
