// --tags / --skip-tags selection, table-driven against what ansible-playbook does.
import { expect } from 'chai'
import { shouldRun } from '../../../engine/executor/tags.js'

const cases: [string[], string[], string[], boolean][] = [
  // task tags, --tags, --skip-tags, runs?
  [[], [], [], true],
  [['a'], [], [], true],
  [['never'], [], [], false],
  [['never', 'a'], ['a'], [], true],
  [['always'], ['b'], [], true],
  [['always'], [], ['always'], false],
  [['always', 'x'], [], ['x'], false],
  [['a'], ['b'], [], false],
  [['a', 'b'], ['b'], [], true],
  [[], ['untagged'], [], true],
  [['a'], ['untagged'], [], false],
  [['a'], ['tagged'], [], true],
  [[], ['tagged'], [], false],
  [['a'], [], ['a'], false],
  [['a'], [], ['tagged'], false],
  [[], [], ['tagged'], true],
  [['a'], [], ['all'], false],
  [['always'], [], ['all'], true],
  [['a'], ['all'], [], true],
  [['never'], ['all'], [], false],
]

describe('tag selection', () => {
  for (const [tags, only, skip, runs] of cases) {
    it(`tags=[${tags}] --tags=[${only}] --skip-tags=[${skip}] → ${runs ? 'runs' : 'skipped'}`, () => {
      expect(shouldRun(new Set(tags), { only, skip })).to.equal(runs)
    })
  }
})
