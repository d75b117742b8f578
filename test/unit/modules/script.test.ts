import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import script from '../../../modules/script.js'
import { LocalConnection } from '../../../engine/connection/local.js'
import { TaskHost } from '../../../engine/module.js'
import { FakeHost, fakeContext } from './fake-host.js'

describe('script module', () => {
  let dir: string
  let ctx: ReturnType<typeof fakeContext>
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsplay-script-'))
    mkdirSync(join(dir, 'files'))
    writeFileSync(join(dir, 'files', 'hello.sh'), '#!/bin/sh\necho "hi $1 from $(pwd)"\necho oops >&2\nexit ${2:-0}\n')
    ctx = fakeContext({ findFile: (name, kind) => (name === 'hello.sh' && kind === 'files' ? join(dir, 'files', name) : undefined) })
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('sends the script on stdin and runs it with its arguments in one command', async () => {
    const host = new FakeHost().onExec('sh -c', { stdout: 'hi a\n' })
    const out = await script.run(host, { _raw_params: 'hello.sh "a b" $HOME', decrypt: true }, ctx)
    expect(out.kind).to.equal('change')
    expect(out.result).to.deep.equal({ rc: 0, stdout: 'hi a\n', stderr: '', stdout_lines: ['hi a'], stderr_lines: [] })
    const call = host.calls[0]!
    if (call.op !== 'exec') throw new Error('expected an exec')
    const argv = call.cmd as string[]
    expect(argv.slice(0, 2)).to.deep.equal(['sh', '-c'])
    expect(argv[2]).to.match(/"\$__tsplay_script" "a b" \$HOME$/)
    expect(argv.slice(3)).to.deep.equal(['sh', 'hello.sh', ''])
    expect(String(call.opts.stdin)).to.contain('echo "hi $1')
  })

  it('really runs on this machine, in chdir, and removes its temp folder', async function () {
    const host = new TaskHost('localhost', new LocalConnection(), {})
    const out = await script.run(host, { _raw_params: 'hello.sh world', chdir: dir, decrypt: true }, ctx)
    expect(out.kind).to.equal('change')
    expect(out.result).to.include({ rc: 0, stdout: `hi world from ${dir}\n`, stderr: 'oops\n' })
    const failed = await script.run(host, { _raw_params: 'hello.sh x 4', executable: '/bin/sh', decrypt: true }, ctx)
    expect(failed.kind).to.equal('fail')
    expect(failed.result).to.include({ rc: 4, msg: 'non-zero return code' })
  })

  const skips: [string, Record<string, string>, string][] = [
    ['creates exists', { creates: '/etc' }, '/etc exists, matching creates option'],
    ['removes is missing', { removes: '/nonexistent' }, '/nonexistent does not exist, matching removes option'],
  ]
  for (const [title, extra, msg] of skips) {
    it(`is skipped when ${title}`, async () => {
      const host = new FakeHost().withDir('/etc')
      const out = await script.run(host, { _raw_params: 'hello.sh', decrypt: true, ...extra }, ctx)
      expect(out).to.deep.equal({ kind: 'skip', result: { msg } })
      expect(host.execs).to.have.length(0)
    })
  }

  const failures: [string, Record<string, string>, RegExp][] = [
    ['a relative chdir', { _raw_params: 'hello.sh', chdir: 'tmp' }, /chdir tmp must be an absolute path/],
    ['a missing script', { _raw_params: 'nothere.sh' }, /Could not find or access 'nothere.sh'/],
  ]
  for (const [title, p, msg] of failures) {
    it(`fails for ${title}`, async () => {
      const out = await script.run(new FakeHost(), { decrypt: true, ...p }, ctx)
      expect(out.kind).to.equal('fail')
      expect(String(out.result.msg)).to.match(msg)
    })
  }

  it('in check mode: skipped, or changed when creates/removes decided', async () => {
    const host = new FakeHost()
    const skipped = await script.run(host, { _raw_params: 'hello.sh', decrypt: true }, fakeContext({ ...ctx, checkMode: true }))
    expect(skipped).to.deep.equal({ kind: 'skip', result: { msg: 'Check mode is not supported for this task.' } })
    const changed = await script.run(host, { _raw_params: 'hello.sh', creates: '/none', decrypt: true }, fakeContext({ ...ctx, checkMode: true }))
    expect(changed.kind).to.equal('change')
    expect(host.execs).to.have.length(0)
  })
})
