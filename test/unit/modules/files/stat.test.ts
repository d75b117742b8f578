import { expect } from 'chai'
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import stat from '../../../../modules/stat.js'
import slurp from '../../../../modules/slurp.js'
import { FakeHost } from '../fake-host.js'
import { Sandbox, runModule } from './helpers.js'

describe('stat module', () => {
  let box: Sandbox
  beforeEach(async () => {
    box = await Sandbox.create()
    await fs.writeFile(box.path('f'), 'hi\n', { mode: 0o640 })
    await fs.chmod(box.path('f'), 0o4750)
    await fs.symlink('f', box.path('l'))
    await fs.mkdir(box.path('d'))
  })
  afterEach(() => box.cleanup())

  const statOf = async (args: Record<string, unknown>) => (await runModule(stat, box.host, args)).result.stat as Record<string, unknown>

  it('describes a regular file as Ansible does', async () => {
    const st = await statOf({ path: box.path('f') })
    expect(st).to.include({
      exists: true, path: box.path('f'), mode: '4750', isreg: true, isdir: false, islnk: false, isuid: true, isgid: false,
      size: 3, readable: true, xusr: true, roth: false, checksum: createHash('sha1').update('hi\n').digest('hex'),
      mimetype: 'text/plain', charset: 'us-ascii',
    })
    expect(st.pw_name).to.be.a('string')
    expect(st.mtime).to.be.a('number')
    expect(st.attributes).to.be.an('array')
  })

  it('describes a symlink, or what it points to with follow', async () => {
    expect(await statOf({ path: box.path('l'), get_mime: false })).to.include({ islnk: true, isreg: false, lnk_target: 'f', lnk_source: box.path('f'), mode: '0777' })
    expect(await statOf({ path: box.path('l'), follow: true, checksum_algorithm: 'sha256', get_md5: true })).to.include({
      islnk: false,
      isreg: true,
      checksum: createHash('sha256').update('hi\n').digest('hex'),
      md5: createHash('md5').update('hi\n').digest('hex'),
    })
  })

  it('has no checksum for folders, and exists: false for missing paths', async () => {
    expect(await statOf({ path: box.path('d') })).to.include({ isdir: true }).and.not.have.property('checksum')
    expect(await statOf({ path: box.path('nope') })).to.deep.equal({ exists: false })
  })

  it('fails like Ansible when a parent is not a folder', async () => {
    const run = await runModule(stat, box.host, { path: box.path('f', 'x') })
    expect(run.result).to.include({ failed: true, msg: 'Not a directory' })
  })

  it('asks the target once, with the path as an argument', async () => {
    const answers = ['stat', '81a4 0 0 3 7 64768 1 1.5 2.5 3.5 8 4096 0 0 root root', 'access', '110', '']
    const host = new FakeHost().onExec('sh -c', { stdout: answers.join('\0') })
    const st = (await runModule(stat, host, { path: '/etc/x y', get_checksum: false, get_mime: false, get_attributes: false })).result.stat
    expect(host.execs).to.have.length(1)
    expect(host.execs[0]).to.include('/etc/x y')
    expect(st).to.include({ mode: '0644', size: 3, atime: 1.5, mtime: 2.5, pw_name: 'root', readable: true, writeable: true, executable: false })
  })
})

describe('slurp module', () => {
  const cases: [string, FakeHost, Record<string, unknown>][] = [
    ['reads a file as base64', new FakeHost().withFile('/etc/hostname', 'lab\n'), { changed: false, content: 'bGFiCg==', encoding: 'base64', source: '/etc/hostname' }],
    ['fails on a missing file', new FakeHost(), { failed: true, msg: 'file not found: /etc/hostname' }],
  ]
  for (const [title, host, expected] of cases) {
    it(title, async () => {
      expect((await runModule(slurp, host, { src: '/etc/hostname' })).result).to.include(expected)
    })
  }
})
