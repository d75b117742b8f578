import { expect } from 'chai'
import command from '../../../modules/command.js'
import shell from '../../../modules/shell.js'
import raw from '../../../modules/raw.js'
import type { CommandParams } from '../../../modules/lib/command-run.js'
import { FakeHost, fakeContext } from './fake-host.js'

const defaults = { stdin_add_newline: true, strip_empty_ends: true }
const params = (p: Partial<CommandParams>): CommandParams => ({ ...defaults, ...p })

describe('command module', () => {
  const splitting: [string, string[]][] = [
    ['echo "a  b" c', ['echo', 'a  b', 'c']],
    ["printf '%s\\n' x", ['printf', '%s\\n', 'x']],
    ['ls   -l\t/tmp', ['ls', '-l', '/tmp']],
    ['echo a\\ b "c\\"d" \'\'', ['echo', 'a b', 'c"d', '']],
    ['echo #not-a-comment', ['echo', '#not-a-comment']],
  ]
  for (const [text, argv] of splitting) {
    it(`splits ${JSON.stringify(text)} like shlex`, async () => {
      const host = new FakeHost()
      const out = await command.run(host, params({ _raw_params: text }), fakeContext())
      expect(host.execs).to.deep.equal([argv])
      expect(out.result.cmd).to.deep.equal(argv)
    })
  }

  it('returns the result shape of ansible-core', async () => {
    const host = new FakeHost().onExec('echo', { stdout: 'one\ntwo\n\n', stderr: 'warn\r\n' })
    const out = await command.run(host, params({ _raw_params: 'echo hi' }), fakeContext())
    expect(out.kind).to.equal('change')
    const r = out.result
    expect(r).to.include({ rc: 0, stdout: 'one\ntwo', stderr: 'warn', msg: '' })
    expect(r.stdout_lines).to.deep.equal(['one', 'two'])
    expect(r.stderr_lines).to.deep.equal(['warn'])
    expect(r.delta).to.match(/^\d+:\d\d:\d\d(\.\d{6})?$/)
    expect(r.start).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/)
    expect(r.end).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/)
  })

  it('takes argv and cmd', async () => {
    const host = new FakeHost()
    await command.run(host, params({ argv: ['echo', 'a b'] }), fakeContext())
    await command.run(host, params({ cmd: 'echo x' }), fakeContext())
    expect(host.execs).to.deep.equal([['echo', 'a b'], ['echo', 'x']])
  })

  const refusals: [Partial<CommandParams>, string][] = [
    [{}, 'no command given'],
    [{ _raw_params: '   ' }, 'no command given'],
    [{ _raw_params: 'ls', argv: ['ls'] }, 'only command or argv can be given, not both'],
  ]
  for (const [p, msg] of refusals) {
    it(`fails with "${msg}" for ${JSON.stringify(p)}`, async () => {
      const host = new FakeHost()
      const out = await command.run(host, params(p), fakeContext())
      expect(out.kind).to.equal('fail')
      expect(out.result).to.include({ msg, rc: 256 })
      expect(host.execs).to.have.length(0)
    })
  }

  it('fails on an unclosed quote', async () => {
    const out = await command.run(new FakeHost(), params({ _raw_params: 'echo "oops' }), fakeContext())
    expect(out.kind).to.equal('fail')
    expect(out.result.msg).to.match(/No closing quotation/)
  })

  it('fails on a non-zero exit code, still reporting changed', async () => {
    const host = new FakeHost().onExec('false', { rc: 3, stdout: 'x\n', stderr: 'err\n' })
    const out = await command.run(host, params({ _raw_params: 'false' }), fakeContext())
    expect(out.kind).to.equal('fail')
    expect(out.result).to.include({ msg: 'non-zero return code', rc: 3, stdout: 'x', stderr: 'err', changed: true })
  })

  it('sends stdin with a newline unless told not to', async () => {
    const host = new FakeHost()
    await command.run(host, params({ _raw_params: 'cat', stdin: 'hello' }), fakeContext())
    await command.run(host, params({ _raw_params: 'cat', stdin: 'hello', stdin_add_newline: false }), fakeContext())
    const stdins = host.calls.flatMap((c) => (c.op === 'exec' ? [c.opts.stdin] : []))
    expect(stdins).to.deep.equal(['hello\n', 'hello'])
  })

  it('keeps trailing line breaks when strip_empty_ends is false', async () => {
    const host = new FakeHost().onExec('printf', { stdout: 'a\n\n\n' })
    const out = await command.run(host, params({ _raw_params: 'printf x', strip_empty_ends: false }), fakeContext())
    expect(out.result.stdout).to.equal('a\n\n\n')
  })

  it('runs in chdir, and fails like Python when it does not exist', async () => {
    const host = new FakeHost().withDir('/srv')
    await command.run(host, params({ _raw_params: 'ls', chdir: '/srv' }), fakeContext())
    const exec = host.calls.find((c) => c.op === 'exec')
    expect(exec && exec.op === 'exec' && exec.opts.cwd).to.equal('/srv')
    const out = await command.run(new FakeHost(), params({ _raw_params: 'ls', chdir: '/nope' }), fakeContext())
    expect(out.kind).to.equal('fail')
    expect(out.result.msg).to.equal("Unable to change directory before execution: [Errno 2] No such file or directory: b'/nope'")
  })

  const idempotence: [string, Partial<CommandParams>, boolean, string][] = [
    ['creates exists', { creates: '/etc/flag' }, false, "Did not run command since '/etc/flag' exists"],
    ['removes missing', { removes: '/etc/gone' }, false, "Did not run command since '/etc/gone' does not exist"],
    ['creates exists (check mode)', { creates: '/etc/flag' }, true, "Would not run command since '/etc/flag' exists"],
  ]
  for (const [title, p, checkMode, msg] of idempotence) {
    it(`does not run when ${title}`, async () => {
      const host = new FakeHost().withFile('/etc/flag', 'x')
      const out = await command.run(host, params({ _raw_params: 'touch /etc/flag', ...p }), fakeContext({ checkMode }))
      expect(out.kind).to.equal('ok')
      expect(out.result).to.include({ msg, rc: 0 })
      expect(String(out.result.stdout)).to.match(/^skipped, since /)
      expect(host.execs).to.have.length(0)
    })
  }

  it('globs creates on the target, passing the pattern as an argument', async () => {
    const host = new FakeHost().onExec((cmd) => Array.isArray(cmd) && cmd[0] === 'sh', { rc: 0 })
    const out = await command.run(host, params({ _raw_params: 'make', creates: '/out/*.img', chdir: '/' }), fakeContext())
    expect(out.kind).to.equal('ok')
    const glob = host.execs[0] as string[]
    expect(glob[0]).to.equal('sh')
    expect(glob.at(-1)).to.equal('/out/*.img')
  })

  it('is skipped in check mode without creates/removes', async () => {
    const host = new FakeHost()
    const out = await command.run(host, params({ _raw_params: 'reboot' }), fakeContext({ checkMode: true }))
    expect(out.kind).to.equal('skip')
    expect(out.result).to.include({ msg: 'Command would have run if not in check mode', rc: 0 })
    expect(host.execs).to.have.length(0)
  })

  it('reports a change in check mode when creates says it would run', async () => {
    const host = new FakeHost()
    const out = await command.run(host, params({ _raw_params: 'make', creates: '/none' }), fakeContext({ checkMode: true }))
    expect(out.kind).to.equal('change')
    expect(out.result.msg).to.equal('Command would have run if not in check mode')
    expect(host.execs).to.have.length(0)
  })
})

describe('shell module', () => {
  it('runs the text through the shell, with an optional executable', async () => {
    const host = new FakeHost().onExec('echo $HOME', { stdout: '/root\n' })
    const out = await shell.run(host, params({ _raw_params: 'echo $HOME | cat', executable: '/bin/bash' }), fakeContext())
    expect(host.execs).to.deep.equal([{ script: 'echo $HOME | cat', shell: '/bin/bash' }])
    expect(out.result).to.include({ cmd: 'echo $HOME | cat', stdout: '/root' })
  })
})

describe('raw module', () => {
  it('hands the command to the shell and keeps the output as is', async () => {
    const host = new FakeHost().onExec('uptime', { stdout: 'up\n' })
    const out = await raw.run(host, { _raw_params: 'uptime' }, fakeContext())
    expect(out.kind).to.equal('change')
    expect(out.result).to.deep.equal({ rc: 0, stdout: 'up\n', stderr: '', stdout_lines: ['up'], stderr_lines: [] })
  })

  it('fails on a non-zero exit code', async () => {
    const host = new FakeHost().onExec('exit 2', { rc: 2 })
    const out = await raw.run(host, { _raw_params: 'exit 2' }, fakeContext())
    expect(out.kind).to.equal('fail')
    expect(out.result.msg).to.equal('non-zero return code')
  })

  it('is skipped in check mode', async () => {
    const host = new FakeHost()
    const out = await raw.run(host, { _raw_params: 'reboot' }, fakeContext({ checkMode: true }))
    expect(out.kind).to.equal('skip')
    expect(host.execs).to.have.length(0)
  })
})
