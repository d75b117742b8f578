import { expect } from 'chai'
import { promises as fs } from 'node:fs'
import file from '../../../../modules/file.js'
import { FakeHost, commandText } from '../fake-host.js'
import { Sandbox, runModule, runTwice } from './helpers.js'

const modeOf = async (path: string) => ((await fs.lstat(path)).mode & 0o7777).toString(8)

describe('file module', () => {
  let box: Sandbox
  beforeEach(async () => {
    box = await Sandbox.create()
  })
  afterEach(() => box.cleanup())

  it('creates a folder with its parents and the mode on each, then finds nothing to do', async () => {
    const path = box.path('a', 'b', 'c')
    const [first, second] = await runTwice(file, box.host, { path, state: 'directory', mode: '0750' }, { diffMode: true })
    expect(first.result).to.include({ changed: true, path, state: 'directory', mode: '0750' })
    expect(first.result.diff).to.deep.equal({ before: { path, state: 'absent', mode: '0755' }, after: { path, state: 'directory', mode: '0750' } })
    expect(await modeOf(box.path('a'))).to.equal('750')
    expect(second.result).to.include({ changed: false, mode: '0750' })
  })

  it('words a folder it cannot make as Ansible words the OSError', async () => {
    await fs.writeFile(box.path('plain'), 'x')
    const run = await runModule(file, box.host, { path: box.path('plain', 'sub', 'deeper'), state: 'directory' })
    expect(run.result).to.include({
      failed: true,
      msg: `There was an issue creating ${box.path('plain', 'sub')} as requested: [Errno 20] Not a directory: b'${box.path('plain', 'sub')}'`,
    })
  })

  it('changes a mode symbolically and reports the before/after modes', async () => {
    const path = box.path('f')
    await fs.writeFile(path, 'x', { mode: 0o644 })
    const run = await runModule(file, box.host, { path, mode: 'u+x,o=' }, { diffMode: true })
    expect(run.result).to.include({ changed: true, mode: '0740', state: 'file', size: 1 })
    expect(run.result.diff).to.deep.equal({ before: { path, mode: '0644' }, after: { path, mode: '0740' } })
    expect(await modeOf(path)).to.equal('740')
  })

  it('never touches the target in check mode', async () => {
    const path = box.path('f')
    await fs.writeFile(path, 'x', { mode: 0o644 })
    const cases = [
      { path, mode: '0600' },
      { path: box.path('d'), state: 'directory' },
      { path: box.path('t'), state: 'touch' },
      { path: box.path('l'), src: path, state: 'link' },
      { path, state: 'absent' },
    ]
    for (const args of cases) {
      const run = await runModule(file, box.host, args, { checkMode: true })
      expect(run.result.changed, JSON.stringify(args)).to.equal(true)
    }
    expect(await fs.readdir(box.dir)).to.deep.equal(['f'])
    expect(await modeOf(path)).to.equal('644')
  })

  it('makes symlinks and hard links, and replaces a link that points elsewhere', async () => {
    const a = box.path('a')
    const b = box.path('b')
    await fs.writeFile(a, 'A')
    await fs.writeFile(b, 'B')
    const [link, again] = await runTwice(file, box.host, { src: a, dest: box.path('l'), state: 'link' })
    expect(link.result).to.include({ changed: true, dest: box.path('l'), src: a, state: 'link' })
    expect(again.result.changed).to.equal(false)
    const moved = await runModule(file, box.host, { src: b, dest: box.path('l'), state: 'link' }, { diffMode: true })
    expect(moved.result.diff).to.deep.equal({ before: { path: box.path('l'), src: a }, after: { path: box.path('l'), src: b } })
    expect(await fs.readlink(box.path('l'))).to.equal(b)
    const [hard, hardAgain] = await runTwice(file, box.host, { src: a, dest: box.path('h'), state: 'hard' })
    expect(hard.result).to.include({ changed: true, state: 'hard' })
    expect(hardAgain.result.changed).to.equal(false)
    expect((await fs.stat(box.path('h'))).ino).to.equal((await fs.stat(a)).ino)
  })

  it('touches: creates, then changes the times every run', async () => {
    const path = box.path('t')
    const first = await runModule(file, box.host, { path, state: 'touch', mode: 'u=rw,go=' })
    expect(first.result).to.include({ changed: true, dest: path, state: 'file', mode: '0600' })
    const second = await runModule(file, box.host, { path, state: 'touch' })
    expect(second.result.changed).to.equal(true)
  })

  it('sets a modification time once, then is idempotent', async () => {
    const path = box.path('f')
    await fs.writeFile(path, '')
    const [first, second] = await runTwice(file, box.host, { path, modification_time: '202001021234.56' })
    expect(first.result.changed).to.equal(true)
    expect((await fs.stat(path)).mtime.getTime()).to.equal(new Date(2020, 0, 2, 12, 34, 56).getTime())
    expect(second.result.changed).to.equal(false)
  })

  it('removes a folder with its content and lists it in the diff', async () => {
    await fs.mkdir(box.path('d', 'sub'), { recursive: true })
    await fs.writeFile(box.path('d', 'f'), '')
    const [first, second] = await runTwice(file, box.host, { path: box.path('d'), state: 'absent' }, { diffMode: true })
    expect(first.result).to.include({ changed: true, state: 'absent' })
    expect((first.result.diff as { before: Record<string, unknown> }).before.path_content).to.deep.equal({
      directories: [box.path('d', 'sub')],
      files: [box.path('d', 'f')],
    })
    expect(second.result).to.include({ changed: false, state: 'absent' })
  })

  it('applies recurse to everything below the folder, with X for folders only', async () => {
    await fs.mkdir(box.path('d', 'sub'), { recursive: true, mode: 0o700 })
    await fs.writeFile(box.path('d', 'sub', 'f'), '', { mode: 0o600 })
    const [first, second] = await runTwice(file, box.host, { path: box.path('d'), state: 'directory', recurse: true, mode: 'go+rX' })
    expect(first.result.changed).to.equal(true)
    expect(await modeOf(box.path('d', 'sub'))).to.equal('755')
    expect(await modeOf(box.path('d', 'sub', 'f'))).to.equal('644')
    expect(second.result.changed).to.equal(false)
  })

  const failures: [string, Record<string, unknown>, string][] = [
    ['state=file on a missing path', { state: 'file' }, 'is absent, cannot continue'],
    ['recurse without a folder', { state: 'file', recurse: true }, "recurse option requires state to be 'directory'"],
    ['src without a link state', { state: 'touch', src: '/etc/hosts' }, "src option requires state to be 'link' or 'hard'"],
    ['a symlink to nowhere without force', { state: 'link', src: '/nonexistent/x' }, 'src file does not exist, use "force=yes"'],
    ['a hard link without src', { state: 'hard' }, 'src is required for creating new hardlinks'],
    ['a bad mode', { state: 'directory', mode: 'u=rwq' }, 'mode must be in octal or symbolic form'],
    ['a time that does not fit its format', { state: 'touch', modification_time: '2020-01-01' }, 'Error while obtaining timestamp for time 2020-01-01'],
  ]
  for (const [title, args, msg] of failures) {
    it(`fails on ${title}`, async () => {
      const run = await runModule(file, box.host, { path: box.path('x'), ...args })
      expect(run.outcome.kind).to.equal('fail')
      expect(String(run.result.msg)).to.include(msg)
    })
  }

  it('refuses to turn a file into a link without force', async () => {
    await fs.writeFile(box.path('x'), '')
    const run = await runModule(file, box.host, { path: box.path('x'), src: '/etc/hosts', state: 'link' })
    expect(run.result).to.include({ failed: true, msg: `refusing to convert from file to symlink for ${box.path('x')}` })
  })

  it('plans chown and chmod from what it read, and runs them only in apply', async () => {
    const host = new FakeHost().withFile('/srv/app.conf', 'x').withFile('/etc/passwd', 'root:x:0:0::/root:/bin/sh\nstack:x:1000:1000::/home/stack:/bin/bash\n')
    host.withFile('/etc/group', 'root:x:0:\nstack:x:1000:\n')
    const run = await runModule(file, host, { path: '/srv/app.conf', owner: 'stack', group: 'stack', mode: '0600' }, { checkMode: true })
    expect(run.outcome.kind).to.equal('change')
    expect(host.execs).to.deep.equal([])
    if (run.outcome.kind !== 'change') return
    await run.outcome.apply!()
    expect(host.execs.map(commandText)).to.deep.equal(['chown -h 1000:1000 -- /srv/app.conf && chmod 0600 -- /srv/app.conf'])
  })

  it('fails on an owner the target does not know', async () => {
    const host = new FakeHost().withFile('/srv/f', 'x').withFile('/etc/passwd', 'root:x:0:0::/root:/bin/sh\n').onExec('getent', { rc: 2 })
    const run = await runModule(file, host, { path: '/srv/f', owner: 'nobody-here' })
    expect(run.result).to.include({ failed: true, msg: 'chown failed: failed to look up user nobody-here' })
  })
})
