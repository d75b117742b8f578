import { expect } from 'chai'
import { lookups } from '../../../../engine/template/lookups/index.js'
import { pythonRepr } from '../../../../engine/template/filters/python-repr.js'
import { makeContext } from './fixture.js'

const users = [
  { name: 'alice', groups: ['wheel', 'adm'], ssh: { keys: ['k1'] } },
  { name: 'bob', groups: ['users'], ssh: { keys: [] } },
]
const ctx = makeContext(['/nonexistent'], { name: 'Ann', nums: [1, 2], inventory_hostname: 'h1', hostvars: { h1: { only_here: 'hv' } } })
const run = (name: string, terms: unknown[], kwargs = {}) => pythonRepr(lookups[name](terms, kwargs, ctx))

// Each row: lookup, terms, kwargs, Python repr of what query() returns in ansible-core 2.14.
const cases: [string, unknown[], Record<string, unknown>, string][] = [
  ['items', [[1, [2, 3]], 4], {}, '[1, [2, 3], 4]'],
  ['list', [[1, [2]], 3], {}, '[[1, [2]], 3]'],
  ['indexed_items', [['a', 'b']], {}, "[(0, 'a'), (1, 'b')]"],
  ['dict', [{ a: 1, b: 2 }], {}, "[{'key': 'a', 'value': 1}, {'key': 'b', 'value': 2}]"],
  ['together', [[1, 2, 3], ['a', 'b']], {}, "[[1, 'a'], [2, 'b'], [3, None]]"],
  ['nested', [[1, 2], ['a', 'b']], {}, "[[1, 'a'], [1, 'b'], [2, 'a'], [2, 'b']]"],
  ['nested', [['ab', 'cd']], {}, "[['a', 'b'], ['c', 'd']]"],
  ['subelements', [users, 'groups'], {}, "[({'name': 'alice', 'ssh': {'keys': ['k1']}}, 'wheel'), ({'name': 'alice', 'ssh': {'keys': ['k1']}}, 'adm'), ({'name': 'bob', 'ssh': {'keys': []}}, 'users')]"],
  ['subelements', [users, 'ssh.keys'], {}, "[({'name': 'alice', 'groups': ['wheel', 'adm'], 'ssh': {}}, 'k1')]"],
  ['subelements', [users, 'missing', { skip_missing: true }], {}, '[]'],
  ['sequence', ['start=1 end=5'], {}, "['1', '2', '3', '4', '5']"],
  ['sequence', ['start=0 end=32 stride=8 format=host%02x'], {}, "['host00', 'host08', 'host10', 'host18', 'host20']"],
  ['sequence', ['count=3 start=10'], {}, "['10', '11', '12']"],
  ['sequence', ['4:web%02d'], {}, "['web01', 'web02', 'web03', 'web04']"],
  ['sequence', ['2-10/4'], {}, "['2', '6', '10']"],
  ['sequence', ['start=10 end=0 stride=-5'], {}, "['10', '5', '0']"],
  ['sequence', ['count=0'], {}, '[]'],
  ['sequence', ['start=0x10 end=0x12'], {}, "['16', '17', '18']"],
  ['random_choice', ['only'], {}, "['only']"],
  ['random_choice', [], {}, '[]'],
  ['vars', ['name', 'nums'], {}, "['Ann', [1, 2]]"],
  ['vars', ['only_here'], {}, "['hv']"],
  ['vars', ['nope'], { default: 'd' }, "['d']"],
  ['env', ['TSPLAY_NO_SUCH_VAR'], {}, "['']"],
  ['env', ['TSPLAY_NO_SUCH_VAR'], { default: 'dflt' }, "['dflt']"],
]

describe('lookups: list shapers, sequence, vars, env', () => {
  for (const [name, terms, kwargs, expected] of cases) {
    it(`${name} ${pythonRepr(terms).slice(0, 50)}`, () => expect(run(name, terms, kwargs)).to.equal(expected))
  }

  it('does not change the list subelements walks', () => {
    const data = [{ name: 'x', groups: ['g'] }]
    lookups.subelements([data, 'groups'], {}, ctx)
    expect(data[0].groups).to.deep.equal(['g'])
  })

  it('reports Ansible’s errors', () => {
    expect(() => run('vars', ['nope'])).to.throw('No variable found with this name: nope')
    expect(() => run('vars', ['constructor'])).to.throw('No variable found with this name: constructor')
    expect(() => run('sequence', ['start=5 end=1'])).to.throw('to count backwards make stride negative')
    expect(() => run('sequence', ['start=1'])).to.throw('must specify count or end in with_sequence')
    expect(() => run('sequence', ['end=3 colour=red'])).to.throw("unrecognized arguments to with_sequence: ['colour']")
    expect(() => run('sequence', ['end=3 format=%d%d'])).to.throw('bad formatting string: %d%d')
    expect(() => run('dict', [[1]])).to.throw('with_dict expects a dict')
    expect(() => run('subelements', [users])).to.throw('subelements lookup expects a list of two or three items')
    expect(() => run('together', [])).to.throw('with_together requires at least one element in each list')
  })

  it('env reads the controller environment', () => {
    process.env.TSPLAY_LOOKUP_TEST = 'yes'
    try {
      expect(lookups.env(['TSPLAY_LOOKUP_TEST extra words'], {}, ctx)).to.deep.equal(['yes'])
    } finally {
      delete process.env.TSPLAY_LOOKUP_TEST
    }
  })

  it('has every lookup also as ansible.builtin.*, and no prototype members', () => {
    expect(lookups['ansible.builtin.sequence']).to.equal(lookups.sequence)
    expect(lookups.constructor).to.equal(undefined)
  })
})
