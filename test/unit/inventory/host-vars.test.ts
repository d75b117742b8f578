import { expect } from 'chai'
import { fixture, loadInventory, TempDir } from './helpers.js'

function withoutSourceVars(vars: Record<string, unknown>): Record<string, unknown> {
  const { inventory_file, inventory_dir, ...rest } = vars
  return rest
}

// Expectations checked with `ansible-inventory -i fixtures/precedence --list [--playbook-dir fixtures/playbook]`.
describe('inventory variable precedence', () => {
  it('orders groups by depth, then ansible_group_priority, then name', async () => {
    const { inventory } = await loadInventory([fixture('precedence')])
    expect(inventory.groupsByPrecedence('h1')).to.deep.equal(['top', 'z_prio', 'a_prio', 'mid', 'deep'])
    expect(inventory.groupNamesOf('h1')).to.deep.equal(['a_prio', 'deep', 'mid', 'top', 'z_prio'])
  })

  it('merges inventory vars, then group_vars and host_vars files beside the inventory', async () => {
    const { inventory } = await loadInventory([fixture('precedence')])
    expect(withoutSourceVars(inventory.hostVars('h1'))).to.deep.equal({
      d: 'deep-file', gv_all: 'inv', hostfile: 'inv', only_all: 1, p: 'a_prio', shadow_by_group: 'top-file',
    })
  })

  it('puts files beside the playbook above those beside the inventory', async () => {
    const { inventory } = await loadInventory([fixture('precedence')])
    await inventory.addPlaybookDir(fixture('playbook'))
    expect(withoutSourceVars(inventory.hostVars('h1'))).to.deep.equal({
      d: 'top-playbook', gv_all: 'playbook', hostfile: 'playbook', only_all: 1, p: 'a_prio', shadow_by_group: 'top-file',
    })
  })

  it('ranks host vars from the inventory file between group_vars and host_vars files', async () => {
    const dir = new TempDir().write({
      hosts: '[g]\nh1 v=inline w=inline\n',
      'group_vars/g.yml': 'v: group-file\nw: group-file\nonly_group: 1\n',
      'host_vars/h1.yml': 'w: host-file\n',
    })
    try {
      const { inventory } = await loadInventory([dir.path])
      expect(withoutSourceVars(inventory.hostVars('h1'))).to.deep.equal({ v: 'inline', w: 'host-file', only_group: 1 })
    } finally {
      dir.remove()
    }
  })

  it('replaces whole values rather than merging dictionaries', async () => {
    const dir = new TempDir().write({
      hosts: '[g]\nh1\n',
      'group_vars/all.yml': 'cfg: { a: 1, b: 2 }\n',
      'group_vars/g.yml': 'cfg: { b: 3 }\n',
    })
    try {
      const { inventory } = await loadInventory([dir.path])
      expect(inventory.hostVars('h1').cfg).to.deep.equal({ b: 3 })
    } finally {
      dir.remove()
    }
  })

  it('reports a vars file that is not a mapping', async () => {
    const dir = new TempDir().write({ hosts: '[g]\nh1\n', 'group_vars/g.yml': '- a\n- b\n' })
    try {
      const { inventory } = await loadInventory([dir.path])
      expect(() => inventory.hostVars('h1')).to.throw('vars file must contain a mapping').with.property('pos').that.deep.equals({
        file: dir.file('group_vars/g.yml'), line: 1, column: 1,
      })
    } finally {
      dir.remove()
    }
  })

  describe('the implicit localhost', () => {
    it('exists when asked for, outside `all`, with a local connection and the `all` vars', async () => {
      const { inventory } = await loadInventory([fixture('precedence')])
      expect(inventory.isImplicitLocalhost('localhost')).to.equal(true)
      expect(inventory.select('localhost:h1')).to.deep.equal(['localhost', 'h1'])
      expect(inventory.select('all')).to.deep.equal(['h1'])
      expect(inventory.hostNames()).to.deep.equal(['h1'])
      expect(inventory.groupNamesOf('localhost')).to.deep.equal([])
      expect(inventory.hostVars('localhost')).to.deep.equal({
        d: 'all', only_all: 1, gv_all: 'inv', shadow_by_group: 'all-file',
        ansible_connection: 'local', ansible_python_interpreter: '/usr/bin/python3',
      })
    })

    it('is the inventory host when the inventory names one', async () => {
      const { inventory } = await loadInventory([fixture('patterns', 'hosts')])
      expect(inventory.isImplicitLocalhost('localhost')).to.equal(false)
      expect(inventory.isImplicitLocalhost('127.0.0.1')).to.equal(false)
      expect(inventory.select('127.0.0.1')).to.deep.equal(['localhost'])
      expect(inventory.hostVars('localhost').ansible_connection).to.equal(undefined)
    })
  })
})
