// undercloud_install (flavor tripleo) through the real local connection, against
// test/fixtures/standins/openstack: a STAND-IN for TripleO's `openstack undercloud
// install` (TripleO cannot be installed on these machines). It reads undercloud.conf
// from its working folder, streams a log and leaves ~/stackrc, as the real one does.
import { expect } from 'chai'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { TaskHost } from '../../../../engine/module.js'
import undercloud from '../../../../modules/undercloud_install.js'
import { runLab } from './lab-helpers.js'

const STANDIN = fileURLToPath(new URL('../../../fixtures/standins/openstack', import.meta.url))

describe('undercloud_install against the TripleO stand-in (local connection)', function () {
  this.timeout(20000)
  let home: string
  const hostWith = (env: Record<string, string> = {}) => new TaskHost('localhost', new LocalConnection(), { env: { HOME: home, ...env } })
  const args = (config: Record<string, unknown>) => ({ flavor: 'tripleo', config, home, become: false, openstack_bin: STANDIN })

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'tsplay-undercloud-'))
  })
  afterEach(() => rm(home, { recursive: true, force: true }))

  it('installs, streams progress, and a second run changes nothing', async () => {
    const lines: string[] = []
    const first = await runLab(undercloud, hostWith(), args({ local_ip: '192.168.24.1/24' }), { progress: (l) => lines.push(l) })
    expect(first.result.failed, String(first.result.msg)).to.equal(undefined)
    expect(first.result.changed).to.equal(true)
    expect(lines).to.include('The Undercloud has been successfully installed.')
    expect(await readFile(join(home, 'stackrc'), 'utf8')).to.include('OS_AUTH_URL=https://192.168.24.1:13000')
    expect((await runLab(undercloud, hostWith(), args({ local_ip: '192.168.24.1/24' }))).result.changed).to.equal(false)
    expect((await runLab(undercloud, hostWith(), args({ local_ip: '192.168.24.5/24' }))).result.changed).to.equal(true)
  })

  it('a failing install fails the task and leaves it to run again', async () => {
    const failing = await runLab(undercloud, hostWith({ UNDERCLOUD_STANDIN_FAIL: 'Deployment failed: step 3' }), args({ local_ip: '10.0.0.1/24' }))
    expect(failing.result).to.include({ failed: true, msg: 'openstack undercloud install failed (rc 1): Deployment failed: step 3' })
    expect((await runLab(undercloud, hostWith(), args({ local_ip: '10.0.0.1/24' }), { checkMode: true })).result.changed).to.equal(true)
  })
})
