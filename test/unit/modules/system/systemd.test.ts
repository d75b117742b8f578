import { expect } from 'chai'
import type { ModuleOutcome } from '../../../../engine/module.js'
import systemd from '../../../../modules/systemd.js'
import service from '../../../../modules/service.js'
import { parseSystemctlShow } from '../../../../modules/lib/system/systemd-unit.js'
import type { Command } from '../../../../engine/connection/connection.js'
import { fakeContext, script, SystemHost } from './system-host.js'

const show = (active: string, load = 'loaded') => `Id=foo.service\nLoadState=${load}\nActiveState=${active}\nSubState=dead\n`
const defaults = { scope: 'system', no_block: false, daemon_reload: false, daemon_reexec: false }

/** A systemctl command (any flags) with this verb. */
const systemctl = (verb: string) => (cmd: Command) => Array.isArray(cmd) && cmd.includes('systemctl') && cmd.includes(verb)

function systemdHost(status: string, isEnabled: { rc: number; stdout: string } = { rc: 1, stdout: 'disabled\n' }): SystemHost {
  return new SystemHost()
    .withFile('/proc/1/comm', 'systemd\n')
    .onExec(systemctl('show'), { stdout: status })
    .onExec(systemctl('is-enabled'), isEnabled)
}

async function applied(host: SystemHost, out: ModuleOutcome): Promise<string[]> {
  const before = host.argvCommands.length
  if (out.kind === 'change' && out.apply) await out.apply()
  return host.argvCommands.slice(before).filter((c) => !/ (show|is-enabled) /.test(c))
}

describe('systemd module', () => {
  const cases: { title: string; params: Record<string, unknown>; status: string; enabled?: { rc: number; stdout: string }; kind: string; runs: string[]; result?: Record<string, unknown> }[] = [
    { title: 'starts an inactive unit', params: { name: 'foo', state: 'started' }, status: show('inactive'), kind: 'change', runs: ['systemctl start foo'], result: { state: 'started' } },
    { title: 'leaves an active unit alone', params: { name: 'foo', state: 'started' }, status: show('active'), kind: 'ok', runs: [] },
    { title: 'counts activating as running', params: { name: 'foo', state: 'started' }, status: show('activating'), kind: 'ok', runs: [] },
    { title: 'stops an active unit', params: { name: 'foo', state: 'stopped' }, status: show('active'), kind: 'change', runs: ['systemctl stop foo'], result: { state: 'stopped' } },
    { title: 'stops a deactivating unit', params: { name: 'foo', state: 'stopped' }, status: show('deactivating'), kind: 'change', runs: ['systemctl stop foo'] },
    { title: 'restarts a running unit', params: { name: 'foo', state: 'restarted' }, status: show('active'), kind: 'change', runs: ['systemctl restart foo'], result: { state: 'started' } },
    { title: 'starts a stopped unit asked to reload', params: { name: 'foo', state: 'reloaded' }, status: show('inactive'), kind: 'change', runs: ['systemctl start foo'] },
    { title: 'enables a disabled unit', params: { name: 'foo', enabled: true }, status: show('active'), kind: 'change', runs: ['systemctl enable foo'], result: { enabled: true } },
    { title: 'keeps an enabled unit', params: { name: 'foo', enabled: true }, status: show('active'), enabled: { rc: 0, stdout: 'enabled\n' }, kind: 'ok', runs: [], result: { enabled: true } },
    { title: 'treats "indirect" as disabled', params: { name: 'foo', enabled: true }, status: show('active'), enabled: { rc: 0, stdout: 'indirect\n' }, kind: 'change', runs: ['systemctl enable foo'] },
    { title: 'disables an enabled unit', params: { name: 'foo', enabled: false }, status: show('active'), enabled: { rc: 0, stdout: 'enabled\n' }, kind: 'change', runs: ['systemctl disable foo'], result: { enabled: false } },
    { title: 'masks an unmasked unit', params: { name: 'foo', masked: true }, status: show('inactive'), enabled: { rc: 0, stdout: 'enabled\n' }, kind: 'change', runs: ['systemctl mask foo'] },
    { title: 'keeps a masked unit', params: { name: 'foo', masked: true }, status: show('inactive', 'masked'), enabled: { rc: 1, stdout: 'masked\n' }, kind: 'ok', runs: [] },
    {
      title: 'does mask, enable and start in that order',
      params: { name: 'foo', masked: false, enabled: true, state: 'started' },
      status: show('inactive'),
      enabled: { rc: 1, stdout: 'masked\n' },
      kind: 'change',
      runs: ['systemctl unmask foo', 'systemctl enable foo', 'systemctl start foo'],
    },
    { title: 'passes scope and no_block flags', params: { name: 'foo', state: 'started', no_block: true, force: true }, status: show('inactive'), kind: 'change', runs: ['systemctl --no-block --force start foo'] },
  ]
  for (const c of cases) {
    it(c.title, async () => {
      const host = systemdHost(c.status, c.enabled)
      const out = await systemd.run(host, { ...defaults, ...c.params } as never, fakeContext())
      expect(out.kind).to.equal(c.kind)
      expect(out.result.status).to.have.property('ActiveState')
      if (c.result) expect(out.result).to.include(c.result)
      expect(await applied(host, out)).to.deep.equal(c.runs)
    })
  }

  it('changes nothing in check mode', async () => {
    const host = systemdHost(show('inactive'))
    const out = await systemd.run(host, { ...defaults, name: 'foo', state: 'started', enabled: true } as never, fakeContext({ checkMode: true }))
    expect(out.kind).to.equal('change')
    expect(out.kind === 'change' && out.apply).to.equal(undefined)
    expect(host.argvCommands.filter((c) => /systemctl (start|enable)/.test(c))).to.deep.equal([])
  })

  it('reloads the manager, reads the unit again and reports no change for the reload itself', async () => {
    const host = systemdHost(show('active'))
    const out = await systemd.run(host, { ...defaults, name: 'foo', state: 'started', daemon_reload: true } as never, fakeContext())
    expect(out.kind).to.equal('change')
    const result = out.kind === 'change' && out.apply ? await out.apply() : undefined
    expect(result).to.include({ changed: false })
    const shows = host.argvCommands.filter((c) => c === 'systemctl show foo')
    expect(shows).to.have.length(2)
    expect(host.argvCommands.indexOf('systemctl daemon-reload')).to.be.lessThan(host.argvCommands.lastIndexOf('systemctl show foo'))
  })

  it('only reports in check mode when daemon_reload is all there is to do', async () => {
    const host = systemdHost(show('active'))
    const out = await systemd.run(host, { ...defaults, daemon_reload: true } as never, fakeContext({ checkMode: true }))
    expect(out.kind).to.equal('ok')
    expect(host.argvCommands).to.deep.equal([])
  })

  const failures: [string, Record<string, unknown>, string, string][] = [
    ['a missing unit', { name: 'foo', state: 'started' }, show('inactive', 'not-found'), 'Could not find the requested service foo: host'],
    ['a glob', { name: 'foo*', state: 'started' }, show('inactive'), "This module does not currently support using glob patterns, found '*' in service name: foo*"],
    ['a unit that fails to load', { name: 'foo', state: 'started' }, `${show('inactive', 'error')}LoadError=org.freedesktop.systemd1.BadUnitSetting "bad"\n`, "Error loading unit file 'foo'"],
  ]
  for (const [what, params, status, msg] of failures) {
    it(`fails for ${what}`, async () => {
      const host = systemdHost(status)
      const out = await systemd.run(host, { ...defaults, ...params } as never, fakeContext())
      expect(out.kind).to.equal('fail')
      expect(String(out.result.msg)).to.contain(msg)
    })
  }

  it('refuses hosts whose pid 1 is not systemd', async () => {
    const host = new SystemHost().withFile('/proc/1/comm', 'bash\n')
    const out = await systemd.run(host, { ...defaults, name: 'foo', state: 'started' } as never, fakeContext())
    expect(out.kind).to.equal('fail')
    expect(out.result.msg).to.equal("systemd does not manage this host (pid 1 is 'bash'); use the service module, which runs init scripts")
    expect(host.argvCommands).to.deep.equal([])
  })

  it('trusts ansible_service_mgr from the facts', async () => {
    const host = systemdHost(show('inactive'))
    host.files.delete('/proc/1/comm')
    host.facts = { service_mgr: 'systemd' }
    const out = await systemd.run(host, { ...defaults, name: 'foo', state: 'started' } as never, fakeContext())
    expect(out.kind).to.equal('change')
  })

  it('runs user-scope commands with XDG_RUNTIME_DIR set', async () => {
    const host = systemdHost(show('inactive'))
    await systemd.run(host, { ...defaults, scope: 'user', name: 'foo', state: 'started' } as never, fakeContext())
    const first = host.execs.find((c) => Array.isArray(c) && c.includes('show')) as string[]
    expect(first[2]).to.contain('XDG_RUNTIME_DIR')
    expect(first.slice(4)).to.deep.equal(['systemctl', '--user', 'show', 'foo'])
  })

  it('parses multi-line Exec values and keeps other braces as they are', () => {
    const text = 'ExecStart={ path=/bin/x ; argv[]=/bin/x\n  -f ; status=0/0 }\nDescription={odd\nActiveState=active\n'
    expect(parseSystemctlShow(text)).to.deep.equal({
      ExecStart: '{ path=/bin/x ; argv[]=/bin/x\n  -f ; status=0/0 }',
      Description: '{odd',
      ActiveState: 'active',
    })
  })
})

describe('service module', () => {
  const sysv = { runlevel: 'default', arguments: '', use: 'auto' }
  function sysvHost(probeOut: string, status: { rc: number; stdout?: string }): SystemHost {
    return new SystemHost()
      .withFile('/proc/1/comm', 'init\n')
      .onExec(script('initscript='), { stdout: probeOut })
      .onExec((cmd) => Array.isArray(cmd) && cmd.includes('status'), status)
  }
  const debianTools = 'initscript=/etc/init.d/foo\nservice=/usr/sbin/service\nupdate-rc.d=/usr/sbin/update-rc.d\n'

  const cases: { title: string; params: Record<string, unknown>; probe: string; status: { rc: number; stdout?: string }; runs: string[] }[] = [
    { title: 'starts a stopped init script service', params: { state: 'started' }, probe: debianTools, status: { rc: 3 }, runs: ['/usr/sbin/service foo start'] },
    { title: 'leaves a running one alone', params: { state: 'started' }, probe: debianTools, status: { rc: 0, stdout: 'foo is running\n' }, runs: [] },
    { title: 'reads "not running" from the status text', params: { state: 'started' }, probe: debianTools, status: { rc: 0, stdout: 'foo is not running\n' }, runs: ['/usr/sbin/service foo start'] },
    { title: 'restarts as stop then start', params: { state: 'restarted' }, probe: debianTools, status: { rc: 0 }, runs: ['/usr/sbin/service foo stop', '/usr/sbin/service foo start'] },
    { title: 'runs the script itself without `service`', params: { state: 'stopped' }, probe: 'initscript=/etc/init.d/foo\n', status: { rc: 0 }, runs: ['/etc/init.d/foo stop'] },
    { title: 'enables with update-rc.d defaults when there are no links', params: { enabled: true }, probe: debianTools, status: { rc: 0 }, runs: ['/usr/sbin/update-rc.d foo defaults', '/usr/sbin/update-rc.d foo enable'] },
    { title: 'keeps start links', params: { enabled: true }, probe: `${debianTools}startlinks=yes\n`, status: { rc: 0 }, runs: [] },
    { title: 'disables', params: { enabled: false }, probe: `${debianTools}startlinks=yes\nkilllinks=yes\n`, status: { rc: 0 }, runs: ['/usr/sbin/update-rc.d foo disable'] },
    { title: 'passes arguments after the action', params: { state: 'started', arguments: 'fast "a b"' }, probe: debianTools, status: { rc: 3 }, runs: ['/usr/sbin/service foo start fast a b'] },
  ]
  for (const c of cases) {
    it(c.title, async () => {
      const host = sysvHost(c.probe, c.status)
      const out = await service.run(host, { ...sysv, name: 'foo', ...c.params } as never, fakeContext())
      expect(out.kind).to.equal(c.runs.length ? 'change' : 'ok')
      if (out.kind === 'change') expect(out.apply).to.be.a('function')
      const before = host.execs.length
      if (out.kind === 'change' && out.apply) expect(await out.apply()).to.equal(undefined)
      const ran = host.execs.slice(before).map((cmd) => (cmd as string[]).slice(4).join(' '))
      expect(ran).to.deep.equal(c.runs)
    })
  }

  it('fails clearly when neither systemd nor an init script can manage the service', async () => {
    const host = sysvHost('service=/usr/sbin/service\n', { rc: 0 })
    const out = await service.run(host, { ...sysv, name: 'foo', state: 'started' } as never, fakeContext())
    expect(out.kind).to.equal('fail')
    expect(out.result.msg).to.equal("Could not find the requested service foo: systemd does not manage this host (pid 1 is 'init') and there is no init script /etc/init.d/foo")
  })

  it('reports a failing start with its error output', async () => {
    const host = sysvHost(debianTools, { rc: 3 }).onExec((cmd) => Array.isArray(cmd) && cmd.includes('start'), { rc: 1, stderr: 'foo: cannot bind\n' })
    const out = await service.run(host, { ...sysv, name: 'foo', state: 'started' } as never, fakeContext())
    const result = out.kind === 'change' && out.apply ? await out.apply() : undefined
    expect(result).to.include({ failed: true, changed: false, msg: 'foo: cannot bind\n' })
  })

  it('hands systemd hosts to the systemd module and warns about init-script options', async () => {
    const host = systemdHost(show('inactive'))
    const out = await service.run(host, { ...sysv, name: 'foo', state: 'started', sleep: 3 } as never, fakeContext())
    expect(out.kind).to.equal('change')
    expect(out.result.warnings).to.deep.equal(['Ignoring "sleep" as it is not used in "systemd"'])
    expect(await applied(host, out)).to.deep.equal(['systemctl start foo'])
  })
})
