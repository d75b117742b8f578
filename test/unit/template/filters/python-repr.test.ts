import { expect } from 'chai'
import { floatRepr, pythonRepr, pythonStr } from '../../../../engine/template/filters/python-repr.js'
import { tuple } from '../../../../engine/template/filters/python-types.js'
import { Undefined } from '../../../../engine/template/undefined.js'

// Expected values printed by Python 3.11's repr()/str().
describe('python-repr: pythonRepr', () => {
  const cases: [string, unknown, string][] = [
    ['None', null, 'None'],
    ['JS undefined as None', undefined, 'None'],
    ['booleans', [true, false], '[True, False]'],
    ['int', 42, '42'],
    ['negative zero float', -0, '-0.0'],
    ['float', 1.5, '1.5'],
    ['large float', 1e16, '1e+16'],
    ['float just below 1e16', 1e15 + 0.5, '1000000000000000.5'],
    ['small float', 0.0001, '0.0001'],
    ['smaller float', 0.00001, '1e-05'],
    ['tiny float', 1.5e-300, '1.5e-300'],
    ['2**53 is a float', 2 ** 53, '9007199254740992.0'],
    ['nan and inf', [NaN, Infinity, -Infinity], '[nan, inf, -inf]'],
    ['bigint', 12345678901234567890n, '12345678901234567890'],
    ['string with apostrophe', "it's", `"it's"`],
    ['string with double quotes', 'say "hi"', `'say "hi"'`],
    ['string with both quotes', `both ' "`, `'both \\' "'`],
    ['control and unicode', '\x00\x7f\x80\u200b\u2028é😀\\', "'\\x00\\x7f\\x80\\u200b\\u2028é😀\\\\'"],
    ['newline and tab', 'a\nb\tc\r', "'a\\nb\\tc\\r'"],
    ['one-tuple', tuple('a'), "('a',)"],
    ['empty tuple', tuple(), '()'],
    ['set', new Set([1]), '{1}'],
    ['empty set', new Set(), 'set()'],
    ['nested dict', { a: [1, { b: null }], 'k y': 'v' }, "{'a': [1, {'b': None}], 'k y': 'v'}"],
    ['Map', new Map([[1, 'x']]), "{1: 'x'}"],
  ]
  for (const [name, value, expected] of cases) {
    it(name, () => expect(pythonRepr(value)).to.equal(expected))
  }

  it('prints a list that contains itself as [...]', () => {
    const loop: unknown[] = [1]
    loop.push(loop)
    expect(pythonRepr(loop)).to.equal('[1, [...]]')
  })

  it('fails on an Undefined anywhere inside', () => {
    expect(() => pythonRepr([1, new Undefined('x')])).to.throw("'x' is undefined")
  })

  it('floatRepr agrees with repr for typical values', () => {
    expect([0.1, 123456789.123, 1e22, 5e-324].map(floatRepr)).to.deep.equal(['0.1', '123456789.123', '1e+22', '5e-324'])
  })
})

describe('python-repr: pythonStr', () => {
  it('leaves strings alone and uses repr for the rest', () => {
    expect(pythonStr('a\nb')).to.equal('a\nb')
    expect(pythonStr(new String('safe'))).to.equal('safe')
    expect(pythonStr(['a', 1])).to.equal("['a', 1]")
    expect(pythonStr(true)).to.equal('True')
    expect(pythonStr(null)).to.equal('None')
  })

  it('uses an object’s own __str__', () => {
    expect(pythonStr({ __str__: () => 'custom', __repr__: () => 'Custom()' })).to.equal('custom')
    expect(pythonRepr([{ __str__: () => 'custom', __repr__: () => 'Custom()' }])).to.equal('[Custom()]')
  })
})
