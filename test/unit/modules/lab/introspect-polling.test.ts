// Node states are polled with one shared `node list`: each openstack command costs a
// Python start (~1 s of CPU on the lab machines), so N nodes in flight must not cost N.
import { expect } from 'chai'
import type { NodeState } from '../../../../modules/lib/openstack/baremetal.js'
import { NodeWatcher } from '../../../../modules/lib/openstack/node-watcher.js'
import nodeIntrospect from '../../../../modules/node_introspect.js'
import { FakeIronic } from './introspect-ironic.js'
import { runLab } from './lab-helpers.js'

const state = (uuid: string, provision_state: string): NodeState => ({ uuid, name: uuid, provision_state })

describe('NodeWatcher', () => {
  it('callers asking together share one list; a caller asking during a list waits for the next', async () => {
    let calls = 0
    let release: () => void = () => {}
    const watcher = new NodeWatcher(async () => {
      calls++
      const call = calls
      await new Promise<void>((resolve) => (release = resolve))
      return [state('a', `seen by list ${call}`), state('b', `seen by list ${call}`)]
    })
    const first = [watcher.fresh('a'), watcher.fresh('b')]
    await new Promise((resolve) => setImmediate(resolve))
    const late = watcher.fresh('a') // the first list is under way: it may predate this caller's action
    release()
    expect((await Promise.all(first)).map((s) => s.provision_state)).to.deep.equal(['seen by list 1', 'seen by list 1'])
    await new Promise((resolve) => setImmediate(resolve))
    release()
    expect((await late).provision_state).to.equal('seen by list 2')
    expect(calls).to.equal(2)
  })

  it('a node missing from the list is an error', async () => {
    const watcher = new NodeWatcher(async () => [state('a', 'available')])
    await watcher.fresh('gone').then(
      () => expect.fail('resolved'),
      (e: Error) => expect(e.message).to.equal('node gone is no longer in Ironic'),
    )
  })
})

describe('node_introspect polling', () => {
  it('three nodes in flight poll with shared node lists and never node show', async () => {
    const ironic = new FakeIronic()
    ironic.latencyMs = 5
    for (const name of ['c0', 'c1', 'c2']) ironic.add(name, 'manageable')
    const nodes = ['c0', 'c1', 'c2'].map((name) => ({ name, pm_type: 'fake-hardware' }))
    const { result } = await runLab(nodeIntrospect, ironic.host, { nodes, auth: { OS_AUTH_TYPE: 'none' }, poll_interval: 0, concurrency: 3 })
    expect(result.failed, String(result.msg)).to.equal(undefined)
    const commands = ironic.host.execs.map((c) => (c as string[]).slice(1, 4).join(' '))
    // One list to plan, then each node polls 3 times after inspect and twice after provide:
    // 16 lists if each node polled alone, 6 if all polls were shared perfectly.
    const lists = commands.filter((c) => c === 'baremetal node list').length
    expect(lists).to.be.within(6, 8)
    expect(commands.filter((c) => c.startsWith('baremetal node show'))).to.deep.equal([])
  })
})
