import { expect } from 'chai'
import { chmodSync, cpSync } from 'node:fs'
import { join } from 'node:path'
import { ParseError } from '../../../engine/errors.js'
import { fixture, loadInventory, TempDir } from './helpers.js'

function withoutSourceVars(vars: Record<string, unknown>): Record<string, unknown> {
  const { inventory_file, inventory_dir, ...rest } = vars
  return rest
}

// Expectations checked with ansible-inventory/ansible --list-hosts (ansible-core 2.14).
describe('inventory sources', () => {
  describe('folders', () => {
    let dir: TempDir
    beforeEach(() => {
      dir = new TempDir()
      cpSync(fixture('folder'), dir.path, { recursive: true })
      // Files ansible skips in an inventory folder (hidden, backups, ignored extensions).
      dir.write({ '.hidden': '[ignored]\nnope1\n', 'old~': '[ignored]\nnope2\n', 'x.retry': 'nope3\n' })
    })
    afterEach(() => dir.remove())

    it('reads every inventory file in order, skipping ignored names', async () => {
      const { inventory, warnings } = await loadInventory([dir.path])
      expect(warnings).to.deep.equal([])
      expect(inventory.groupNames()).to.deep.equal(['all', 'ungrouped', 'web', 'db', 'cache'])
      expect(inventory.select('all')).to.deep.equal(['web01', 'web02', 'db01', 'db02', 'cache01'])
    })

    it('applies group_vars/ and host_vars/ files and folders', async () => {
      const { inventory } = await loadInventory([dir.path])
      const expected: Record<string, Record<string, unknown>> = {
        cache01: { from_all: 1, level: 'all-file' },
        db01: { db_json: true, from_all: 1, level: 'db01-host-yml' },
        db02: { db_json: true, from_all: 1, level: 'db-json' },
        web01: { from_all: 1, hv: 'from-file', level: 'web01-host', web_a: 1, web_b: 2 },
        web02: { from_all: 1, hv: 'inline', level: 'web-second', web_a: 1, web_b: 2 },
      }
      for (const [host, vars] of Object.entries(expected)) {
        expect(withoutSourceVars(inventory.hostVars(host)), host).to.deep.equal(vars)
      }
    })

    it('records the file each host came from', async () => {
      const { inventory } = await loadInventory([dir.path])
      expect(inventory.hostVars('db02').inventory_file).to.equal(join(dir.path, '20-more.yml'))
      expect(inventory.hostVars('db02').inventory_dir).to.equal(dir.path)
    })
  })

  describe('host lists', () => {
    it('reads names, ports and IPv6 addresses into ungrouped', async () => {
      const { inventory } = await loadInventory(['h1,h2:22,[::1]:23,web[1:2],'])
      expect(inventory.getGroup('ungrouped')!.hosts).to.deep.equal(['h1', 'h2', '::1', 'web[1:2]'])
      expect(inventory.hostVars('h2').ansible_port).to.equal(22)
      expect(inventory.hostVars('::1').ansible_port).to.equal(23)
      expect(inventory.hostVars('h1').inventory_file).to.equal('h1,h2:22,[::1]:23,web[1:2],')
      expect(inventory.hostVars('h1').inventory_dir).to.equal(null)
    })

    it('takes a single name with a trailing comma', async () => {
      const { inventory } = await loadInventory(['single,'])
      expect(inventory.select('all')).to.deep.equal(['single'])
    })
  })

  it('warns about a missing source and goes on with the others', async () => {
    const { inventory, warnings } = await loadInventory(['missing/hosts', fixture('ini', 'hosts')], '/nowhere')
    expect(warnings).to.deep.equal(['Unable to parse /nowhere/missing/hosts as an inventory source'])
    expect(inventory.hostNames()).to.include('web01')
  })

  it('warns when no source could be read, leaving only the implicit localhost', async () => {
    const { inventory, warnings } = await loadInventory(['/nowhere/hosts'])
    expect(warnings).to.deep.equal([
      'Unable to parse /nowhere/hosts as an inventory source',
      'No inventory was parsed, only implicit localhost is available',
    ])
    expect(inventory.select('all')).to.deep.equal([])
    expect(inventory.select('localhost')).to.deep.equal(['localhost'])
  })

  it('merges several sources, later group vars overriding earlier ones', async () => {
    const dir = new TempDir().write({ a: '[g]\nh1\n[g:vars]\nv=a\n', 'b.yml': 'g:\n  hosts:\n    h2:\n  vars:\n    v: b\n' })
    try {
      const { inventory } = await loadInventory([dir.file('a'), dir.file('b.yml')])
      expect(inventory.getGroup('g')!.hosts).to.deep.equal(['h1', 'h2'])
      expect(inventory.hostVars('h1').v).to.equal('b')
    } finally {
      dir.remove()
    }
  })

  it('reads an executable INI file without #! as data, not as a script', async () => {
    const dir = new TempDir().write({ hosts: '[g]\nh1\n' })
    try {
      chmodSync(dir.file('hosts'), 0o755)
      const { inventory } = await loadInventory([dir.file('hosts')])
      expect(inventory.getGroup('g')!.hosts).to.deep.equal(['h1'])
    } finally {
      dir.remove()
    }
  })

  describe('scripts', () => {
    it('uses _meta.hostvars from --list', async () => {
      const { inventory } = await loadInventory([fixture('scripts', 'with-meta.sh')])
      expect(inventory.getGroup('web')!.hosts).to.deep.equal(['w1', 'w2'])
      expect(inventory.getGroup('web')!.children).to.deep.equal(['edge'])
      expect(inventory.getGroup('edge')!.hosts).to.deep.equal(['e1'])
      expect(inventory.select('web')).to.deep.equal(['w1', 'w2', 'e1'])
      expect(withoutSourceVars(inventory.hostVars('w1'))).to.deep.equal({ http_port: 80, weight: 3 })
      expect(withoutSourceVars(inventory.hostVars('e1'))).to.deep.equal({ ansible_host: '10.1.1.1', http_port: 80 })
    })

    it('asks --host for each host when there is no _meta', async () => {
      const { inventory } = await loadInventory([fixture('scripts', 'per-host.sh')])
      expect(inventory.select('all')).to.deep.equal(['a1', 'a2', 'a3'])
      expect(withoutSourceVars(inventory.hostVars('a2'))).to.deep.equal({ asked_for: 'a2' })
    })

    it('reports a failing script with what it printed', async () => {
      const path = fixture('scripts', 'failing.sh')
      try {
        await loadInventory([path])
        expect.fail('a failing script must be an error')
      } catch (err) {
        expect(err).to.be.instanceOf(ParseError)
        expect((err as Error).message).to.equal(`Inventory script (${path} --list) had an execution error: boom: cannot reach the CMDB`)
      }
    })
  })
})
