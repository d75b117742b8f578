import { expect } from 'chai'
import { ParseError } from '../../../engine/errors.js'
import { fixture, loadInventory, loadText } from './helpers.js'

function withoutSourceVars(vars: Record<string, unknown>): Record<string, unknown> {
  const { inventory_file, inventory_dir, ...rest } = vars
  return rest
}

// Expectations checked with `ansible-inventory -i fixtures/yaml/hosts.yml --list` (ansible-core 2.14).
describe('inventory YAML format', () => {
  it('reads nested groups, host ranges, ports and null values', async () => {
    const { inventory, warnings } = await loadInventory([fixture('yaml', 'hosts.yml')])
    expect(warnings).to.deep.equal([])
    expect(inventory.getGroup('all')!.children).to.deep.equal(['ungrouped', 'web', 'db', 'empty', 'other'])
    expect(inventory.getGroup('web')!.hosts).to.deep.equal(['web1', 'web2', 'web3', 'solo.example.com'])
    expect(inventory.getGroup('web')!.children).to.deep.equal(['inner'])
    expect(inventory.getGroup('inner')!.hosts).to.deep.equal(['web2'])
    expect(inventory.getGroup('db')!.hosts).to.deep.equal(['db1', 'top1'])
    expect(inventory.getGroup('other')!.hosts).to.deep.equal(['db1', 'web3'])
    expect(inventory.getGroup('ungrouped')!.hosts).to.deep.equal(['top2'])
    expect(inventory.getGroup('empty')!.hosts).to.deep.equal([])
    expect(inventory.select('all')).to.deep.equal(['top1', 'top2', 'web1', 'web2', 'web3', 'solo.example.com', 'db1'])
  })

  it('reads values with PyYAML 1.1 rules (yes is true, 0644 is octal, y stays a string)', async () => {
    const { inventory } = await loadInventory([fixture('yaml', 'hosts.yml')])
    const common = { av: 1, flag: true, mode: 420, short: 'y' }
    expect(withoutSourceVars(inventory.hostVars('top2'))).to.deep.equal({ ...common, ansible_port: 2222, tv: [1, 2] })
    expect(withoutSourceVars(inventory.hostVars('web2'))).to.deep.equal({ ...common, role: 'web', x: 1 })
    expect(withoutSourceVars(inventory.hostVars('db1'))).to.deep.equal({ ...common, extra: true })
    expect(withoutSourceVars(inventory.hostVars('solo.example.com'))).to.deep.equal({ ...common, ansible_host: '10.0.0.5', x: 1 })
  })

  it('reads a JSON inventory with JSON number rules', async () => {
    const { inventory } = await loadText('hosts.json', '{"all": {"hosts": {"h1": {"big": 1e3}}}}')
    expect(inventory!.hostVars('h1').big).to.equal(1000)
  })

  it('follows anchors, aliases and merge keys', async () => {
    const { inventory } = await loadText(
      'hosts.yml',
      'all:\n  hosts:\n    h1: &base { a: 1, b: 2 }\n    h2: *base\n    h3:\n      <<: *base\n      b: 3\n',
    )
    expect(withoutSourceVars(inventory!.hostVars('h2'))).to.deep.equal({ a: 1, b: 2 })
    expect(withoutSourceVars(inventory!.hostVars('h3'))).to.deep.equal({ a: 1, b: 3 })
  })

  it('takes a string as a one-entry section, as ansible does', async () => {
    const { inventory } = await loadText('hosts.yml', 'all:\n  hosts: h1\n  children: kids\n  vars: text\nkids:\n  hosts: h2\n')
    expect(inventory!.getGroup('all')!.hosts).to.deep.equal(['h1'])
    expect(inventory!.getGroup('all')!.children).to.include('kids')
    expect(inventory!.getGroup('kids')!.hosts).to.deep.equal(['h2'])
    expect(inventory!.hostVars('h1').text).to.equal(null)
  })

  it('warns about entries it skips, and about duplicate keys', async () => {
    const { inventory, warnings, path } = await loadText('hosts.yml', 'web: [a]\nall:\n  hosts:\n    h1:\n    h1:\n  foo: bar\n  bar:\n    x: 1\n')
    expect(inventory!.hostNames()).to.deep.equal(['h1'])
    expect(warnings).to.deep.equal([
      `${path}:5:5: found a duplicate dict key (h1); using last defined value only`,
      `${path}:1:6: Skipping 'web' as this is not a valid group definition`,
      `${path}:6:8: Skipping key (foo) in group (all) as it is not a mapping, it is a string`,
      `${path}:7:3: Skipping unexpected key (bar) in group (all), only "vars", "children" and "hosts" are valid`,
    ])
  })

  const errors: Array<[string, string, number, number, string]> = [
    ['a number as host name', 'all:\n  hosts:\n    10:\n', 3, 5, 'Host pattern 10 must be a string. Enclose integers/floats in quotation marks.'],
    ['a list of hosts', 'all:\n  hosts: [a, b]\n', 2, 10, 'Invalid "hosts" entry for "all" group, requires a dictionary, found "list" instead.'],
    ['host vars that are a list', 'all:\n  hosts:\n    h1: [1]\n', 3, 9, 'Invalid vars for host h1: expected a mapping, got list'],
    ['an inventory plugin file', 'plugin: aws_ec2\n', 1, 1, 'inventory plugin configuration files are not supported'],
    ['bad YAML', 'all:\n  hosts:\n    h1: x\n   h2: y\n', 4, 1, 'All mapping items must start at the same column'],
    ['a bad range', 'all:\n  hosts:\n    web[1:x]:\n', 3, 5, "invalid number in host range: 'x'"],
  ]
  for (const [what, content, line, column, message] of errors) {
    it(`reports ${what} at its position`, async () => {
      const { error, path } = await loadText('hosts.yml', content)
      expect(error).to.be.instanceOf(ParseError)
      const err = error as ParseError
      expect(err.message).to.contain(message)
      expect(err.pos).to.deep.equal({ file: path, line, column })
    })
  }
})
