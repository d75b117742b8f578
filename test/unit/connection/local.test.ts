import { expect } from 'chai'
import { promises as fs, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { LocalConnection } from '../../../engine/connection/local.js'

describe('LocalConnection', () => {
  const conn = new LocalConnection()
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsplay-local-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  describe('exec', () => {
    it('passes argv untouched, without a shell', async () => {
      const r = await conn.exec(['printf', '%s|', 'a b', '$HOME', '*', "it's"])
      expect(r).to.deep.equal({ rc: 0, stdout: "a b|$HOME|*|it's|", stderr: '' })
    })

    it('runs scripts through /bin/sh, or the shell given', async () => {
      expect((await conn.exec({ script: 'echo $((1+2)) >&2; exit 3' })).rc).to.equal(3)
      expect((await conn.exec({ script: 'echo $((1+2)) >&2' })).stderr).to.equal('3\n')
      expect((await conn.exec({ script: 'echo ${BASH_VERSION:+bash}', shell: '/bin/bash' })).stdout).to.equal('bash\n')
    })

    it('feeds stdin, merges env onto the process env, and runs in cwd', async () => {
      const r = await conn.exec({ script: 'cat; echo "$TSPLAY_X $HOME"; pwd' }, { stdin: 'in\n', env: { TSPLAY_X: 'x' }, cwd: dir })
      expect(r.stdout).to.equal(`in\nx ${process.env.HOME}\n${dir}\n`)
    })

    it('streams stdout as it comes', async () => {
      const chunks: string[] = []
      const r = await conn.exec({ script: 'echo one; sleep 0.2; echo two' }, { onStdout: (c) => chunks.push(c) })
      expect(chunks.join('')).to.equal('one\ntwo\n')
      expect(chunks.length).to.be.at.least(2)
      expect(r.stdout).to.equal('one\ntwo\n')
    })

    it('kills the whole process group on timeout', async () => {
      const started = Date.now()
      // The shell's child keeps the pipe open: only killing the group ends the wait.
      const r = await conn.exec({ script: 'sleep 30 & sleep 30; echo never' }, { timeoutMs: 300 })
      expect(Date.now() - started).to.be.below(5000)
      expect(r).to.include({ timedOut: true, signal: 'SIGTERM', rc: 143, stdout: '' })
    })

    it('escalates to SIGKILL when SIGTERM is ignored', async function () {
      this.timeout(10000)
      const r = await conn.exec({ script: "trap '' TERM; while :; do sleep 0.1; done" }, { timeoutMs: 200 })
      expect(r).to.include({ timedOut: true, signal: 'SIGKILL', rc: 137 })
    })

    it('rejects with an AbortError when the signal fires', async () => {
      const abort = new AbortController()
      setTimeout(() => abort.abort(), 100)
      let caught: Error | undefined
      await conn.exec(['sleep', '30'], { signal: abort.signal }).catch((e) => (caught = e))
      expect(caught?.name).to.equal('AbortError')
    })

    it('reports a missing program like a shell (rc 127) and a missing cwd as an error', async () => {
      expect(await conn.exec(['/nonexistent/prog', 'x'])).to.deep.equal({ rc: 127, stdout: '', stderr: '/nonexistent/prog: not found\n' })
      let caught: Error | undefined
      await conn.exec(['true'], { cwd: join(dir, 'nope') }).catch((e) => (caught = e))
      expect(caught?.message).to.match(/cannot change directory to .*nope/)
    })

    it('runs directly when become names the current user', async () => {
      // A bogus flag would make sudo fail: success proves no sudo was involved.
      const become = { method: 'sudo' as const, user: userInfo().username, flags: '--no-such-flag' }
      const r = await conn.exec(['id', '-un'], { become })
      expect(r).to.deep.equal({ rc: 0, stdout: `${userInfo().username}\n`, stderr: '' })
    })
  })

  describe('files', () => {
    it('upload copies a file in chunks, atomically, with the mode given', async () => {
      const data = Buffer.alloc(3 * 1024 * 1024 + 5, 7)
      await fs.writeFile(join(dir, 'src'), data)
      await fs.writeFile(join(dir, 'dest'), 'old')
      await conn.upload(join(dir, 'src'), join(dir, 'dest'), { mode: 0o640 })
      expect((await fs.readFile(join(dir, 'dest'))).equals(data)).to.equal(true)
      expect(statSync(join(dir, 'dest')).mode & 0o7777).to.equal(0o640)
      expect((await fs.readdir(dir)).sort()).to.deep.equal(['dest', 'src'])
    })

    it('download copies to a temp file then renames; a failure leaves the old copy', async () => {
      await fs.writeFile(join(dir, 'remote'), 'fresh')
      await fs.writeFile(join(dir, 'copy'), 'old')
      await conn.download(join(dir, 'remote'), join(dir, 'copy'))
      expect(await fs.readFile(join(dir, 'copy'), 'utf8')).to.equal('fresh')
      let caught: NodeJS.ErrnoException | undefined
      await conn.download(join(dir, 'missing'), join(dir, 'copy')).catch((e) => (caught = e))
      expect(caught?.code).to.equal('ENOENT')
      expect(await fs.readFile(join(dir, 'copy'), 'utf8')).to.equal('fresh')
      expect((await fs.readdir(dir)).sort()).to.deep.equal(['copy', 'remote'])
    })

    it('reads files, and rejects with ENOENT for missing ones', async () => {
      await fs.writeFile(join(dir, 'f'), 'data')
      expect((await conn.readFile(join(dir, 'f'))).toString()).to.equal('data')
      let caught: NodeJS.ErrnoException | undefined
      await conn.readFile(join(dir, 'missing')).catch((e) => (caught = e))
      expect(caught?.code).to.equal('ENOENT')
    })

    it('stats without following links unless asked, giving the link target', async () => {
      await fs.writeFile(join(dir, 'f'), 'data')
      await fs.chmod(join(dir, 'f'), 0o640)
      await fs.symlink('f', join(dir, 'link'))
      const link = await conn.stat(join(dir, 'link'))
      expect(link).to.include({ islnk: true, isreg: false, linkTarget: 'f' })
      const followed = await conn.stat(join(dir, 'link'), { follow: true })
      expect(followed).to.include({ islnk: false, isreg: true, size: 4, mode: 0o640 })
      expect(followed?.linkTarget).to.equal(undefined)
      expect(await conn.stat(join(dir, 'missing'))).to.equal(null)
      expect(await conn.stat(join(dir, 'f', 'under-a-file'))).to.equal(null)
      expect(await conn.stat(dir)).to.include({ isdir: true })
    })

    it('writes atomically with the requested mode, leaving no temp file', async () => {
      const path = join(dir, 'conf')
      await conn.writeFile(path, 'one', { mode: 0o600 })
      expect(await fs.readFile(path, 'utf8')).to.equal('one')
      expect(statSync(path).mode & 0o7777).to.equal(0o600)
      expect(await fs.readdir(dir)).to.deep.equal(['conf'])
    })

    it('keeps the mode of the file it replaces, and gives new files the umask default', async () => {
      const path = join(dir, 'script')
      await fs.writeFile(path, 'old')
      await fs.chmod(path, 0o750)
      await conn.writeFile(path, Buffer.from('new'))
      expect(statSync(path).mode & 0o7777).to.equal(0o750)
      await conn.writeFile(join(dir, 'fresh'), 'x')
      expect(statSync(join(dir, 'fresh')).mode & 0o7777).to.equal(0o666 & ~process.umask())
    })

    it('leaves the old file intact and removes the temp file when the write fails', async () => {
      const path = join(dir, 'conf')
      await fs.writeFile(path, 'old content')
      let caught: Error | undefined
      await conn.writeFile(path, 'new content', { owner: 'no-such-user-tsplay' }).catch((e) => (caught = e))
      expect(caught?.message).to.match(/user 'no-such-user-tsplay' does not exist/)
      expect(await fs.readFile(path, 'utf8')).to.equal('old content')
      expect(await fs.readdir(dir)).to.deep.equal(['conf'])
    })

    it('fails to write into a missing folder without creating anything', async () => {
      let caught: NodeJS.ErrnoException | undefined
      await conn.writeFile(join(dir, 'no', 'file'), 'x').catch((e) => (caught = e))
      expect(caught?.code).to.equal('ENOENT')
    })
  })
})
