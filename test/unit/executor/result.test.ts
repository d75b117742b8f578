import { expect } from 'chai'
import { aggregateLoop } from '../../../engine/executor/result.js'

describe('aggregateLoop', () => {
  it('moves the items\' warnings and deprecations to the loop result, as Ansible does', () => {
    const items = [
      { changed: false, warnings: ['careful with a'] },
      { changed: true, warnings: ['careful with b'], deprecations: [{ msg: 'old', version: '2.16' }] },
      { changed: false, warnings: [] },
    ]
    const out = aggregateLoop(items)
    expect(out.warnings).to.deep.equal(['careful with a', 'careful with b'])
    expect(out.deprecations).to.deep.equal([{ msg: 'old', version: '2.16' }])
    expect(out.changed).to.equal(true)
    expect((out.results as Record<string, unknown>[]).map((r) => 'warnings' in r)).to.deep.equal([false, false, true])
  })

  it('adds no warnings key when no item warned', () => {
    expect(aggregateLoop([{ changed: false }])).not.to.have.property('warnings')
  })
})
