import { expect } from 'chai'
import { ParseError } from '../../../engine/errors.js'
import { fixture, loadInventory, loadText } from './helpers.js'

// Expectations checked with `ansible-inventory -i fixtures/ini/hosts --list` (ansible-core 2.14).
describe('inventory INI format', () => {
  it('reads groups, children, ranges and ports as ansible does', async () => {
    const { inventory, warnings } = await loadInventory([fixture('ini', 'hosts')])
    expect(warnings).to.deep.equal([])
    expect(inventory.getGroup('all')!.children).to.deep.equal(['ungrouped', 'site', 'odd'])
    expect(inventory.getGroup('site')!.children).to.deep.equal(['web', 'late'])
    expect(inventory.getGroup('ungrouped')!.hosts).to.deep.equal(['lone2'])
    expect(inventory.getGroup('late')!.hosts).to.deep.equal(['web02', 'lone1'])
    expect(inventory.getGroup('web')!.hosts).to.deep.equal(['web01', 'web02', 'web03', 'db-a', 'db-b', 'db-c'])
    expect(inventory.getGroup('odd')!.hosts).to.deep.equal(['node1', 'node5', 'node9', 'h-08', 'h-09', 'h-10'])
    expect(inventory.select('all')).to.deep.equal([
      'lone2', 'node1', 'node5', 'node9', 'h-08', 'h-09', 'h-10', 'web01', 'web02', 'web03', 'db-a', 'db-b', 'db-c', 'lone1',
    ])
  })

  it('parses host line values as Python literals after shell-like splitting', async () => {
    const { inventory } = await loadInventory([fixture('ini', 'hosts')])
    const { inventory_file, inventory_dir, ...lone1 } = inventory.hostVars('lone1')
    expect(lone1).to.deep.equal({
      a: 1, av: 1, b: 'two words', c: [1, 2], d: 'yes', e: 1.5, f: '0644', g: true, h: '{k:1}', i: 31, j: -3, n: null, x: 'from-all',
    })
    expect(inventory_file).to.equal(fixture('ini', 'hosts'))
    expect(inventory_dir).to.equal(fixture('ini'))
    const { inventory_file: _f, inventory_dir: _d, ...lone2 } = inventory.hostVars('lone2')
    // `t=a#b` starts a comment at '#', so u="x # y" after it is never read.
    expect(lone2).to.deep.equal({ ansible_port: 2222, av: 1, s: 'its', t: 'a', x: 'from-all' })
  })

  it('parses [group:vars] values as whole-line literals, the first port of a host winning', async () => {
    const { inventory } = await loadInventory([fixture('ini', 'hosts')])
    const { inventory_file, inventory_dir, ...web02 } = inventory.hostVars('web02')
    expect(web02).to.deep.equal({
      av: 1, port_ignored: 1, q: 1, u: 'spaced value', v: 'hello # not a comment', w: 'yes', x: 1, y: 'quoted', z: [1, 2],
    })
  })

  it('accepts a group listed as a child before its own section, and [g:vars] before [g]', async () => {
    const { inventory } = await loadText('hosts', '[parent:children]\nkid\n[kid:vars]\nk=1\n[kid]\nh1\n')
    expect(inventory!.getGroup('parent')!.children).to.deep.equal(['kid'])
    expect(inventory!.hostVars('h1').k).to.equal(1)
  })

  const errors: Array<[string, string, number, number, string]> = [
    ['unknown section type', '[a]\nx\n[b:chldren]\n', 3, 1, 'Section [b:chldren] has unknown type: chldren'],
    ['undefined child group', '[a]\nx\n[b:children]\n  nope\n', 4, 3, 'Section [b:children] includes undefined group: nope'],
    ['vars of an undefined group', '[a:vars]\nx=1\n', 1, 1, 'Section [a:vars] not valid for undefined group: a'],
    ['host word without =', '[a]\nx y\n', 2, 3, 'Expected key=value host variable assignment, got: y'],
    ['unclosed quote', '[a]\nx "y\n', 2, 1, "Error parsing host definition 'x \"y': No closing quotation"],
    ['vars line without =', '[a]\nh\n[a:vars]\nnovalue\n', 4, 1, 'Expected key=value, got: novalue'],
    ['space in a section', '[a b]\n', 1, 1, "Invalid section entry: '[a b]'"],
    ['trailing colon', '[a]\nhost:\n', 2, 1, "Invalid host pattern 'host:' supplied, ending in ':' is not allowed"],
    ['YAML document marker', '[a]\n---\n', 2, 1, "Invalid host pattern '---' supplied, '---' is normally a sign this is a YAML file."],
    ['bad child name', '[a:children]\nb c\n', 2, 1, 'Expected group name, got: b c'],
    ['bad range', '[a]\nweb[1:x]\n', 2, 1, "invalid number in host range: 'x'"],
    ['group child of itself', '[a:children]\na\n', 2, 1, "can't add group a to itself"],
    ['cycle', '[a:children]\nb\n[b:children]\na\n', 4, 1, "Adding group 'a' as child to 'b' creates a recursive dependency loop."],
  ]
  for (const [what, content, line, column, message] of errors) {
    it(`reports ${what} at its line`, async () => {
      const { error, path } = await loadText('hosts', content)
      expect(error).to.be.instanceOf(ParseError)
      const err = error as ParseError
      expect(err.message).to.contain(message)
      expect(err.pos).to.deep.equal({ file: path, line, column })
    })
  }

  it('suggests the section type that was meant', async () => {
    const { error } = await loadText('hosts', '[b:chldren]\n')
    expect((error as ParseError).hint).to.equal('did you mean :children?')
  })
})

describe('inventory group names', () => {
  it('warns about group names that cannot be variable names, and keeps them', async () => {
    const { inventory, warnings } = await loadText('hosts', '[my-group]\nh1\n[1st]\nh2\n[ok_group]\nh3\n[é_ok]\nh4\n')
    expect(inventory!.select('my-group:1st')).to.deep.equal(['h1', 'h2'])
    expect(warnings).to.deep.equal([
      "Invalid characters were found in group names but not replaced: 'my-group' (use letters, digits and _)",
      "Invalid characters were found in group names but not replaced: '1st' (use letters, digits and _)",
    ])
  })
})
