// Jinja2's builtin tests: defined, undefined, none, boolean, true, false, integer, float,
// number, string, mapping, iterable, sequence, callable, sameas, escaped, even, odd,
// divisibleby, lower, upper, in, and the comparison tests (eq, ne, lt, le, gt, ge…).
import { TemplateError } from '../../errors.js'
import { isUndefined } from '../undefined.js'
import type { TestFn } from '../types.js'
import { pyCompare, pyContains, pyEquals } from '../filters/python-compare.js'
import { isFloat, isInt, numberOf } from '../filters/python-float.js'
import { pythonStr } from '../filters/python-repr.js'
import { numericOp } from '../number-ops.js'
import { isIterable, isMapping, isNumeric, isString, typeName } from '../filters/python-types.js'
import { REQUIRED, defineTest } from '../filters/signature.js'

/** Python's a % b for numbers (floored, sign of the divisor), as a JS number to compare. */
function pyMod(value: unknown, divisor: unknown): number {
  if (isUndefined(value)) throw value.error()
  if (isUndefined(divisor)) throw divisor.error()
  if (!isNumeric(value) || !isNumeric(divisor)) {
    throw new TemplateError(`unsupported operand type(s) for %: '${typeName(value)}' and '${typeName(divisor)}'`)
  }
  return numberOf(numericOp('%', value, divisor))
}

/** str.islower()/isupper(): some cased character, and none of the other case. */
function caseIs(text: string, want: 'lower' | 'upper'): boolean {
  let cased = false
  for (const ch of text) {
    if (ch.toLowerCase() === ch.toUpperCase()) continue
    cased = true
    if (want === 'lower' ? ch !== ch.toLowerCase() : ch !== ch.toUpperCase()) return false
  }
  return cased
}

const unary = (name: string, check: (value: unknown) => boolean): TestFn => defineTest(name, {}, (v) => check(v))

function comparison(name: string, op: string, holds: (order: number) => boolean): TestFn {
  return defineTest(name, { other: REQUIRED }, (v, p) => holds(pyCompare(v, p.other, op)))
}

const eq = defineTest('eq', { other: REQUIRED }, (v, p) => pyEquals(v, p.other))
const ne = defineTest('ne', { other: REQUIRED }, (v, p) => !pyEquals(v, p.other))
const gt = comparison('gt', '>', (o) => o > 0)
const ge = comparison('ge', '>=', (o) => o >= 0)
const lt = comparison('lt', '<', (o) => o < 0)
const le = comparison('le', '<=', (o) => o <= 0)

export const jinjaTests: Record<string, TestFn> = {
  odd: unary('odd', (v) => pyMod(v, 2) === 1),
  even: unary('even', (v) => pyMod(v, 2) === 0),
  divisibleby: defineTest('divisibleby', { num: REQUIRED }, (v, p) => pyMod(v, p.num) === 0),
  defined: unary('defined', (v) => !isUndefined(v)),
  undefined: unary('undefined', (v) => isUndefined(v)),
  none: unary('none', (v) => v === null || v === undefined),
  boolean: unary('boolean', (v) => typeof v === 'boolean'),
  false: unary('false', (v) => v === false),
  true: unary('true', (v) => v === true),
  integer: unary('integer', (v) => isInt(v)),
  float: unary('float', (v) => isFloat(v)),
  number: unary('number', (v) => isNumeric(v)),
  lower: unary('lower', (v) => caseIs(pythonStr(v), 'lower')),
  upper: unary('upper', (v) => caseIs(pythonStr(v), 'upper')),
  string: unary('string', (v) => isString(v)),
  mapping: unary('mapping', (v) => isMapping(v)),
  sequence: unary('sequence', (v) => isString(v) || Array.isArray(v) || isMapping(v)),
  iterable: unary('iterable', (v) => {
    if (isUndefined(v)) throw v.error()
    return isIterable(v)
  }),
  callable: unary('callable', (v) => typeof v === 'function'),
  sameas: defineTest('sameas', { other: REQUIRED }, (v, p) => v === p.other || (v === undefined && p.other === null) || (v === null && p.other === undefined)),
  escaped: unary('escaped', (v) => v instanceof String),
  in: defineTest('in', { seq: REQUIRED }, (v, p) => pyContains(p.seq, v)),
  '==': eq,
  eq,
  equalto: eq,
  '!=': ne,
  ne,
  '>': gt,
  gt,
  greaterthan: gt,
  '>=': ge,
  ge,
  '<': lt,
  lt,
  lessthan: lt,
  '<=': le,
  le,
}
