import { expect } from 'chai'
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import fetch from '../../../../modules/fetch.js'
import tempfile from '../../../../modules/tempfile.js'
import { FakeHost } from '../fake-host.js'
import { Sandbox, runModule, runTwice } from './helpers.js'

describe('fetch module', () => {
  let box: Sandbox
  beforeEach(async () => {
    box = await Sandbox.create()
  })
  afterEach(() => box.cleanup())

  it('stores the file under dest/<host>/<remote path>, once', async () => {
    const host = new FakeHost().withFile('/home/stack/overcloudrc', 'export OS_CLOUD=overcloud\n')
    const [first, second] = await runTwice(fetch, host, { src: '/home/stack/overcloudrc', dest: 'artifacts' }, { playbookDir: box.dir })
    const dest = box.path('artifacts', 'fakehost', 'home', 'stack', 'overcloudrc')
    expect(first.result).to.include({ changed: true, dest, remote_checksum: first.result.checksum, remote_md5sum: null })
    expect(await fs.readFile(dest, 'utf8')).to.equal('export OS_CLOUD=overcloud\n')
    expect(second.result).to.include({ changed: false, dest, file: '/home/stack/overcloudrc' })
  })

  it('streams a file past 1 MiB (hashed on the target), once', async () => {
    const remote = box.path('remote.img')
    const data = Buffer.alloc(2 * 1024 * 1024 + 3, 'y')
    await fs.writeFile(remote, data)
    const [first, second] = await runTwice(fetch, box.host, { src: remote, dest: `${box.path('got')}/`, flat: true }, { playbookDir: box.dir })
    expect(first.result).to.include({ changed: true, dest: box.path('got', 'remote.img'), checksum: createHash('sha1').update(data).digest('hex') })
    expect(first.result.md5sum).to.equal(createHash('md5').update(data).digest('hex'))
    expect((await fs.readFile(box.path('got', 'remote.img'))).equals(data)).to.equal(true)
    expect(second.result.changed).to.equal(false)
  })

  it('stores it in dest itself with flat, keeping the name when dest ends in /', async () => {
    const host = new FakeHost().withFile('/etc/motd', 'hi\n')
    const run = await runModule(fetch, host, { src: '/etc/motd', dest: `${box.dir}/`, flat: true })
    expect(run.result.dest).to.equal(box.path('motd'))
    const refused = await runModule(fetch, host, { src: '/etc/motd', dest: box.dir, flat: true })
    expect(refused.result).to.include({ failed: true, msg: 'dest is an existing directory, use a trailing slash if you want to fetch src into that directory' })
  })

  it('is skipped in check mode and writes nothing, as ansible-core 2.14 does', async () => {
    const host = new FakeHost().withFile('/etc/motd', 'hi\n')
    const run = await runModule(fetch, host, { src: '/etc/motd', dest: box.dir }, { checkMode: true })
    expect(run.result.skipped).to.equal(true)
    expect(run.result.msg).to.equal('check mode not (yet) supported for this module')
    expect(await fs.readdir(box.dir)).to.deep.equal([])
  })

  const missing: [string, FakeHost, Record<string, unknown>, Record<string, unknown>][] = [
    ['a missing file', new FakeHost(), {}, { failed: true, msg: 'the remote file does not exist, not transferring, ignored' }],
    ['a missing file, ignored', new FakeHost(), { fail_on_missing: false }, { changed: false, file: '/etc/x', msg: 'the remote file does not exist, not transferring, ignored' }],
    ['a folder', new FakeHost().withDir('/etc/x'), {}, { failed: true, msg: 'remote file is a directory, fetch cannot work on directories' }],
  ]
  for (const [title, host, args, expected] of missing) {
    it(`reports ${title}`, async () => {
      expect((await runModule(fetch, host, { src: '/etc/x', dest: box.dir, ...args })).result).to.include(expected)
    })
  }
})

describe('tempfile module', () => {
  let box: Sandbox
  beforeEach(async () => {
    box = await Sandbox.create()
  })
  afterEach(() => box.cleanup())

  it('makes a private file or folder with prefix and suffix', async () => {
    const file = await runModule(tempfile, box.host, { path: box.dir, suffix: '.conf' })
    expect(file.result).to.include({ changed: true, state: 'file', mode: '0600' })
    expect(String(file.result.path)).to.match(new RegExp(`^${box.dir}/ansible\\.\\w{8}\\.conf$`))
    const dir = await runModule(tempfile, box.host, { path: box.dir, state: 'directory', prefix: 'img-' })
    expect(dir.result).to.include({ state: 'directory', mode: '0700' })
    expect((await fs.stat(String(dir.result.path))).isDirectory()).to.equal(true)
  })

  it('is skipped in check mode, like Ansible', () => {
    expect(tempfile.supportsCheckMode).to.equal(false)
  })
})
