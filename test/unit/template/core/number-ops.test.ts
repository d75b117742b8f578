// Python's arithmetic on ints and floats (engine/template/number-ops.ts): each expression
// and the repr() Python 3.11, which runs ansible-core 2.14, gives for it.
import { expect } from 'chai'
import { pythonRepr } from '../../../../engine/template/filters/python-repr.js'
import { Templar } from '../../../../engine/template/index.js'

const RESULTS: [string, string][] = [
  ['7 // 2', '3'],
  ['-7 // 2', '-4'],
  ['7.0 // 2', '3.0'],
  ['-7.0 // 2', '-4.0'],
  ['7.5 // -2', '-4.0'],
  ['-0.0 // 1', '-0.0'],
  ['0.0 // -1', '-0.0'],
  ['7 % 3', '1'],
  ['-7 % 3', '2'],
  ['7.0 % -3', '-2.0'],
  ['-5.0 % 3', '1.0'],
  ['-0.0 % 3', '0.0'],
  ['0.0 % -3', '-0.0'],
  ['7.5 % -2', '-0.5'],
  ['7 / 7', '1.0'],
  ['1 / 3', '0.3333333333333333'],
  ['2 ** 10', '1024'],
  ['2 ** -2', '0.25'],
  ['2.0 ** 10', '1024.0'],
  ['(-2.0) ** 3', '-8.0'],
  ['0 ** 0', '1'],
  ['0.0 ** 0', '1.0'],
  ['True + 1.0', '2.0'],
  ['True * 2', '2'],
  ['3 * 1.0', '3.0'],
  ['1e308 * 10', 'inf'],
  ['2 ** 64 + 1.0', '1.8446744073709552e+19'],
  ['10 ** 20 // 3', '33333333333333333333'],
  ['10.0 ** 20 // 3', '3.333333333333333e+19'],
  ['-(0)', '0'],
  ['-(0.0)', '-0.0'],
  ['1 - 1.0', '0.0'],
  ['0.5 + 0.5', '1.0'],
  ['1e15 + 0.0', '1000000000000000.0'],
  ['1e16 + 0.0', '1e+16'],
]

const ERRORS: [string, string][] = [
  ["1 / 0", "division by zero"],
  ["1.0 / 0", "float division by zero"],
  ["1 // 0", "integer division or modulo by zero"],
  ["1.0 // 0", "float floor division by zero"],
  ["1 % 0", "integer modulo by zero"],
  ["1.0 % 0", "float modulo"],
  ["0.0 ** -1", "0.0 cannot be raised to a negative power"],
  ["0 ** -1", "0.0 cannot be raised to a negative power"],
  ["10.0 ** 400", "(34, 'Numerical result out of range')"],
  ["(-8.0) ** (1 / 3)", "complex number"],
  ["'ab' * 2.0", "can't multiply sequence by non-int of type 'float'"],
  ["2 ** 'x'", "unsupported operand type(s) for ** or pow(): 'int' and 'str'"],
]

describe('template floats: Python arithmetic', () => {
  const templar = new Templar()
  const evaluate = (expr: string) => templar.template(`{{ ${expr} }}`, {})
  for (const [expr, repr] of RESULTS) {
    it(`${expr} is ${repr}`, () => expect(evaluate(expr)).to.equal(repr))
  }
  for (const [expr, message] of ERRORS) {
    it(`${expr} fails: ${message}`, () => expect(() => evaluate(expr)).to.throw(message))
  }
  it('an int result is never -0', () => {
    const zero = templar.evaluate('0 * -1', {})
    expect(Object.is(zero, 0)).to.equal(true)
    expect(pythonRepr(zero)).to.equal('0')
  })
})
