// libvirt_net against a real libvirtd (see libvirtd.ts). The networks have no
// forwarding and no address: they are bare bridges, and no traffic is sent anywhere.
import { expect } from 'chai'
import libvirtNet from '../../../modules/libvirt_net.js'
import { runTask } from './modules.js'
import { useLibvirtd, virsh } from './libvirtd.js'

const NAME = 'tsplaytest-net'
const BRIDGE = 'tsplaytest0'
const net = (extra: Record<string, unknown> = {}) => runTask(libvirtNet, { name: NAME, bridge: BRIDGE, ...extra })
const defined = () => virsh('net-list', '--all', '--name').split('\n').map((n) => n.trim()).includes(NAME)
const info = () => virsh('net-info', NAME)

describe('libvirt_net on a real libvirtd', function () {
  this.timeout(60_000)
  useLibvirtd()

  it('check mode defines nothing', async () => {
    const checked = await runTask(libvirtNet, { name: NAME, bridge: BRIDGE }, { check: true })
    expect(checked).to.include({ changed: true })
    expect(checked.actions).to.deep.equal([`define network '${NAME}'`, `start network '${NAME}'`])
    expect(defined()).to.equal(false)
  })

  it('defines and starts the network, then reports no change', async () => {
    const first = await net()
    expect(first).to.include({ changed: true, active: true })
    expect(first.failed).to.equal(undefined)
    expect(info()).to.match(/Active:\s+yes/)
    expect(virsh('net-dumpxml', '--inactive', NAME)).to.include(`<bridge name='${BRIDGE}' stp='on' delay='0'/>`)
    const second = await net()
    expect(second).to.include({ changed: false })
  })

  it('check mode leaves a changed definition as it is', async () => {
    const before = virsh('net-dumpxml', '--inactive', NAME)
    const checked = await runTask(libvirtNet, { name: NAME, bridge: BRIDGE, mtu: 1400 }, { check: true })
    expect(checked.changed).to.equal(true)
    expect(virsh('net-dumpxml', '--inactive', NAME)).to.equal(before)
  })

  it('redefines a running network on change and reports restart_needed', async () => {
    const changed = await net({ mtu: 1400 })
    expect(changed).to.include({ changed: true, restart_needed: true })
    expect(virsh('net-dumpxml', '--inactive', NAME)).to.include("<mtu size='1400'/>")
    expect(virsh('net-dumpxml', NAME)).to.not.include("<mtu size='1400'/>")
    const again = await net({ mtu: 1400 })
    expect(again).to.include({ changed: false, restart_needed: true })
  })

  it('restarts with restart_on_change', async () => {
    const restarted = await net({ mtu: 1400, restart_on_change: true })
    expect(restarted).to.include({ changed: true })
    expect(restarted.actions).to.deep.equal([`stop network '${NAME}'`, `start network '${NAME}'`])
    expect(virsh('net-dumpxml', NAME)).to.include("<mtu size='1400'/>")
    expect(await net({ mtu: 1400 })).to.include({ changed: false }).and.not.have.property('restart_needed')
  })

  it('sets autostart and stops for inactive', async () => {
    expect(await net({ mtu: 1400, autostart: true })).to.include({ changed: true, autostart: true })
    expect(info()).to.match(/Autostart:\s+yes/)
    expect(await net({ mtu: 1400, autostart: true, state: 'inactive' })).to.include({ changed: true, active: false })
    expect(info()).to.match(/Active:\s+no/)
    expect(await net({ mtu: 1400, autostart: true, state: 'inactive' })).to.include({ changed: false })
  })

  it('removes the network with absent, once', async () => {
    expect(await net({ state: 'absent' })).to.include({ changed: true })
    expect(defined()).to.equal(false)
    expect(await net({ state: 'absent' })).to.include({ changed: false })
  })

  it('reports libvirt\'s refusal as the failure', async () => {
    const result = await runTask(libvirtNet, { xml: `<network><name>${NAME}</name><forward mode='nat'/></network>` })
    expect(result).to.include({ failed: true, changed: false })
    expect(result.msg).to.match(/^define network 'tsplaytest-net' failed: .*nat forwarding requested, but no IP address provided/)
  })
})
