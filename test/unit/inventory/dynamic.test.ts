import { expect } from 'chai'
import type { Inventory } from '../../../engine/inventory/index.js'
import { fixture, loadInventory } from './helpers.js'

// add_host and group_by as ansible-playbook applies them (checked with a playbook using both).
describe('inventory changes during a run', () => {
  let inventory: Inventory
  beforeEach(async () => {
    ;({ inventory } = await loadInventory([fixture('ini', 'hosts')]))
  })

  it('add_host puts a new host first in `all`, in its groups, with its vars', () => {
    expect(inventory.addHost('newh', ['ng'], { foo: 1 })).to.equal(true)
    expect(inventory.groupsVar().all[0]).to.equal('newh')
    expect(inventory.groupsVar().ng).to.deep.equal(['newh'])
    expect(inventory.getGroup('all')!.children).to.include('ng')
    expect(inventory.hostVars('newh')).to.include({ foo: 1, av: 1 })
    expect(inventory.groupNamesOf('newh')).to.deep.equal(['ng'])
    expect(inventory.select('ng')).to.deep.equal(['newh'])
  })

  it('add_host of a host without groups makes it ungrouped; repeating it changes nothing', () => {
    expect(inventory.addHost('loner', [], {})).to.equal(true)
    expect(inventory.groupNamesOf('loner')).to.deep.equal(['ungrouped'])
    expect(inventory.addHost('loner', [], {})).to.equal(false)
  })

  it('add_host updates the vars and groups of a known host', () => {
    expect(inventory.addHost('lone2', ['extra'], { ansible_port: 2200 })).to.equal(true)
    expect(inventory.hostVars('lone2').ansible_port).to.equal(2200)
    expect(inventory.groupNamesOf('lone2')).to.deep.equal(['extra'])
  })

  it('group_by creates groups under parents and keeps the implicit localhost out of `all`', () => {
    expect(inventory.addGroup('gb', 'pgb')).to.equal(true)
    expect(inventory.addHostToGroup('localhost', 'gb')).to.equal(true)
    expect(inventory.addHostToGroup('web01', 'gb')).to.equal(true)
    expect(inventory.getGroup('pgb')!.children).to.deep.equal(['gb'])
    expect(inventory.groupsVar().gb).to.deep.equal(['localhost', 'web01'])
    expect(inventory.groupsVar().all).to.not.include('localhost')
    expect(inventory.isImplicitLocalhost('localhost')).to.equal(true)
    expect(inventory.groupNamesOf('localhost')).to.deep.equal(['gb', 'pgb'])
    expect(inventory.addHostToGroup('web01', 'gb')).to.equal(false)
  })

  it('refresh reads the sources again and replays the changes', async () => {
    inventory.addHost('newh', ['ng'], {})
    inventory.addGroup('gb')
    inventory.addHostToGroup('web01', 'gb')
    await inventory.refresh()
    expect(inventory.select('ng:gb')).to.deep.equal(['newh', 'web01'])
  })

  it('a change is seen by later pattern matches', () => {
    expect(inventory.select('later')).to.deep.equal([])
    inventory.addHost('h9', ['later'], {})
    expect(inventory.select('later')).to.deep.equal(['h9'])
  })
})
