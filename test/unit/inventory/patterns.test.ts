import { expect } from 'chai'
import { writeFileSync } from 'node:fs'
import { TsplayError } from '../../../engine/errors.js'
import type { Inventory } from '../../../engine/inventory/index.js'
import { fixture, loadInventory, TempDir } from './helpers.js'

// Every row checked with `ansible -i fixtures/patterns/hosts PATTERN [-l LIMIT] --list-hosts`.
describe('inventory host patterns', () => {
  let inventory: Inventory
  before(async () => {
    ;({ inventory } = await loadInventory([fixture('patterns', 'hosts')]))
  })
  afterEach(() => inventory.setLimit(undefined))

  const cases: Array<[string, string | undefined, string[]]> = [
    ['all', undefined, ['ha', 'z1', 'hu', 'web01', 'web02', 'web03', 'localhost', 'h1', 'h21', 'h12', 'h11']],
    ['*', undefined, ['ha', 'z1', 'hu', 'web01', 'web02', 'web03', 'localhost', 'h1', 'h21', 'h12', 'h11']],
    ['g1', undefined, ['h1', 'h12', 'h11']],
    ['g1:g2', undefined, ['h1', 'h12', 'h11', 'h21']],
    ['g1,g2', undefined, ['h1', 'h12', 'h11', 'h21']],
    ['g3:&g2', undefined, ['h1', 'h21']],
    ['g3:!g2', undefined, ['h12', 'h11']],
    ['!g2', undefined, ['ha', 'z1', 'hu', 'web01', 'web02', 'web03', 'localhost', 'h12', 'h11']],
    ['&g1', undefined, ['h1', 'h12', 'h11']],
    ['g3[0]', undefined, ['h1']],
    ['g3[1:2]', undefined, ['h21', 'h12']],
    ['g3[-1]', undefined, ['h11']],
    ['g3[1:]', undefined, ['h21', 'h12', 'h11']],
    ['g3[0-1]', undefined, ['h1', 'h21']],
    ['h*', undefined, ['h12', 'h11', 'h1', 'h21', 'ha', 'hu']],
    ['~h[12]', undefined, ['h12', 'h11', 'h1', 'h21']],
    ['~H1', undefined, []],
    ['~(?i)H1', undefined, ['h12', 'h11', 'h1']],
    ['g?', undefined, ['h1', 'h21', 'h12', 'h11']],
    ['g[12]', undefined, []],
    ['g[!1]*', undefined, ['h1', 'h21', 'h12', 'h11']],
    ['web0[13]', undefined, []],
    ['ungrouped', undefined, ['z1', 'hu', 'ha']],
    ['ungr*', undefined, ['z1', 'hu', 'ha']],
    ['al*', undefined, ['ha', 'z1', 'hu', 'web01', 'web02', 'web03', 'localhost', 'h1', 'h21', 'h12', 'h11']],
    ['localhost', undefined, ['localhost']],
    ['127.0.0.1', undefined, ['localhost']],
    ['::1', undefined, ['localhost']],
    ['nothing', undefined, []],
    ['nothing,h1', undefined, ['h1']],
    ['h1:h11', undefined, ['h1', 'h11']],
    ['g1', 'h1', ['h1']],
    ['all', 'g2:!h1', ['h21']],
    ['all', 'g3[0:1]', ['h1', 'h21']],
    ['x', undefined, ['localhost']],
    ['g1:&g2:!h1', undefined, []],
    ['web[1:3]', undefined, ['web02', 'web03']],
    ['web[0:1]:web[2]', undefined, ['web01', 'web02', 'web03']],
    ['~(g1|g2)', undefined, ['h1', 'h12', 'h11', 'h21']],
    ['G1', undefined, []],
    ['h1,h1', undefined, ['h1']],
    ['*1', undefined, ['h1', 'h12', 'h11', 'z1', 'h21', 'web01']],
    ['g2:g1', undefined, ['h21', 'h1', 'h12', 'h11']],
    ['!web:&g3', undefined, ['h1', 'h21', 'h12', 'h11']],
    ['web*:!web02', undefined, ['web01', 'web03']],
  ]
  for (const [pattern, limit, hosts] of cases) {
    it(`${pattern}${limit ? ` --limit ${limit}` : ''}`, () => {
      inventory.setLimit(limit)
      expect(inventory.select(pattern)).to.deep.equal(hosts)
    })
  }

  it('accepts a list of patterns', () => {
    expect(inventory.select(['g2', 'web[0]'])).to.deep.equal(['h21', 'h1', 'web01'])
  })

  it('reports terms that match nothing', () => {
    const unmatched: string[] = []
    expect(inventory.select('nothing:h1:!nada', { onUnmatched: (t) => unmatched.push(t) })).to.deep.equal(['h1'])
    expect(unmatched).to.deep.equal(['nothing', 'nada'])
  })

  it('reads --limit @file, one pattern a line', () => {
    const dir = new TempDir().write({ limit: 'h1\nweb02\n' })
    try {
      inventory.setLimit(`@${dir.file('limit')}`)
      expect(inventory.select('all')).to.deep.equal(['web02', 'h1'])
    } finally {
      dir.remove()
    }
  })

  it('refuses a missing --limit file', () => {
    expect(() => inventory.setLimit('@/nowhere/limit')).to.throw(TsplayError, 'Unable to find limit file /nowhere/limit')
  })

  const errors: Array<[string, string]> = [
    ['g3[9]', "No hosts matched the subscripted pattern 'g3[9]'"],
    ['g3[-9]', "No hosts matched the subscripted pattern 'g3[-9]'"],
    ['~(unclosed', 'Invalid host list pattern: ~(unclosed'],
    ['g1:!', "Invalid host pattern '!': nothing follows '!'"],
  ]
  for (const [pattern, message] of errors) {
    it(`refuses ${pattern}`, () => {
      expect(() => inventory.select(pattern)).to.throw(TsplayError, message)
    })
  }
})
