// The SFTP fast paths of the ssh transport: stat for attributes only (no process on the
// target), reads of any size in few round trips, and writes whose requests go out
// together — each checked against a full stat, the bytes written, and what is left
// in the folder when something fails.
import { expect } from 'chai'
import { randomBytes } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import type { SshConnection } from '../../engine/connection/ssh.js'
import type { FileStat } from '../../engine/connection/connection.js'
import { TaskHost } from '../../engine/module.js'
import { builtinModules } from '../../modules/index.js'
import { runModule } from '../unit/modules/files/helpers.js'
import { useSshHosts } from './fixture.js'

const ATTRIBUTES = ['exists', 'isdir', 'isreg', 'islnk', 'mode', 'uid', 'gid', 'size', 'nlink', 'linkTarget'] as const

function attributesOf(st: FileStat | null): Partial<FileStat> | null {
  if (!st) return null
  const out: Record<string, unknown> = {}
  for (const key of ATTRIBUTES) if (st[key] !== undefined && !(key === 'nlink' && !st.isreg)) out[key] = st[key]
  return out as Partial<FileStat>
}

/** Fails any command the connection would start: proves an answer came from SFTP alone. */
function forbidCommands(c: SshConnection): void {
  ;(c as unknown as { runRaw: () => never }).runRaw = () => {
    throw new Error('a process was started on the target')
  }
}

describe('SshConnection SFTP fast paths', function () {
  this.timeout(60000)
  const ssh = useSshHosts(1)
  const conn = () => ssh.connect(ssh.hosts[0]!)
  let dir: string
  let n = 0
  beforeEach(async () => {
    dir = `${ssh.lab.scratch}/fast${n++}`
    await conn().exec(['mkdir', dir])
  })

  describe("stat with need: 'attributes'", () => {
    it('tells what a full stat tells about files, hard links, folders and symlinks', async () => {
      const c = conn()
      await c.exec({ script: `cd ${dir} && printf hello > f && ln f hard && mkdir d && ln -s f link && ln -s 'd' dlink && ln -s nowhere dangling` })
      for (const name of ['f', 'hard', 'd', 'link', 'dlink', 'dangling', 'missing', 'missing/below', 'f/below']) {
        for (const follow of [false, true]) {
          const path = `${dir}/${name}`
          const full = await c.stat(path, { follow })
          const attrs = await c.stat(path, { follow, need: 'attributes' })
          expect(attributesOf(attrs), `${name} follow=${follow}`).to.deep.equal(attributesOf(full))
        }
      }
      expect(await c.stat(`${dir}/link`, { follow: true, need: 'attributes' })).to.include({ isreg: true, nlink: 2 })
    })

    it('starts no process for existing files, folders and links', async () => {
      const c = conn()
      await c.exec({ script: `cd ${dir} && printf x > f && ln f hard && ln -s hard link && mkdir d` })
      forbidCommands(c)
      expect(await c.stat(`${dir}/f`, { need: 'attributes' })).to.include({ isreg: true, nlink: 2, size: 1 })
      expect(await c.stat(`${dir}/link`, { need: 'attributes' })).to.include({ islnk: true, linkTarget: 'hard' })
      expect(await c.stat(`${dir}/link`, { follow: true, need: 'attributes' })).to.include({ isreg: true, nlink: 2 })
      expect(await c.stat(`${dir}/d`, { need: 'attributes' })).to.include({ isdir: true })
      expect(await c.stat(`${dir}/none`, { need: 'attributes' })).to.equal(null)
    })

    it('still gets the link count when the folder cannot be listed or is too big to search', async () => {
      const c = conn()
      await c.exec({ script: `cd ${dir} && mkdir closed big && printf x > closed/f && ln closed/f closed/g && chmod 311 closed` })
      expect(await c.stat(`${dir}/closed/f`, { need: 'attributes' })).to.include({ isreg: true, nlink: 2 })
      // More names than the listing search reads: the file may come last.
      await c.exec({ script: `cd ${dir}/big && for i in $(seq 1 1500); do : > "n$i"; done && ln n1 zz` })
      for (const name of ['n1', 'n777', 'zz']) expect(await c.stat(`${dir}/big/${name}`, { need: 'attributes' }), name).to.include({ nlink: name === 'n777' ? 1 : 2 })
      await c.exec(['chmod', '755', `${dir}/closed`])
    })

    it('reports a symlink loop followed as an error, as the full stat does', async () => {
      const c = conn()
      await c.exec(['ln', '-s', 'loop', `${dir}/loop`])
      const code = await c.stat(`${dir}/loop`, { follow: true, need: 'attributes' }).then(() => 'none', (e: NodeJS.ErrnoException) => e.code)
      expect(code).to.not.equal('none')
    })

    it('works as a become user through sudo sftp-server', async () => {
      const c = conn()
      const root = { method: 'sudo' as const, user: 'root' }
      await c.exec({ script: `cd ${dir} && printf x > f && ln f g && chmod 700 .` })
      expect(await c.stat(`${dir}/f`, { become: root, need: 'attributes' })).to.include({ isreg: true, nlink: 2 })
      await c.exec(['chmod', '755', dir])
    })
  })

  describe('accountNames', () => {
    it('names ids as getpwuid/getgrgid do on the target, in one SFTP request', async () => {
      const c = conn()
      forbidCommands(c)
      const names = await c.accountNames([ssh.lab.uid, 0, 3999999], [0, 3999999])
      expect(names).to.deep.equal({ users: ['tsplaytest', 'root', undefined], groups: ['root', undefined] })
    })
  })

  describe('fileType', () => {
    const fileLine = async (c: SshConnection, path: string, become?: { method: 'sudo'; user: string }) =>
      (await c.exec(['file', '--mime-type', '--mime-encoding', '--', path], { become })).stdout.replace(/\n$/, '')

    it('leaves a user\'s first question to the caller, then answers as `file --mime-type --mime-encoding` does, from one kept process', async () => {
      const c = conn()
      await c.exec({ script: `cd ${dir} && printf 'hello\\n' > text && : > empty && printf '\\0\\1' > bin && mkdir 'a: dir' && printf x > 'sp ace'` })
      const paths = ['text', 'empty', 'bin', 'a: dir', 'sp ace', 'missing', '.'].map((name) => `${dir}/${name}`)
      const expected = await Promise.all(paths.map((path) => fileLine(c, path)))
      expect(c.fileType(paths[0]!)).to.equal(undefined)
      expect(await c.fileType(paths[0]!)).to.equal(expected[0])
      forbidCommands(c)
      expect(await Promise.all(paths.map((path) => c.fileType(path)))).to.deep.equal(expected)
    })

    it('is only a speed-up: with no channel to spare it is not started, and SFTP keeps its channel', async () => {
      const c = ssh.connect(ssh.hosts[0]!, { maxChannels: 2 })
      await c.writeFile(`${dir}/f`, 'x')
      c.fileType(`${dir}/f`)
      expect(await c.fileType(`${dir}/f`)).to.equal(undefined)
      forbidCommands(c)
      expect((await c.readFile(`${dir}/f`)).toString()).to.equal('x')
    })

    it('does not ask for paths that cannot travel on a line', async () => {
      const c = conn()
      c.fileType('/')
      expect(c.fileType('-')).to.equal(undefined)
      expect(c.fileType(`${dir}/new\nline`)).to.equal(undefined)
      expect(c.fileType('')).to.equal(undefined)
    })

    it('runs as the become user', async () => {
      const c = conn()
      const root = { method: 'sudo' as const, user: 'root' }
      await c.exec({ script: `cd ${dir} && printf 'secret\\n' > s && chmod 600 s && chmod 700 .` }, { become: root })
      c.fileType('/', { become: root })
      c.fileType('/')
      expect(await c.fileType(`${dir}/s`, { become: root })).to.equal(await fileLine(c, `${dir}/s`, root))
      expect(await c.fileType(`${dir}/s`)).to.equal(await fileLine(c, `${dir}/s`))
      await c.exec(['chmod', '755', dir], { become: root })
    })
  })

  describe('readFile', () => {
    it('reads files of every size around the request size intact', async () => {
      const c = conn()
      for (const size of [0, 1, 32767, 32768, 32769, 65536, 255 * 1024, 256 * 1024 + 1, 1024 * 1024 + 3]) {
        const data = randomBytes(size)
        await c.writeFile(`${dir}/s${size}`, data)
        expect((await c.readFile(`${dir}/s${size}`)).equals(data), `size ${size}`).to.equal(true)
      }
    })

    it('reads files that report no size until their end', async () => {
      const status = (await conn().readFile('/proc/self/status')).toString()
      expect(status).to.match(/^Name:/)
      expect(status).to.match(/VmFlags|voluntary_ctxt_switches/)
    })
  })

  describe('writeFile', () => {
    it('refuses a folder as target and leaves no temp file, with or without a mode', async () => {
      const c = conn()
      await c.exec(['mkdir', `${dir}/sub`])
      for (const opts of [{}, { mode: 0o600 }]) {
        const code = await c.writeFile(`${dir}/sub`, 'x', opts).then(() => 'none', (e: NodeJS.ErrnoException) => e.code)
        expect(code).to.equal('EISDIR')
        expect(readdirSync(dir)).to.deep.equal(['sub'])
      }
    })

    it('fails into a missing folder with ENOENT and leaves nothing behind', async () => {
      const c = conn()
      for (const opts of [{}, { mode: 0o600 }]) {
        const code = await c.writeFile(`${dir}/none/f`, 'x', opts).then(() => 'none', (e: NodeJS.ErrnoException) => e.code)
        expect(code).to.equal('ENOENT')
        expect(readdirSync(dir)).to.deep.equal([])
      }
    })

    it('gives an empty file, a small one and a big one their mode', async () => {
      const c = conn()
      for (const [name, size] of [['empty', 0], ['small', 10], ['big', 300 * 1024]] as const) {
        const data = randomBytes(size)
        await c.writeFile(`${dir}/${name}`, data, { mode: 0o640 })
        expect(statSync(`${dir}/${name}`).mode & 0o7777, name).to.equal(0o640)
        expect((await c.readFile(`${dir}/${name}`)).equals(data), name).to.equal(true)
      }
      expect(readdirSync(dir).sort()).to.deep.equal(['big', 'empty', 'small'])
    })
  })

  describe('mkdir', () => {
    it('makes a folder with exactly the mode given (not masked by the umask), without a process', async () => {
      const c = conn()
      forbidCommands(c)
      expect(await c.mkdir(`${dir}/a`, { mode: 0o777 })).to.equal(true)
      expect(await c.mkdir(`${dir}/b`)).to.equal(true)
      expect(statSync(`${dir}/a`).mode & 0o7777).to.equal(0o777)
      expect(statSync(`${dir}/b`).isDirectory()).to.equal(true)
    })

    it('fails with fs-like codes', async () => {
      const c = conn()
      const code = (p: Promise<unknown>) => p.then(() => 'made', (e: NodeJS.ErrnoException) => e.code)
      expect(await code(c.mkdir(`${dir}/missing/below`))).to.equal('ENOENT')
      await c.mkdir(`${dir}/there`)
      expect(await code(c.mkdir(`${dir}/there`))).to.equal('EEXIST')
      expect(await code(c.mkdir('/root/tsplay-not-allowed'))).to.equal('EACCES')
    })

    it('lets the file module make missing folders with their mode without a process', async () => {
      const c = conn()
      forbidCommands(c)
      const host = new TaskHost('node0', c, {})
      const run = await runModule(builtinModules.file!, host, { path: `${dir}/x/y/z`, state: 'directory', mode: '0750' })
      expect(run.result, JSON.stringify(run.result)).to.include({ changed: true, state: 'directory', mode: '0750' })
      for (const sub of ['x', 'x/y', 'x/y/z']) expect(statSync(`${dir}/${sub}`).mode & 0o7777, sub).to.equal(0o750)
    })
  })
})
