// Python's float where JavaScript cannot tell it from an int.
//
// Python prints the int 5 as "5" and the float 5.0 as "5.0" (and `is float`, type_debug,
// `//`, `%d`, to_json… all tell them apart); JavaScript has one number type. Inside the
// template engine the two are kept apart this way:
//   - int: a JS number that is a safe integer (never -0), or a bigint beyond 2**53;
//   - float: any other JS number (2.5, 1e300, nan, inf), which cannot be an int, or a
//     PyFloat box holding a float whose value JS would read as an int (5.0, -0.0, 1e15).
// Only integral floats are boxed; ints and fractional floats, by far the common values,
// stay plain numbers. Boxing every float was measured too and cost about the same (V8
// allocates short-lived boxes cheaply: 2 million float additions took ~60 ms either way),
// so speed did not decide it: a fractional JS number is already unambiguous, and keeping
// it plain means fewer values to unwrap in filters and at the engine's boundary.
//
// Plain data outside the engine never holds a PyFloat: see float-boundary.ts.
// This file imports nothing, so every other part of the engine may import it.

/** A float with an integral value (5.0), which a plain JS number would show as an int. */
export class PyFloat {
  readonly pyTypeName = 'float'

  constructor(readonly value: number) {}

  /** Arithmetic and Number() see the number. */
  valueOf(): number {
    return this.value
  }

  /** Text (and template literals) show it as Python does: "5.0". */
  toString(): string {
    return floatRepr(this.value)
  }

  toJSON(): number {
    return this.value
  }

  __repr__(): string {
    return floatRepr(this.value)
  }
}

/** The Python float `n`: boxed when JavaScript would take it for an int. */
export function toFloat(n: number): number | PyFloat {
  return Number.isSafeInteger(n) ? new PyFloat(n) : n
}

/** Is this a Python float (bool and int excluded)? */
export function isFloat(value: unknown): value is number | PyFloat {
  return value instanceof PyFloat || (typeof value === 'number' && !isIntNumber(value))
}

/** Is this a Python int (bool excluded)? */
export function isInt(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && isIntNumber(value))
}

/** A plain JS number that stands for a Python int. */
function isIntNumber(n: number): boolean {
  return Number.isSafeInteger(n) && !Object.is(n, -0)
}

/** A JS number for an int, float or bool (a bigint may lose precision, as float(int) does in Python). */
export function numberOf(value: number | bigint | boolean | PyFloat): number {
  return value instanceof PyFloat ? value.value : Number(value)
}

/** An int result as a plain number: JavaScript's -0 (from 0 * -1) is Python's 0. */
export function intResult(n: number): number {
  return n === 0 ? 0 : n
}

/**
 * Python's repr(float): the shortest digits that round-trip (as JS finds them), in
 * fixed notation when the decimal exponent is in [-4, 16), else as 1.5e+16 / 1e-05.
 */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan'
  if (n === Infinity) return 'inf'
  if (n === -Infinity) return '-inf'
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0'
  const sign = n < 0 ? '-' : ''
  const [mantissa, expText] = Math.abs(n).toExponential().split('e')
  const exp = Number(expText)
  const digits = mantissa.replace('.', '')
  if (exp >= -4 && exp < 16) return sign + fixedDigits(digits, exp)
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : ''
  const expSign = exp < 0 ? '-' : '+'
  return `${sign}${digits[0]}${fraction}e${expSign}${String(Math.abs(exp)).padStart(2, '0')}`
}

function fixedDigits(digits: string, exp: number): string {
  if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${digits}`
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0')
  const fraction = digits.slice(exp + 1)
  return `${whole}.${fraction || '0'}`
}
