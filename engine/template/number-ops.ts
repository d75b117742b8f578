// Python's arithmetic on ints, floats and bools. An int stays an int (exact beyond 2**53
// through BigInt, as Python's ints never overflow); anything with a float, and every true
// division, gives a float (python-float.ts), so 10 / 2 is 5.0 and 5.0 // 2 is 2.0.
import { TemplateError } from '../errors.js'
import { intResult, isFloat, numberOf, PyFloat, toFloat } from './filters/python-float.js'
import type { BinaryOperator } from './ast.js'

type Int = number | bigint
export type Numeric = number | bigint | boolean | PyFloat

export function numericOp(op: BinaryOperator, left: Numeric, right: Numeric): Int | number | PyFloat {
  if (op === '/') return trueDivide(left, right)
  if (!isFloat(left) && !isFloat(right)) return intOp(op, asInt(left), asInt(right))
  return toFloat(floatOp(op, floatOf(left), floatOf(right)))
}

function fail(message: string): never {
  throw new TemplateError(message)
}

/** A bool as the int it is in Python arithmetic. */
function asInt(value: number | bigint | boolean): Int {
  return typeof value === 'boolean' ? Number(value) : value
}

/** float(value), failing as Python does for an int too large for a float. */
export function floatOf(value: Numeric): number {
  const n = numberOf(value)
  if (typeof value === 'bigint' && !Number.isFinite(n)) return fail('int too large to convert to float')
  return n
}

function trueDivide(a: Numeric, b: Numeric): number | PyFloat {
  const divisor = floatOf(b)
  if (divisor === 0) return fail(isFloat(a) || isFloat(b) ? 'float division by zero' : 'division by zero')
  return toFloat(floatOf(a) / divisor)
}

function floatOp(op: BinaryOperator, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b
    case '-':
      return a - b
    case '*':
      return a * b
    case '//':
      if (b === 0) return fail('float floor division by zero')
      return floatDivmod(a, b)[0]
    case '%':
      if (b === 0) return fail('float modulo')
      return floatDivmod(a, b)[1]
    default:
      return floatPower(a, b)
  }
}

/** CPython's float divmod: the floor quotient and a remainder with the divisor's sign. */
function floatDivmod(a: number, b: number): [number, number] {
  let mod = a % b
  let div = (a - mod) / b
  if (mod !== 0) {
    if (b < 0 !== mod < 0) {
      mod += b
      div -= 1
    }
  } else {
    mod = b < 0 ? -0 : 0
  }
  if (div === 0) {
    const quotient = a / b
    return [quotient < 0 || Object.is(quotient, -0) ? -0 : 0, mod]
  }
  let floor = Math.floor(div)
  if (div - floor > 0.5) floor += 1
  return [floor, mod]
}

function floatPower(a: number, b: number): number {
  if (a === 0 && b < 0) return fail('0.0 cannot be raised to a negative power')
  if (a < 0 && Number.isFinite(a) && Number.isFinite(b) && !Number.isInteger(b)) {
    // Python 3 answers with a complex number, which templates have no type for.
    return fail(`${a} ** ${b} would be a complex number, which is not supported`)
  }
  const result = a ** b
  if (!Number.isFinite(result) && Number.isFinite(a) && Number.isFinite(b)) return fail("(34, 'Numerical result out of range')")
  return result
}

/** Integer arithmetic, exact beyond 2**53 through BigInt. */
function intOp(op: BinaryOperator, a: Int, b: Int): Int | number | PyFloat {
  if (op === '//' && Number(b) === 0) return fail('integer division or modulo by zero')
  if (op === '%' && Number(b) === 0) return fail('integer modulo by zero')
  if (op === '**' && Number(b) < 0) return toFloat(floatPower(floatOf(a), floatOf(b)))
  if (typeof a === 'number' && typeof b === 'number') {
    const quick = quickIntOp(op, a, b)
    if (Number.isSafeInteger(quick)) return intResult(quick)
  }
  return normalize(bigIntOp(op, BigInt(a), BigInt(b)))
}

/** The result in JS numbers; only trusted when it is a safe integer. */
function quickIntOp(op: BinaryOperator, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b
    case '-':
      return a - b
    case '*':
      return a * b
    case '//':
      return Math.floor(a / b)
    case '%':
      return pyMod(a, b)
    default:
      return a ** b
  }
}

function bigIntOp(op: BinaryOperator, a: bigint, b: bigint): bigint {
  switch (op) {
    case '+':
      return a + b
    case '-':
      return a - b
    case '*':
      return a * b
    case '**':
      return a ** b
    case '//': {
      const q = a / b
      return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q
    }
    default: {
      const r = a % b
      return r !== 0n && r < 0n !== b < 0n ? r + b : r
    }
  }
}

/** A bigint back to a plain number when it fits exactly. */
export function normalize(n: bigint): Int {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
}

/** Python's modulo of ints takes the sign of the divisor. */
function pyMod(a: number, b: number): number {
  const r = a % b
  return r !== 0 && r < 0 !== b < 0 ? r + b : r
}

/** -x: an int stays an int (never -0), a float a float. */
export function negateNumber(value: Numeric): Int | number | PyFloat {
  if (isFloat(value)) return toFloat(-numberOf(value))
  const n = asInt(value)
  return typeof n === 'bigint' ? normalize(-n) : intResult(-n)
}

/** +x: a bool becomes its int. */
export function plusNumber(value: Numeric): Int | number | PyFloat {
  return typeof value === 'boolean' ? Number(value) : value
}
