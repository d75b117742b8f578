// unarchive with real tar/unzip on this machine, in temporary folders only.
import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { TaskHost, type ModuleOutcome, type ModuleResult } from '../../../../engine/module.js'
import { validateModuleParams } from '../../../../engine/load/module-params.js'
import unarchive from '../../../../modules/unarchive.js'
import { parseZipInfoLine } from '../../../../modules/lib/system/archive-zip.js'
import { fakeContext } from './system-host.js'
import { TestServer } from './http-server.js'

describe('unarchive module (temporary folders)', function () {
  this.timeout(30000)
  const connection = new LocalConnection()
  let work: string
  let dest: string
  let archives: Record<string, string>
  const server = new TestServer({})
  const mktemps: string[] = []
  const host = new TaskHost('local', connection, {})
  const exec = host.exec.bind(host)
  host.exec = async (cmd, opts) => {
    const r = await exec(cmd, opts)
    if (Array.isArray(cmd) && cmd[0] === 'mktemp') mktemps.push(r.stdout.trim())
    return r
  }

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'tsplay-unarchive-'))
    const tree = join(work, 'tree')
    mkdirSync(join(tree, 'app', 'bin'), { recursive: true })
    writeFileSync(join(tree, 'app', 'README'), 'read me\n')
    writeFileSync(join(tree, 'app', 'bin', 'run'), '#!/bin/sh\necho run\n', { mode: 0o755 })
    archives = {
      tgz: join(work, 'app.tar.gz'),
      txz: join(work, 'app.tar.xz'),
      zip: join(work, 'app.zip'),
      bad: join(work, 'notes.txt'),
    }
    execFileSync('tar', ['-czf', archives.tgz!, '-C', tree, 'app'])
    execFileSync('tar', ['-cJf', archives.txz!, '-C', tree, 'app'])
    execFileSync('zip', ['-qr', archives.zip!, 'app'], { cwd: tree })
    writeFileSync(archives.bad!, 'not an archive\n')
    server.routes['/app.zip'] = { body: readFileSync(archives.zip!) }
    await server.start()
  })
  after(async () => {
    await server.stop()
    await connection.close()
    rmSync(work, { recursive: true, force: true })
  })
  beforeEach(() => {
    dest = mkdtempSync(join(work, 'dest-'))
    mktemps.length = 0
  })

  async function run(args: Record<string, unknown>, checkMode = false): Promise<{ out: ModuleOutcome; result: ModuleResult }> {
    const params = validateModuleParams(unarchive, { dest, ...args })
    const ctx = fakeContext({ checkMode, findFile: (name) => (existsSync(join(work, name)) ? join(work, name) : undefined) })
    const out = await unarchive.run(host, params as never, ctx)
    let result: ModuleResult = { changed: out.kind === 'change', ...out.result }
    if (out.kind === 'fail') result.failed = true
    if (out.kind === 'skip') result.skipped = true
    if (out.kind === 'change' && out.apply && !checkMode) result = { ...result, ...((await out.apply()) ?? {}) }
    return { out, result }
  }

  const kinds: [string, Record<string, unknown>, string][] = [
    ['a tar.gz from the controller', { src: 'app.tar.gz' }, 'TgzArchive'],
    ['a tar.xz on the target', { src: 'ARCHIVE:txz', remote_src: true }, 'TarArchive'],
    ['a zip on the target', { src: 'ARCHIVE:zip', remote_src: true }, 'ZipArchive'],
  ]
  for (const [what, args, handler] of kinds) {
    it(`unpacks ${what}, then finds nothing to do`, async () => {
      const src = String(args.src).startsWith('ARCHIVE:') ? archives[String(args.src).slice(8)] : args.src
      const first = await run({ ...args, src })
      expect(first.result).to.include({ changed: true, handler, dest })
      expect(readFileSync(join(dest, 'app', 'README'), 'utf8')).to.equal('read me\n')
      expect(statSync(join(dest, 'app', 'bin', 'run')).mode & 0o777).to.equal(0o755)
      const second = await run({ ...args, src })
      expect(second.out.kind).to.equal('ok')
      expect(second.result).to.include({ changed: false, state: 'directory' })
    })
  }

  it('unpacks again when a file was changed in place (zip and tar)', async () => {
    for (const src of [archives.zip!, archives.tgz!]) {
      await run({ src, remote_src: true })
      writeFileSync(join(dest, 'app', 'README'), 'READ ME\n')
      utimesSync(join(dest, 'app', 'README'), new Date('2001-01-01'), new Date('2001-01-01'))
      expect((await run({ src, remote_src: true })).result.changed).to.equal(true)
      expect(readFileSync(join(dest, 'app', 'README'), 'utf8')).to.equal('read me\n')
    }
  })

  it('unpacks a missing file again', async () => {
    await run({ src: archives.zip, remote_src: true })
    rmSync(join(dest, 'app', 'bin', 'run'))
    expect((await run({ src: archives.zip, remote_src: true })).result.changed).to.equal(true)
    expect(existsSync(join(dest, 'app', 'bin', 'run'))).to.equal(true)
  })

  it('lists the members with list_files', async () => {
    const { result } = await run({ src: archives.tgz, remote_src: true, list_files: true })
    expect(result.files).to.have.members(['app/', 'app/README', 'app/bin/', 'app/bin/run'])
  })

  it('passes extra_opts and exclude to tar', async () => {
    await run({ src: archives.tgz, remote_src: true, extra_opts: ['--strip-components=1'], exclude: ['app/bin'] })
    expect(readFileSync(join(dest, 'README'), 'utf8')).to.equal('read me\n')
    expect(existsSync(join(dest, 'bin'))).to.equal(false)
  })

  it('sets the mode of unpacked files, and later only the mode', async () => {
    await run({ src: archives.zip, remote_src: true, mode: 'u=rwX,go=rX' })
    expect(statSync(join(dest, 'app', 'README')).mode & 0o777).to.equal(0o644)
    execFileSync('chmod', ['0600', join(dest, 'app', 'README')])
    const again = await run({ src: archives.zip, remote_src: true, mode: 'u=rwX,go=rX' })
    expect(again.result).to.include({ changed: true })
    expect(again.result).not.to.have.property('extract_results')
    expect(statSync(join(dest, 'app', 'README')).mode & 0o777).to.equal(0o644)
  })

  it('downloads a URL on the target with remote_src', async () => {
    const { result } = await run({ src: server.url('/app.zip'), remote_src: true })
    expect(result).to.include({ changed: true, handler: 'ZipArchive' })
    expect(readFileSync(join(dest, 'app', 'README'), 'utf8')).to.equal('read me\n')
  })

  it('changes nothing in check mode', async () => {
    const { out } = await run({ src: 'app.tar.gz' }, true)
    expect(out.kind).to.equal('change')
    expect(existsSync(join(dest, 'app'))).to.equal(false)
  })

  it('removes the copy of a controller archive afterwards', async () => {
    await run({ src: 'app.tar.gz' })
    await run({ src: 'app.tar.gz' }, true)
    expect(mktemps).to.have.length(2)
    for (const dir of mktemps) expect(existsSync(dir)).to.equal(false)
  })

  it('skips when `creates` exists', async () => {
    writeFileSync(join(dest, 'marker'), '')
    const { out } = await run({ src: 'app.tar.gz', creates: join(dest, 'marker') })
    expect(out).to.deep.equal({ kind: 'skip', result: { msg: `skipped, since ${join(dest, 'marker')} exists` } })
  })

  const failures: [string, () => Record<string, unknown>, (r: ModuleResult) => void][] = [
    ['a missing dest', () => ({ src: 'app.tar.gz', dest: join(dest, 'nope') }), (r) => expect(r.msg).to.equal(`dest '${join(dest, 'nope')}' must be an existing dir`)],
    ['a missing controller file', () => ({ src: 'nope.tgz' }), (r) => expect(String(r.msg)).to.match(/^Could not find or access 'nope.tgz' on the Ansible Controller/)],
    ['a missing target file', () => ({ src: join(work, 'nope.tgz'), remote_src: true }), (r) => expect(r.msg).to.equal(`Source '${join(work, 'nope.tgz')}' does not exist`)],
    ['a file that is no archive', () => ({ src: 'notes.txt' }), (r) => expect(String(r.msg)).to.match(/^Failed to find handler for ".*notes.txt"\. Make sure the required command to extract the file is installed\.\n/)],
  ]
  for (const [what, args, check] of failures) {
    it(`fails for ${what}`, async () => {
      const { result } = await run(args())
      expect(result.failed).to.equal(true)
      check(result)
    })
  }

  it('reads zipinfo lines', () => {
    expect(parseZipInfoLine('-rwxr-xr-x  3.0 unx       21 tx stor 20240102.030405 app/bin/run')).to.deep.equal({ type: 'f', mode: 0o755, size: 21, mtime: '20240102.030405', path: 'app/bin/run' })
    expect(parseZipInfoLine('drwxr-xr-x  3.0 unx        0 bx stor 20240102.030405 app/')).to.include({ type: 'd', path: 'app/' })
    expect(parseZipInfoLine('Zip file size: 512 bytes, number of entries: 4')).to.equal(undefined)
  })
})
