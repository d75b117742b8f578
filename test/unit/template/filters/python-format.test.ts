import { expect } from 'chai'
import { fixedPoint, formatWithArgs, percentFormat } from '../../../../engine/template/filters/python-format.js'
import { tuple } from '../../../../engine/template/filters/python-types.js'

// Expected values printed by Python 3.11's % operator.
describe('python-format: percentFormat', () => {
  it('formats every conversion like Python', () => {
    const values = tuple(65, 'ab', 'ab', -42, 12345.678, 255, 8, 3.14159, 1e20, 5, 7, 'abcdef', 3, -7, 7, 255, 1e-10, 1.5, 1.5)
    const format = '%c|%5s|%-5s|%05d|%+.2e|%#x|%#o|%.3g|%g|%*d|%.3s|% d|%i|%u|%X|%G|%E|%F'
    expect(percentFormat(format, values)).to.equal('A|   ab|ab   |-0042|+1.23e+04|0xff|0o10|3.14|1e+20|    7|abc| 3|-7|7|FF|1E-10|1.500000E+00|1.500000')
  })

  it('takes a tuple as the argument list, a dict for %(name)s, anything else as one value', () => {
    expect(percentFormat('%s %r', tuple(tuple(1, 2), { a: tuple(1) }))).to.equal("(1, 2) {'a': (1,)}")
    expect(percentFormat('%(x)s and %(x)r', { x: 'y' })).to.equal("y and 'y'")
    expect(percentFormat('%s', [1])).to.equal('[1]')
    expect(percentFormat('%d%%', 50)).to.equal('50%')
  })

  it('rounds half to even on the exact binary value', () => {
    expect(percentFormat('%.0f %.1f %.2f %e', tuple(0.5, 0.25, 2.675, 2.5))).to.equal('0 0.2 2.67 2.500000e+00')
    expect(percentFormat('%5.1f|%-8.3f|', tuple(3.14159, -2.5))).to.equal('  3.1|-2.500  |')
    expect(fixedPoint(1.005, 2)).to.equal('1.00')
  })

  it('reports Python’s errors', () => {
    expect(() => percentFormat('%(x)s', { y: 1 })).to.throw("KeyError: 'x'")
    expect(() => percentFormat('%x', 1.5)).to.throw('%x format: an integer is required, not float')
    expect(() => percentFormat('%f', 'a')).to.throw('must be real number, not str')
    expect(() => percentFormat('100%', tuple())).to.throw('incomplete format')
  })

  it('formatWithArgs refuses positional and keyword arguments together', () => {
    expect(() => formatWithArgs('%s', ['a'], { b: 1 })).to.throw("can't handle positional and keyword arguments at the same time")
  })
})
