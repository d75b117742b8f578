// vbmc against the recording fake Host: what `vbmc show` reports → which vbmc commands
// would run, changed or not, and that the password never leaks into results or diffs.
import { expect } from 'chai'
import vbmc from '../../../../modules/vbmc.js'
import { commandText, FakeHost } from '../fake-host.js'
import { runLab } from './lab-helpers.js'

const SECRET = 'hunter2-secret'

/** `vbmc show -f json` output for a BMC (password masked as vbmc does). */
function showJson(over: Record<string, unknown> = {}): string {
  const props: Record<string, unknown> = {
    active: 'True', address: '::', domain_name: 'node-0', libvirt_sasl_password: '***', libvirt_sasl_username: null,
    libvirt_uri: 'qemu:///system', password: '***', port: 6230, status: 'running', username: 'admin', ...over,
  }
  return JSON.stringify(Object.entries(props).map(([Property, Value]) => ({ Property, Value })))
}

const config = (password: string) => `[VirtualBMC]\nusername = admin\npassword = ${password}\naddress = ::\nport = 6230\ndomain_name = node-0\nlibvirt_uri = qemu:///system\nactive = True\n\n`

interface Case {
  name: string
  show?: Record<string, unknown> | 'missing'
  storedPassword?: string
  args: Record<string, unknown>
  changed: boolean
  runs: string[]
}

const base = { domain: 'node-0', port: 6230, password: SECRET, config_dir: '/root/.vbmc' }
const add = `vbmc add node-0 --port 6230 --address :: --username admin --password ${SECRET} --libvirt-uri qemu:///system`

const cases: Case[] = [
  { name: 'missing BMC → add and start', show: 'missing', args: base, changed: true, runs: [add, 'vbmc start node-0'] },
  { name: 'missing BMC, state present → add only', show: 'missing', args: { ...base, state: 'present' }, changed: true, runs: [add] },
  { name: 'same settings, running → no change', storedPassword: SECRET, args: base, changed: false, runs: [] },
  { name: 'down BMC, state running → start', show: { status: 'down', active: 'False' }, storedPassword: SECRET, args: base, changed: true, runs: ['vbmc start node-0'] },
  { name: 'running BMC, state stopped → stop', storedPassword: SECRET, args: { ...base, state: 'stopped' }, changed: true, runs: ['vbmc stop node-0'] },
  { name: 'other port → delete, add, start', show: { port: 6231 }, storedPassword: SECRET, args: base, changed: true, runs: ['vbmc delete node-0', add, 'vbmc start node-0'] },
  { name: 'other password → delete, add, start', storedPassword: 'old-one', args: base, changed: true, runs: ['vbmc delete node-0', add, 'vbmc start node-0'] },
  { name: 'present with other port, was running → recreated and restarted', show: { port: 1 }, storedPassword: SECRET, args: { ...base, state: 'present' }, changed: true, runs: ['vbmc delete node-0', add, 'vbmc start node-0'] },
  { name: 'absent, exists → delete', args: { domain: 'node-0', state: 'absent' }, changed: true, runs: ['vbmc delete node-0'] },
  { name: 'absent, missing → no change', show: 'missing', args: { domain: 'node-0', state: 'absent' }, changed: false, runs: [] },
]

function fakeVbmc(c: Pick<Case, 'show' | 'storedPassword'>): FakeHost {
  const host = new FakeHost()
  if (c.show === 'missing') host.onExec('vbmc show', { rc: 1, stderr: '(1): Command failed: No domain with matching name node-0 was found\n' }, 1)
  else host.onExec('vbmc show', { stdout: showJson(c.show) }, 1)
  host.onExec('vbmc show', { stdout: showJson() })
  if (c.storedPassword !== undefined) host.withFile('/root/.vbmc/node-0/config', config(c.storedPassword))
  return host
}

const mutating = (host: FakeHost) => host.execs.map(commandText).filter((t) => /^vbmc (add|delete|start|stop)/.test(t))

describe('vbmc module (fake host)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const host = fakeVbmc(c)
      const { result } = await runLab(vbmc, host, c.args)
      expect(result.failed, String(result.msg)).to.equal(undefined)
      expect(result.changed).to.equal(c.changed)
      expect(mutating(host)).to.deep.equal(c.runs)
      expect(JSON.stringify(result)).to.not.include(SECRET)
    })
  }

  it('check mode reports the change and runs nothing that mutates', async () => {
    const host = fakeVbmc({ show: { port: 6231 }, storedPassword: SECRET })
    const { result } = await runLab(vbmc, host, base, { checkMode: true })
    expect(result.changed).to.equal(true)
    expect(mutating(host)).to.deep.equal([])
    expect(result.changed_settings).to.deep.equal(['port'])
  })

  it('a changed password shows in the diff only as a mask', async () => {
    const host = fakeVbmc({ storedPassword: 'old-one' })
    const { result } = await runLab(vbmc, host, base, { checkMode: true })
    const diff = result.diff as { before: string; after: string }
    expect(diff.before).to.include('password: ********\n')
    expect(diff.after).to.include('password: ******** (changed)\n')
    expect(JSON.stringify(result)).to.not.include('old-one')
    expect(result.changed_settings).to.deep.equal(['password'])
  })

  it('finds the config folder from $HOME when config_dir is not given', async () => {
    const host = fakeVbmc({ storedPassword: SECRET })
    host.onExec((cmd) => commandText(cmd).includes('$HOME'), { stdout: '/root' })
    const { result } = await runLab(vbmc, host, { domain: 'node-0', port: 6230, password: SECRET })
    expect(result.changed).to.equal(false)
    expect(result.warnings).to.equal(undefined)
  })

  it('warns when the stored password cannot be read, and does not recreate for it', async () => {
    const host = fakeVbmc({})
    const { result } = await runLab(vbmc, host, base)
    expect(result.changed).to.equal(false)
    expect(String((result.warnings as string[])[0])).to.include('/root/.vbmc/node-0/config')
  })

  it('uses vbmc_bin for every command', async () => {
    const host = fakeVbmc({ show: 'missing' })
    host.onExec('/opt/vbmc/bin/vbmc show', { rc: 1, stderr: 'No domain with matching name node-0 was found' }, 1)
    host.onExec('/opt/vbmc/bin/vbmc show', { stdout: showJson() })
    await runLab(vbmc, host, { ...base, vbmc_bin: '/opt/vbmc/bin/vbmc' })
    expect(host.execs.map((c) => (c as string[])[0])).to.satisfy((bins: string[]) => bins.every((b) => b === '/opt/vbmc/bin/vbmc'))
  })

  const failures: { name: string; reply: { rc: number; stderr: string }; args: Record<string, unknown>; msg: RegExp }[] = [
    { name: 'vbmc missing on the target', reply: { rc: 127, stderr: 'sh: vbmc: not found' }, args: base, msg: /not found on the target.*vbmc_bin/ },
    { name: 'vbmcd unreachable', reply: { rc: 1, stderr: 'Failed to connect to the vbmcd server on port 50891' }, args: base, msg: /vbmc show failed: Failed to connect/ },
  ]
  for (const f of failures) {
    it(`fails clearly: ${f.name}`, async () => {
      const host = new FakeHost().onExec('vbmc show', f.reply)
      const { result } = await runLab(vbmc, host, f.args)
      expect(result.failed).to.equal(true)
      expect(String(result.msg)).to.match(f.msg)
    })
  }

  it('fails without a port unless state is absent', async () => {
    const { result } = await runLab(vbmc, fakeVbmc({ show: 'missing' }), { domain: 'node-0' })
    expect(result.failed).to.equal(true)
    expect(String(result.msg)).to.include('port is required')
  })

  it('reports the failing vbmc command of the apply step', async () => {
    const host = fakeVbmc({ show: 'missing' })
    host.onExec('vbmc add', { rc: 1, stderr: '(1): Command failed: No domain with matching name node-0 was found' })
    const { result } = await runLab(vbmc, host, base)
    expect(result.failed).to.equal(true)
    expect(String(result.msg)).to.include('vbmc add failed: (1): Command failed: No domain with matching name node-0')
    expect(mutating(host)).to.deep.equal([add])
  })
})
