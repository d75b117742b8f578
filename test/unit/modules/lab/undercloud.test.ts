// undercloud_install against the recording fake Host: what exists on the target →
// what would run (tripleo: undercloud.conf + `openstack undercloud install` as stack).
// The ironic flavor is in undercloud-ironic.test.ts.
import { expect } from 'chai'
import { mergeIni, renderIni } from '../../../../modules/lib/openstack/ini-render.js'
import undercloud from '../../../../modules/undercloud_install.js'
import { commandText, FakeHost } from '../fake-host.js'
import { runLab } from './lab-helpers.js'

const CONFIG = { local_ip: '192.168.24.1/24', clean_nodes: false, ctlplane: { cidr: '192.168.24.0/24' } }
const RENDERED = '[DEFAULT]\nlocal_ip = 192.168.24.1/24\nclean_nodes = false\n\n[ctlplane]\ncidr = 192.168.24.0/24\n'

describe('undercloud_install, flavor tripleo (fake host)', () => {
  const installed = (conf: string) => new FakeHost().withFile('/home/stack/undercloud.conf', conf).withFile('/home/stack/stackrc', 'export OS_CLOUD=undercloud\n')
  const cases: { name: string; host: () => FakeHost; params?: Record<string, unknown>; changed: boolean; installs: boolean }[] = [
    { name: 'nothing installed → config written, install run', host: () => new FakeHost(), changed: true, installs: true },
    { name: 'installed with this config → ok', host: () => installed(RENDERED), changed: false, installs: false },
    { name: 'installed with another config → install again', host: () => installed('[DEFAULT]\nlocal_ip = 10.0.0.1/24\n'), changed: true, installs: true },
    { name: 'config there but no stackrc (failed install) → install again', host: () => new FakeHost().withFile('/home/stack/undercloud.conf', RENDERED), changed: true, installs: true },
    { name: 'installed, force → install again', host: () => installed(RENDERED), params: { force: true }, changed: true, installs: true },
  ]
  for (const c of cases) {
    it(c.name, async () => {
      const host = c.host()
      const { result } = await runLab(undercloud, host, { config: CONFIG, ...c.params })
      expect(result.changed).to.equal(c.changed)
      const installs = host.calls.filter((call) => call.op === 'exec' && commandText(call.cmd) === 'openstack undercloud install')
      expect(installs).to.have.length(c.installs ? 1 : 0)
      if (c.installs) expect(host.files.get('/home/stack/undercloud.conf')).to.equal(RENDERED)
    })
  }

  it('runs the install as the stack user in its home and streams the output as progress', async () => {
    const host = new FakeHost().onExec('openstack undercloud install', { stdout: 'TASK [step 1]\nTASK [step 2]\nThe Undercloud has been successfully installed.\n' })
    const lines: string[] = []
    const { result } = await runLab(undercloud, host, { config: CONFIG }, { progress: (l) => lines.push(l) })
    const call = host.calls.find((c) => c.op === 'exec' && commandText(c.cmd) === 'openstack undercloud install')
    expect(call?.op === 'exec' && call.opts).to.deep.include({ cwd: '/home/stack', become: { method: 'sudo', user: 'stack' } })
    expect(lines).to.deep.equal(['openstack undercloud install started as stack', 'TASK [step 1]', 'TASK [step 2]', 'The Undercloud has been successfully installed.'])
    expect(result).to.include({ rc: 0, rc_file: '/home/stack/stackrc' })
    const write = host.calls.find((c) => c.op === 'write')
    expect(write?.op === 'write' && write.opts).to.deep.equal({ mode: 0o600, owner: 'stack' })
  })

  it('check mode shows the undercloud.conf diff and runs nothing', async () => {
    const host = installed('[DEFAULT]\nlocal_ip = 10.0.0.1/24\n')
    const { result } = await runLab(undercloud, host, { config: CONFIG }, { checkMode: true })
    expect(result.diff).to.deep.include({ after: RENDERED, before_header: '/home/stack/undercloud.conf' })
    expect(host.ops).to.not.include('write')
    expect(host.execs).to.deep.equal([])
  })

  it('a failed install fails the task with the reason', async () => {
    const host = new FakeHost().onExec('openstack undercloud install', { rc: 1, stdout: 'FATAL | step 3\n', stderr: 'Deployment failed\n' })
    const { result } = await runLab(undercloud, host, { config: CONFIG })
    expect(result.failed).to.equal(true)
    expect(result.msg).to.equal('openstack undercloud install failed (rc 1): Deployment failed')
  })
})

describe('ini rendering for undercloud.conf / ironic.conf', () => {
  const cases: { config: Record<string, unknown>; text: string }[] = [
    { config: {}, text: '' },
    { config: { a: 1 }, text: '[DEFAULT]\na = 1\n' },
    { config: { s: { list: ['x', 'y'], flag: true } }, text: '[s]\nlist = x,y\nflag = true\n' },
    { config: { s: { k: 'v' }, top: 'd' }, text: '[DEFAULT]\ntop = d\n\n[s]\nk = v\n' },
  ]
  for (const c of cases) it(JSON.stringify(c.config), () => expect(renderIni(c.config)).to.equal(c.text))

  it('merges user settings over defaults section by section, scalars into DEFAULT', () => {
    const merged = mergeIni({ DEFAULT: { a: 1, b: 1 }, s: { k: 1 } }, { a: 2, s: { j: 2 }, t: { x: 3 } })
    expect(merged).to.deep.equal({ DEFAULT: { a: 2, b: 1 }, s: { k: 1, j: 2 }, t: { x: 3 } })
  })
})
