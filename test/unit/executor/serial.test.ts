import { expect } from 'chai'
import { orderHosts, serialBatches } from '../../../engine/executor/play-runner.js'

const hosts = ['h1', 'h2', 'h3', 'h4', 'h5']

describe('serial batches', () => {
  const table: [unknown, string[][]][] = [
    [undefined, [hosts]],
    [0, [hosts]],
    [2, [['h1', 'h2'], ['h3', 'h4'], ['h5']]],
    ['40%', [['h1', 'h2'], ['h3', 'h4'], ['h5']]],
    ['10%', [['h1'], ['h2'], ['h3'], ['h4'], ['h5']]],
    [[1, 2], [['h1'], ['h2', 'h3'], ['h4', 'h5']]],
    [[1, '50%'], [['h1'], ['h2', 'h3'], ['h4', 'h5']]],
    [10, [hosts]],
  ]
  for (const [serial, expected] of table) {
    it(`serial: ${JSON.stringify(serial)}`, () => expect(serialBatches(hosts, serial)).to.deep.equal(expected))
  }
  it('order: reverse_inventory, sorted, reverse_sorted', () => {
    expect(orderHosts(['b', 'a', 'c'], 'reverse_inventory')).to.deep.equal(['c', 'a', 'b'])
    expect(orderHosts(['b', 'a', 'c'], 'sorted')).to.deep.equal(['a', 'b', 'c'])
    expect(orderHosts(['b', 'a', 'c'], 'reverse_sorted')).to.deep.equal(['c', 'b', 'a'])
    expect(orderHosts(['b', 'a', 'c'], 'shuffle')).to.have.members(['a', 'b', 'c'])
  })
})
