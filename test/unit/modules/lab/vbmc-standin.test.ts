// vbmc through the real local connection, against test/fixtures/standins/vbmc: a
// STAND-IN for VirtualBMC's `vbmc` client (VirtualBMC cannot be installed on these
// machines). The stand-in keeps VirtualBMC's per-domain config files under $HOME/.vbmc
// and prints vbmc's JSON/table output and error texts; no IPMI port is opened.
import { expect } from 'chai'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { TaskHost } from '../../../../engine/module.js'
import vbmc from '../../../../modules/vbmc.js'
import { RecordingHost, runLab } from './lab-helpers.js'

const STANDIN = fileURLToPath(new URL('../../../fixtures/standins/vbmc', import.meta.url))

describe('vbmc module against the vbmc stand-in (local connection)', function () {
  this.timeout(20000)
  let home: string
  let host: RecordingHost
  const stateFile = () => join(home, 'vbmcd-state.json')
  const args = (over: Record<string, unknown> = {}) => ({ domain: 'node-0', port: 6230, password: 'first-pass', vbmc_bin: STANDIN, ...over })

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'tsplay-vbmc-'))
    await writeFile(stateFile(), JSON.stringify({ libvirt_domains: ['node-0', 'node-1'] }))
    host = new RecordingHost(new TaskHost('localhost', new LocalConnection(), { env: { HOME: home, VBMC_STANDIN_STATE: stateFile() } }))
  })
  afterEach(() => rm(home, { recursive: true, force: true }))

  const stored = () => readFile(join(home, '.vbmc', 'node-0', 'config'), 'utf8')

  it('adds and starts a BMC, then a second run changes nothing', async () => {
    const first = await runLab(vbmc, host, args())
    expect(first.result).to.include({ changed: true, status: 'running', port: 6230 })
    expect(await stored()).to.include('password = first-pass').and.include('active = True')
    const again = await runLab(vbmc, host, args())
    expect(again.result.changed, JSON.stringify(again.result)).to.equal(false)
    expect(again.result.warnings).to.equal(undefined)
  })

  it('recreates the BMC for a new port or password, keeping it running', async () => {
    await runLab(vbmc, host, args())
    const moved = await runLab(vbmc, host, args({ port: 6231 }))
    expect(moved.result).to.include({ changed: true, status: 'running', port: 6231 })
    const repassed = await runLab(vbmc, host, args({ port: 6231, password: 'second-pass' }))
    expect(repassed.result.changed_settings).to.deep.equal(['password'])
    expect(JSON.stringify(repassed.result)).to.not.include('pass"').and.not.include('second-pass')
    expect(await stored()).to.include('password = second-pass')
    expect((await runLab(vbmc, host, args({ port: 6231, password: 'second-pass' }))).result.changed).to.equal(false)
  })

  it('stops, then deletes, each idempotently', async () => {
    await runLab(vbmc, host, args())
    expect((await runLab(vbmc, host, args({ state: 'stopped' }))).result).to.include({ changed: true, status: 'down' })
    expect((await runLab(vbmc, host, args({ state: 'stopped' }))).result.changed).to.equal(false)
    expect((await runLab(vbmc, host, { domain: 'node-0', state: 'absent', vbmc_bin: STANDIN })).result.changed).to.equal(true)
    expect((await runLab(vbmc, host, { domain: 'node-0', state: 'absent', vbmc_bin: STANDIN })).result.changed).to.equal(false)
  })

  it('check mode runs only vbmc show', async () => {
    await runLab(vbmc, host, args(), { checkMode: true })
    expect(host.commands.every((c) => c.startsWith(`${STANDIN} show`) || c.startsWith('sh -c'))).to.equal(true)
  })

  it("reports vbmc's error for a domain libvirt does not know", async () => {
    const { result } = await runLab(vbmc, host, args({ domain: 'ghost' }))
    expect(result.failed).to.equal(true)
    expect(String(result.msg)).to.equal('vbmc add failed: (1): Command failed: No domain with matching name ghost was found')
  })
})
