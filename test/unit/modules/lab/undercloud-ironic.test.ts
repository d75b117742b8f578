// undercloud_install flavor ironic against the recording fake Host: what the target has
// → what would run. The commands and the configuration are the ones checked against a
// real Ironic 21.4 by test/integration/ironic; systemd (not pid 1 on the test machines)
// is covered here only.
import { expect } from 'chai'
import type { Command } from '../../../../engine/connection/connection.js'
import undercloud from '../../../../modules/undercloud_install.js'
import { commandText, FakeHost } from '../fake-host.js'
import { runLab } from './lab-helpers.js'

const PACKAGES = ['ironic-common', 'python3-ironicclient', 'python3-openstackclient']
const RC = 'export OS_AUTH_TYPE=none\nexport OS_ENDPOINT=http://127.0.0.1:6385\n'
const UNIT = '/etc/systemd/system/ironic-standalone.service'
const installed = { stdout: PACKAGES.map((n) => `ii  ${n}\n`).join('') }

/** Probe scripts by what they contain; registered before the catch-alls. */
const PROBES = {
  running: /grep -qxF/,
  waitForApi: /while \[ "\$i" -lt "\$2" \]/,
  answers: /urllib/,
  start: /setsid ironic/,
}

/** A target; `init` is what /proc/1/comm says. */
function target(init: 'systemd' | 'bash', o: { installed?: boolean; running?: boolean; answersBefore?: boolean; apiComesUp?: number } = {}): FakeHost {
  return new FakeHost()
    .withFile('/proc/1/comm', `${init}\n`)
    .onExec(/dpkg-query/, o.installed === false ? {} : installed)
    .onExec(PROBES.running, { rc: o.running ? 0 : 1 })
    .onExec(PROBES.waitForApi, { rc: o.apiComesUp ?? 0 })
    .onExec(PROBES.answers, { rc: o.answersBefore ? 0 : 1 })
    .onExec(PROBES.start, { stdout: '4242\n' })
    .onExec('systemctl is-active', { stdout: o.running ? 'active\n' : 'inactive\n', rc: o.running ? 0 : 3 })
    .onExec(/tail -n/, { stdout: 'ERROR oslo_service: Could not bind to 127.0.0.1:6385\n' })
}

/** What the module would write: the diff of a check-mode run on an empty target. */
async function wanted(init: 'systemd' | 'bash', params: Record<string, unknown> = {}): Promise<Record<string, string>> {
  const { result } = await runLab(undercloud, target(init), { flavor: 'ironic', ...params }, { checkMode: true })
  return Object.fromEntries((result.diff as { after: string; after_header: string }[]).map((d) => [d.after_header, d.after]))
}

async function inPlace(init: 'systemd' | 'bash', o: Parameters<typeof target>[1] = {}): Promise<FakeHost> {
  const host = target(init, o)
  for (const [path, text] of Object.entries(await wanted(init))) host.withFile(path, text)
  return host.withFile('/var/lib/ironic/ironic.sqlite', 'db')
}

/** Commands run, scripts shown by their first word. */
function runs(host: FakeHost): string[] {
  return host.execs.map((c: Command) => (Array.isArray(c) && c[0] === 'sh' ? `sh: ${String(c[2]).split(/\s/)[0]}` : commandText(c)))
}

describe('undercloud_install, flavor ironic (fake host)', () => {
  it('fresh machine without systemd: packages, folders, config, schema, detached ironic, rc file', async () => {
    const host = target('bash', { installed: false })
    const { result } = await runLab(undercloud, host, { flavor: 'ironic' })
    expect(result.failed, String(result.msg)).to.equal(undefined)
    expect(result).to.include({ changed: true, endpoint: 'http://127.0.0.1:6385', rc_file: '/root/ironicrc', service_manager: 'process', pid_file: '/run/ironic-standalone.pid' })
    expect(result.steps).to.deep.equal([`install ${PACKAGES.join(', ')}`, 'write /etc/ironic/ironic.conf', 'create the database schema', 'start ironic', 'write /root/ironicrc'])
    expect(runs(host).filter((r) => !r.startsWith('sh:'))).to.deep.equal([
      `apt-get install -y -q --no-install-recommends ${PACKAGES.join(' ')}`,
      'mkdir -p /etc/ironic /root /run /var/log/ironic /var/lib/ironic',
      'ironic-dbsync --config-file /etc/ironic/ironic.conf create_schema',
    ])
    const apt = host.calls.find((c) => c.op === 'exec' && commandText(c.cmd).startsWith('apt-get'))
    expect(apt?.op === 'exec' && apt.opts.env).to.deep.equal({ DEBIAN_FRONTEND: 'noninteractive' })
    const conf = String(host.files.get('/etc/ironic/ironic.conf'))
    for (const line of ['auth_strategy = noauth', 'rpc_transport = none', 'enabled_hardware_types = ipmi,fake-hardware,manual-management', 'enabled_inspect_interfaces = fake,no-inspect', 'host_ip = 127.0.0.1', 'connection = sqlite:////var/lib/ironic/ironic.sqlite', 'automated_clean = false', 'tftp_root = /var/lib/ironic/tftpboot', 'http_root = /var/lib/ironic/httpboot']) {
      expect(conf).to.include(`${line}\n`)
    }
    expect(host.files.get('/run/ironic-standalone.pid')).to.equal('4242\n')
    expect(host.files.get('/root/ironicrc')).to.equal(RC)
  })

  it('without systemd, everything in place and the process running → ok, nothing run but probes', async () => {
    const host = await inPlace('bash', { running: true })
    const { result } = await runLab(undercloud, host, { flavor: 'ironic' })
    expect(result.changed).to.equal(false)
    expect(host.ops).to.not.include('write')
  })

  it('without systemd, the process gone → started again, files left as they are', async () => {
    const host = await inPlace('bash', { running: false })
    const { result } = await runLab(undercloud, host, { flavor: 'ironic' })
    expect(result.steps).to.deep.equal(['start ironic'])
    expect(host.calls.filter((c) => c.op === 'write').map((c) => c.op === 'write' && c.path)).to.deep.equal(['/run/ironic-standalone.pid'])
  })

  it('paths, port and database are parameters', async () => {
    const files = await wanted('bash', { conf_path: '/t/i.conf', rc_path: '/t/rc', database_path: '/t/db/i.sqlite', api_port: 16385, pid_file: '/t/pid', log_file: '/t/log' })
    expect(Object.keys(files)).to.deep.equal(['/t/i.conf', '/t/rc'])
    expect(files['/t/i.conf']).to.include('port = 16385\n').and.include('connection = sqlite:////t/db/i.sqlite\n')
    expect(files['/t/rc']).to.equal('export OS_AUTH_TYPE=none\nexport OS_ENDPOINT=http://127.0.0.1:16385\n')
  })

  it('a wildcard listen address is reached on loopback', async () => {
    const files = await wanted('bash', { config: { api: { host_ip: '0.0.0.0' } } })
    expect(files['/root/ironicrc']).to.equal(RC)
  })

  it('fresh machine under systemd: our unit running the same single process, enabled and started', async () => {
    const host = target('systemd', { installed: false })
    const { result } = await runLab(undercloud, host, { flavor: 'ironic', conf_path: '/etc/ironic/my ironic.conf' })
    expect(result.failed, String(result.msg)).to.equal(undefined)
    expect(result).to.include({ service_manager: 'systemd', service: 'ironic-standalone.service' })
    expect(String(host.files.get(UNIT))).to.include('ExecStart=/usr/bin/ironic --config-file "/etc/ironic/my ironic.conf"\n').and.include('WantedBy=multi-user.target')
    expect(runs(host).filter((r) => r.startsWith('systemctl'))).to.deep.equal([
      'systemctl is-active ironic-standalone.service',
      'systemctl daemon-reload',
      'systemctl enable ironic-standalone.service',
      'systemctl restart ironic-standalone.service',
    ])
  })

  it('under systemd, everything in place → ok', async () => {
    const host = await inPlace('systemd', { running: true })
    const { result } = await runLab(undercloud, host, { flavor: 'ironic' })
    expect(result.changed).to.equal(false)
  })

  it('under systemd, a changed config → written and the service restarted, schema left alone', async () => {
    const host = await inPlace('systemd', { running: true })
    const { result } = await runLab(undercloud, host, { flavor: 'ironic', config: { DEFAULT: { enabled_hardware_types: 'ipmi,fake-hardware' } } })
    expect(result.steps).to.deep.equal(['write /etc/ironic/ironic.conf', 'restart ironic'])
    const commands = runs(host)
    expect(commands).to.include.members(['systemctl stop ironic-standalone.service', 'systemctl restart ironic-standalone.service'])
    expect(commands.some((r) => r.includes('dbsync'))).to.equal(false)
    expect(String(host.files.get('/etc/ironic/ironic.conf'))).to.include('enabled_hardware_types = ipmi,fake-hardware\n')
  })

  it('another database than sqlite: ironic-dbsync upgrade whenever the service starts', async () => {
    const host = target('bash', { running: false })
    const { result } = await runLab(undercloud, host, { flavor: 'ironic', config: { database: { connection: 'mysql+pymysql://ironic:pw@db/ironic' } } })
    expect(result.steps).to.not.include('create the database schema')
    expect(runs(host)).to.include('ironic-dbsync --config-file /etc/ironic/ironic.conf upgrade')
  })

  it('something else answering on the port fails the start', async () => {
    const host = target('bash', { answersBefore: true })
    const { result } = await runLab(undercloud, host, { flavor: 'ironic' })
    expect(result).to.include({ failed: true, msg: 'something else already answers on http://127.0.0.1:6385; stop it or choose another api_port' })
    expect(runs(host).some((r) => r.startsWith('sh: setsid'))).to.equal(false)
  })

  it('a process that dies during start-up fails the task with the end of its log', async () => {
    const host = target('bash', { apiComesUp: 3 })
    const { result } = await runLab(undercloud, host, { flavor: 'ironic' })
    expect(result.failed).to.equal(true)
    expect(result.msg).to.equal('the ironic process exited during start-up; the end of /var/log/ironic/ironic-standalone.log:\nERROR oslo_service: Could not bind to 127.0.0.1:6385')
  })

  it('an API that never answers fails the task after start_timeout', async () => {
    const host = target('systemd', { apiComesUp: 1 })
    const { result } = await runLab(undercloud, host, { flavor: 'ironic', start_timeout: 5 })
    expect(result.msg).to.equal('Ironic did not answer on http://127.0.0.1:6385 within 5s; see journalctl -u ironic-standalone')
  })

  it('check mode shows the files and runs only probes', async () => {
    const host = target('systemd')
    const { result } = await runLab(undercloud, host, { flavor: 'ironic' }, { checkMode: true })
    expect((result.diff as { after_header: string }[]).map((d) => d.after_header)).to.deep.equal(['/etc/ironic/ironic.conf', '/root/ironicrc', UNIT])
    expect(host.ops).to.not.include('write')
    expect(runs(host)).to.deep.equal(['sh: dpkg-query', 'systemctl is-active ironic-standalone.service'])
  })

  it('apt-get failing, also after apt-get update, fails the task before anything is written', async () => {
    const host = new FakeHost().withFile('/proc/1/comm', 'bash\n').onExec(PROBES.running, { rc: 1 }).onExec('apt-get install', { rc: 100, stderr: 'E: Unable to locate package ironic-common' })
    const { result } = await runLab(undercloud, host, { flavor: 'ironic' })
    expect(result.failed).to.equal(true)
    expect(result.msg).to.equal(`apt-get could not install ${PACKAGES.join(', ')}`)
    expect(runs(host).filter((r) => r.startsWith('apt-get')).map((r) => r.split(' ').slice(0, 2).join(' '))).to.deep.equal(['apt-get install', 'apt-get update', 'apt-get install'])
    expect(host.ops).to.not.include('write')
  })
})
