// get_url against a loopback HTTP server and a temporary folder, on this machine
// through the local connection: the download really happens on the "target".
import { expect } from 'chai'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { TaskHost, type ModuleOutcome, type ModuleResult } from '../../../../engine/module.js'
import { validateModuleParams } from '../../../../engine/load/module-params.js'
import get_url from '../../../../modules/get_url.js'
import { fetchOnTarget } from '../../../../modules/lib/system/http-fetch.js'
import { fakeContext } from './system-host.js'
import { TestServer } from './http-server.js'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const OLD = new Date('2020-01-01T00:00:00Z')

describe('get_url module (loopback server, temporary folder)', function () {
  this.timeout(20000)
  const server = new TestServer({
    '/file.txt': { body: 'hello\n', lastModified: OLD },
    '/changing.txt': { body: 'v1\n' },
    '/dl': { body: 'attached\n', headers: { 'Content-Disposition': 'attachment; filename="report.csv"' } },
    '/dir/image.iso': { body: 'iso bytes\n' },
    '/SHA256SUMS': { body: `${sha256('iso bytes\n')} *image.iso\n${sha256('other')}  other.iso\n` },
    '/private.txt': { body: 'secret data\n', auth: 'alice:s3cret' },
  })
  const connection = new LocalConnection()
  const host = new TaskHost('local', connection, {})
  let dir: string

  before(() => server.start())
  after(async () => {
    await server.stop()
    await connection.close()
  })
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsplay-get_url-'))
    server.requests.length = 0
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  async function run(args: Record<string, unknown>, checkMode = false): Promise<{ out: ModuleOutcome; result: ModuleResult }> {
    const params = validateModuleParams(get_url, args)
    const out = await get_url.run(host, params as never, fakeContext({ checkMode }))
    let result: ModuleResult = { changed: out.kind === 'change', ...out.result }
    if (out.kind === 'fail') result.failed = true
    if (out.kind === 'change' && out.apply && !checkMode) result = { ...result, ...((await out.apply()) ?? {}) }
    return { out, result }
  }

  it('downloads a new file and reports it like Ansible', async () => {
    const dest = join(dir, 'hello.txt')
    const { result } = await run({ url: server.url('/file.txt'), dest })
    expect(readFileSync(dest, 'utf8')).to.equal('hello\n')
    expect(result).to.include({ changed: true, dest, url: server.url('/file.txt'), status_code: 200, msg: 'OK (6 bytes)', checksum_src: sha1('hello\n'), checksum_dest: null })
    expect(result.md5sum).to.equal(createHash('md5').update('hello\n').digest('hex'))
    expect(statSync(dest).mode & 0o777).to.equal(0o644)
    expect(result).to.include({ mode: '0644', state: 'file', size: 6, uid: process.getuid!() })
  })

  it('asks only for a newer file the second time (If-Modified-Since) and changes nothing', async () => {
    const dest = join(dir, 'hello.txt')
    await run({ url: server.url('/file.txt'), dest })
    const { result } = await run({ url: server.url('/file.txt'), dest })
    expect(result).to.include({ changed: false, status_code: 304 })
    expect(server.requests.at(-1)!.headers['if-modified-since']).to.be.a('string')
  })

  it('with force downloads again but reports no change for the same content', async () => {
    const dest = join(dir, 'hello.txt')
    writeFileSync(dest, 'hello\n')
    chmodSync(dest, 0o600)
    const { result } = await run({ url: server.url('/file.txt'), dest, force: true })
    expect(result).to.include({ changed: false, checksum_src: sha1('hello\n'), checksum_dest: sha1('hello\n') })
    expect(server.requests.at(-1)!.headers['if-modified-since']).to.equal(undefined)
  })

  it('replaces different content and keeps the old file\'s mode, with a backup', async () => {
    const dest = join(dir, 'changing.txt')
    writeFileSync(dest, 'v0\n')
    chmodSync(dest, 0o640)
    utimesSync(dest, OLD, OLD)
    const { result } = await run({ url: server.url('/changing.txt'), dest, backup: true })
    expect(result.changed).to.equal(true)
    expect(readFileSync(dest, 'utf8')).to.equal('v1\n')
    expect(statSync(dest).mode & 0o777).to.equal(0o640)
    expect(readFileSync(String(result.backup_file), 'utf8')).to.equal('v0\n')
  })

  it('does not download a file whose checksum matches', async () => {
    const dest = join(dir, 'image.iso')
    writeFileSync(dest, 'iso bytes\n')
    const { out, result } = await run({ url: server.url('/dir/image.iso'), dest, checksum: `sha256:${sha256('iso bytes\n')}` })
    expect(out.kind).to.equal('ok')
    expect(result.msg).to.equal('file already exists')
    expect(server.requests).to.have.length(0)
  })

  it('only fixes the mode of a file whose checksum matches', async () => {
    const dest = join(dir, 'image.iso')
    writeFileSync(dest, 'iso bytes\n')
    chmodSync(dest, 0o644)
    const { result } = await run({ url: server.url('/dir/image.iso'), dest, checksum: `sha256:${sha256('iso bytes\n')}`, mode: '0600' })
    expect(result).to.include({ changed: true, msg: 'file already exists but file attributes changed' })
    expect(statSync(dest).mode & 0o777).to.equal(0o600)
  })

  it('finds the checksum in a checksum file and names the file after the URL in a folder', async () => {
    const { result } = await run({ url: server.url('/dir/image.iso'), dest: dir, checksum: `sha256:${server.url('/SHA256SUMS')}` })
    expect(result).to.include({ changed: true, dest: join(dir, 'image.iso') })
    expect(readFileSync(join(dir, 'image.iso'), 'utf8')).to.equal('iso bytes\n')
  })

  it('uses the Content-Disposition name in a folder', async () => {
    const { result } = await run({ url: server.url('/dl'), dest: dir })
    expect(result.dest).to.equal(join(dir, 'report.csv'))
    expect(readFileSync(join(dir, 'report.csv'), 'utf8')).to.equal('attached\n')
  })

  it('removes a download whose checksum is wrong and fails', async () => {
    const dest = join(dir, 'image.iso')
    const { result } = await run({ url: server.url('/dir/image.iso'), dest, checksum: 'sha256:' + 'ab'.repeat(32) })
    expect(result.failed).to.equal(true)
    expect(result.msg).to.equal(`The checksum for ${dest} did not match ${'ab'.repeat(32)}; it was ${sha256('iso bytes\n')}.`)
    expect(() => statSync(dest)).to.throw()
  })

  const failures: [string, () => Record<string, unknown>, () => Record<string, unknown>][] = [
    ['a 404', () => ({ url: server.url('/missing'), dest: join(dir, 'x') }), () => ({ msg: 'Request failed', status_code: 404, response: 'HTTP Error 404: Not Found' })],
    ['a refused connection', () => ({ url: 'http://127.0.0.1:1/x', dest: join(dir, 'x') }), () => ({})],
    ['a checksum without algorithm', () => ({ url: server.url('/file.txt'), dest: join(dir, 'x'), checksum: 'abc' }), () => ({ msg: 'The checksum parameter has to be in format <algorithm>:<checksum>' })],
    ['a checksum that is not hex', () => ({ url: server.url('/file.txt'), dest: join(dir, 'x'), checksum: 'sha1:xyz' }), () => ({ msg: 'The checksum format is invalid' })],
    ['a missing destination folder', () => ({ url: server.url('/file.txt'), dest: join(dir, 'no/such/x') }), () => ({ msg: `Destination ${join(dir, 'no/such')} does not exist` })],
  ]
  for (const [what, args, expected] of failures) {
    it(`fails for ${what}`, async () => {
      const { result } = await run(args())
      expect(result.failed).to.equal(true)
      expect(result).to.include(expected())
      if (what === 'a refused connection') expect(String(result.msg)).to.match(/^Request failed: /)
    })
  }

  it('authenticates without putting the password in any command line', async () => {
    const calls: unknown[] = []
    const spy = new TaskHost('local', connection, {})
    const exec = spy.exec.bind(spy)
    spy.exec = (cmd, opts) => {
      calls.push(cmd)
      return exec(cmd, opts)
    }
    const dest = join(dir, 'private.txt')
    const params = validateModuleParams(get_url, { url: server.url('/private.txt'), dest, url_username: 'alice', url_password: 's3cret' })
    const out = await get_url.run(spy, params as never, fakeContext())
    const result = out.kind === 'change' && out.apply ? await out.apply() : undefined
    expect(result).to.include({ changed: true, status_code: 200 })
    expect(readFileSync(dest, 'utf8')).to.equal('secret data\n')
    expect(JSON.stringify(calls)).not.to.contain('s3cret')
  })

  it('in check mode only asks with HEAD and writes nothing', async () => {
    const dest = join(dir, 'hello.txt')
    const { out, result } = await run({ url: server.url('/file.txt'), dest }, true)
    expect(out.kind).to.equal('change')
    expect(result).to.include({ checksum_src: sha1(''), msg: 'OK (6 bytes)' })
    expect(server.requests.map((r) => r.method)).to.deep.equal(['HEAD'])
    expect(() => statSync(dest)).to.throw()
  })

  it('in check mode reports no change when the server says the file is current', async () => {
    const dest = join(dir, 'hello.txt')
    writeFileSync(dest, 'hello\n')
    const { out } = await run({ url: server.url('/file.txt'), dest }, true)
    expect(out.kind).to.equal('ok')
  })

  it('fetches with python3 the same way when curl is not used', async () => {
    const ok = await fetchOnTarget(host, { url: server.url('/file.txt'), timeout: 5, validateCerts: true, useProxy: false }, 'python3')
    expect(ok).to.include({ status: 200, msg: 'OK (6 bytes)', body: 'hello\n' })
    const missing = await fetchOnTarget(host, { url: server.url('/missing'), timeout: 5, validateCerts: true, useProxy: false }, 'python3')
    expect(missing).to.include({ status: 404, msg: 'HTTP Error 404: Not Found' })
    const auth = await fetchOnTarget(host, { url: server.url('/private.txt'), timeout: 5, validateCerts: true, useProxy: false, username: 'alice', password: 's3cret' }, 'python3')
    expect(auth).to.include({ status: 200, body: 'secret data\n' })
    const refused = await fetchOnTarget(host, { url: 'http://127.0.0.1:1/', timeout: 5, validateCerts: true, useProxy: false }, 'python3')
    expect(refused.status).to.equal(-1)
    expect(refused.msg).to.match(/^Request failed: <urlopen error/)
  })
})
