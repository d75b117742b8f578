import { expect } from 'chai'
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import copy from '../../../../modules/copy.js'
import { FakeHost } from '../fake-host.js'
import { Sandbox, runModule, runTwice } from './helpers.js'

describe('copy module', () => {
  let box: Sandbox
  let files: string
  let findFile: (name: string) => string | undefined
  beforeEach(async () => {
    box = await Sandbox.create()
    files = box.path('controller', 'files')
    await fs.mkdir(join(files, 'conf', 'sub'), { recursive: true })
    await fs.writeFile(join(files, 'conf', 'a.txt'), 'a\n')
    await fs.writeFile(join(files, 'conf', 'sub', 'b.txt'), 'b\n')
    await fs.writeFile(join(files, 'one.txt'), 'one\n', { mode: 0o640 })
    await fs.mkdir(box.path('dest'))
    findFile = (name) => {
      const path = join(files, name)
      return name === 'missing' ? undefined : path
    }
  })
  afterEach(() => box.cleanup())

  it('writes content once, with checksums and a diff; the second run is ok', async () => {
    const dest = box.path('dest', 'vbmc.conf')
    const [first, second] = await runTwice(copy, box.host, { content: '[default]\n', dest, mode: '0640' }, { diffMode: true })
    const sha1 = createHash('sha1').update('[default]\n').digest('hex')
    const md5 = createHash('md5').update('[default]\n').digest('hex')
    expect(first.result).to.include({ changed: true, dest, checksum: sha1, md5sum: md5, mode: '0640', state: 'file' })
    expect(first.result.diff).to.deep.equal([{ before: '', after: '[default]\n' }])
    expect(await fs.readFile(dest, 'utf8')).to.equal('[default]\n')
    expect(second.result).to.include({ changed: false, dest, path: dest, checksum: first.result.checksum })
  })

  it('streams a controller file past 1 MiB: checksums by chunks, no diff of it, validate and idempotence as usual', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 1, 'x')
    await fs.writeFile(join(files, 'image.raw'), data)
    const dest = box.path('dest', 'image.raw')
    const args = { src: 'image.raw', dest, mode: '0600', validate: 'test -s %s' }
    const first = await runModule(copy, box.host, args, { findFile, diffMode: true })
    expect(first.result).to.include({
      changed: true,
      checksum: createHash('sha1').update(data).digest('hex'),
      md5sum: createHash('md5').update(data).digest('hex'),
      mode: '0600',
    })
    expect(first.result.diff).to.deep.equal([{ before: '', src_larger: 104448 }])
    expect((await fs.readFile(dest)).equals(data)).to.equal(true)
    const second = await runModule(copy, box.host, args, { findFile })
    expect(second.result.changed).to.equal(false)
  })

  it('copies a controller file into a folder dest under its own name, with mode preserve', async () => {
    const run = await runModule(copy, box.host, { src: 'one.txt', dest: box.path('dest') + '/', mode: 'preserve' }, { findFile })
    expect(run.result).to.include({ changed: true, dest: box.path('dest', 'one.txt'), src: join(files, 'one.txt'), mode: '0640' })
  })

  it('copies a folder itself, or only its content with a trailing slash', async () => {
    const itself = await runModule(copy, box.host, { src: 'conf', dest: box.path('dest', 'x') }, { findFile })
    expect(itself.result).to.include({ changed: true })
    expect(await fs.readFile(box.path('dest', 'x', 'conf', 'sub', 'b.txt'), 'utf8')).to.equal('b\n')
    const content = await runModule(copy, box.host, { src: 'conf/', dest: box.path('dest', 'y'), directory_mode: '0700' }, { findFile })
    expect(content.result).to.include({ changed: true })
    expect(await fs.readFile(box.path('dest', 'y', 'a.txt'), 'utf8')).to.equal('a\n')
    expect(((await fs.stat(box.path('dest', 'y', 'sub'))).mode & 0o777).toString(8)).to.equal('700')
    const again = await runModule(copy, box.host, { src: 'conf/', dest: box.path('dest', 'y'), directory_mode: '0700' }, { findFile })
    expect(again.result.changed).to.equal(false)
  })

  it('keeps a backup of what it replaces and does not replace with force=no', async () => {
    const dest = box.path('dest', 'f')
    await fs.writeFile(dest, 'old\n')
    const kept = await runModule(copy, box.host, { content: 'new\n', dest, force: false })
    expect(kept.result.changed).to.equal(false)
    const run = await runModule(copy, box.host, { content: 'new\n', dest, backup: true })
    expect(run.result.backup_file).to.match(/\/f\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/)
    expect(await fs.readFile(String(run.result.backup_file), 'utf8')).to.equal('old\n')
    expect(await fs.readFile(dest, 'utf8')).to.equal('new\n')
  })

  it('validates the new content and leaves the file alone when validation fails', async () => {
    const dest = box.path('dest', 'sudoers')
    await fs.writeFile(dest, 'good\n')
    const bad = await runModule(copy, box.host, { content: 'bad\n', dest, validate: 'grep -q good %s' })
    expect(bad.result).to.include({ failed: true, msg: 'failed to validate', exit_status: 1 })
    expect(await fs.readFile(dest, 'utf8')).to.equal('good\n')
    const good = await runModule(copy, box.host, { content: 'good too\n', dest, validate: 'grep -q good %s' })
    expect(good.result.changed).to.equal(true)
  })

  it('copies within the target with remote_src', async () => {
    const src = box.path('dest', 'orig')
    await fs.writeFile(src, 'data', { mode: 0o600 })
    const [first, second] = await runTwice(copy, box.host, { src, dest: box.path('dest', 'copy'), remote_src: true })
    expect(first.result).to.include({ changed: true, mode: '0600', checksum: second.result.checksum })
    expect(first.result.md5sum).to.equal('8d777f385d3dfec8815d20f7496026dc')
    expect(second.result.changed).to.equal(false)
  })

  it('writes a mapping as JSON the way json.dumps does', async () => {
    const dest = box.path('dest', 'j')
    await runModule(copy, box.host, { content: { a: 1, b: ['x', 'y'] }, dest })
    expect(await fs.readFile(dest, 'utf8')).to.equal('{"a": 1, "b": ["x", "y"]}')
  })

  it('changes nothing in check mode, but says what would change', async () => {
    const dest = box.path('dest', 'f')
    await fs.writeFile(dest, 'old\n')
    const run = await runModule(copy, box.host, { content: 'new\n', dest, mode: '0600' }, { checkMode: true, diffMode: true })
    expect(run.result).to.include({ changed: true })
    expect(run.result.diff).to.deep.equal([{ before_header: dest, before: 'old\n', after: 'new\n' }])
    expect(await fs.readFile(dest, 'utf8')).to.equal('old\n')
  })

  const failures: [string, Record<string, unknown>, string][] = [
    ['neither src nor content', {}, 'src (or content) is required'],
    ['both src and content', { src: 'one.txt', content: 'x' }, 'src and content are mutually exclusive'],
    ['content into a folder', { content: 'x', dest: '/tmp/' }, 'can not use content with a dir as dest'],
    ['a missing controller file', { src: 'missing' }, "Could not find or access 'missing'"],
    ['a wrong checksum', { content: 'x', checksum: 'abc' }, 'Copied file does not match the expected checksum'],
    ['a missing destination folder', { content: 'x', dest: '/nonexistent/dir/f' }, 'Destination directory /nonexistent/dir does not exist'],
    ['a validate without %s', { content: 'x', validate: 'true' }, 'validate must contain %s: true'],
  ]
  for (const [title, args, msg] of failures) {
    it(`fails on ${title}`, async () => {
      const run = await runModule(copy, box.host, { dest: box.path('dest', 'f'), ...args }, { findFile })
      expect(run.result.failed).to.equal(true)
      expect(String(run.result.msg)).to.include(msg)
    })
  }

  it('reads the destination, compares checksums and writes only in apply', async () => {
    const host = new FakeHost().withDir('/etc').withFile('/etc/motd', 'old\n')
    const run = await runModule(copy, host, { content: 'new\n', dest: '/etc/motd' }, { checkMode: true })
    expect(run.result.changed).to.equal(true)
    expect(host.ops.filter((op) => op === 'write')).to.deep.equal([])
    expect(host.calls.filter((c) => c.op === 'read').map((c) => (c as { path: string }).path)).to.include('/etc/motd')
    if (run.outcome.kind === 'change') await run.outcome.apply!()
    expect(host.files.get('/etc/motd')?.toString()).to.equal('new\n')
  })
})
