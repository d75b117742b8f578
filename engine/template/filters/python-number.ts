// Python's int(), float() and round() on template values.
import { TemplateError } from '../../errors.js'
import { normalize, numericOp } from '../number-ops.js'
import { isUndefined } from '../undefined.js'
import { intResult, PyFloat } from './python-float.js'
import { isNumeric, isString, isTuple, tuple, typeName } from './python-types.js'

const FLOAT_TEXT = /^[+-]?(?:(?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?|inf|infinity|nan)$/i

/** Python's float(value) as a JS number, or undefined where Python raises TypeError/ValueError. */
export function parsePyFloat(value: unknown): number | undefined {
  if (isUndefined(value)) throw value.error()
  if (typeof value === 'number') return value
  if (value instanceof PyFloat) return value.value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'boolean') return value ? 1 : 0
  if (!isString(value)) return undefined
  const text = String(value).trim()
  if (!FLOAT_TEXT.test(text) || !/\d|inf|nan/i.test(text)) return undefined
  const lower = text.toLowerCase().replaceAll('_', '')
  if (lower.endsWith('nan')) return NaN
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity
  return Number(lower)
}

const PREFIXES: Record<string, number> = { '0x': 16, '0o': 8, '0b': 2 }

/** Python's int(text, base), or undefined where Python raises ValueError. */
export function parsePyIntText(raw: string, base = 10): number | undefined {
  let text = raw.trim().toLowerCase()
  let sign = 1
  if (text.startsWith('-') || text.startsWith('+')) {
    if (text[0] === '-') sign = -1
    text = text.slice(1)
  }
  const prefix = text.slice(0, 2)
  if (PREFIXES[prefix] !== undefined && (base === 0 || base === PREFIXES[prefix])) {
    base = PREFIXES[prefix]
    text = text.slice(2).replace(/^_/, '')
  } else if (base === 0) {
    if (/^0+(_?0)*$/.test(text)) return 0
    if (text.startsWith('0')) return undefined // Python rejects 010 in base 0
    base = 10
  }
  if (!/^[0-9a-z]+(_[0-9a-z]+)*$/.test(text)) return undefined
  let result = 0
  for (const ch of text.replaceAll('_', '')) {
    const digit = parseInt(ch, 36)
    if (digit >= base) return undefined
    result = result * base + digit
  }
  return sign * result
}

/** Python's int(number) for a float: truncation (exact at any size); inf and nan cannot be converted. */
export function truncateToInt(n: number): number | bigint {
  if (Number.isNaN(n)) throw new TemplateError('cannot convert float NaN to integer')
  if (!Number.isFinite(n)) throw new TemplateError('cannot convert float infinity to integer')
  const whole = Math.trunc(n)
  return Number.isSafeInteger(whole) ? intResult(whole) : normalize(BigInt(whole))
}

/**
 * Jinja2's int filter: int(value, base) for text, int(value) otherwise, then
 * int(float(value)) so "42.23" gives 42; `fallback` when nothing works (nan too, whose
 * ValueError Jinja2 catches, unlike infinity's OverflowError).
 */
export function jinjaInt(value: unknown, fallback: unknown, base: number): unknown {
  if (isUndefined(value)) throw value.error()
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number' || value instanceof PyFloat) {
    const n = Number(value)
    return Number.isNaN(n) ? fallback : truncateToInt(n)
  }
  if (typeof value === 'bigint') return value
  if (isString(value)) {
    const parsed = parsePyIntText(String(value), base)
    if (parsed !== undefined) return parsed
  }
  const asFloat = parsePyFloat(value)
  return asFloat === undefined || Number.isNaN(asFloat) ? fallback : truncateToInt(asFloat)
}

/**
 * Python's round(x, ndigits): correctly rounded, ties to even, judged on the exact
 * binary value (so round(2.675, 2) is 2.67 as in Python).
 */
export function pyRound(x: number, ndigits = 0): number {
  if (!Number.isFinite(x) || x === 0) return x
  if (ndigits > 22 || Math.abs(x) >= 2 ** 52) return x
  const { numerator, denominator } = exactFraction(x)
  // x * 10^ndigits = numerator * 10^ndigits / denominator, rounded half to even.
  const scale = 10n ** BigInt(Math.abs(ndigits))
  const num = ndigits >= 0 ? numerator * scale : numerator
  const den = ndigits >= 0 ? denominator : denominator * scale
  const rounded = roundHalfEven(num, den)
  const text = ndigits >= 0 ? `${rounded}e-${ndigits}` : `${rounded}e${-ndigits}`
  const result = Number(text)
  return result === 0 && x < 0 ? -0 : result
}

function exactFraction(x: number): { numerator: bigint; denominator: bigint } {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const negative = bits >> 63n === 1n
  const exponent = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & ((1n << 52n) - 1n)
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n)
  const power = (exponent === 0 ? 1 : exponent) - 1075
  const signed = negative ? -mantissa : mantissa
  if (power >= 0) return { numerator: signed << BigInt(power), denominator: 1n }
  return { numerator: signed, denominator: 1n << BigInt(-power) }
}

/** Python's round(int, ndigits): an int; a negative ndigits rounds to tens, hundreds… half to even. */
export function intRound(x: number | bigint, ndigits: number): number | bigint {
  if (ndigits >= 0) return x
  const unit = 10n ** BigInt(-ndigits)
  return normalize(roundHalfEven(BigInt(x), unit) * unit)
}

function roundHalfEven(num: bigint, den: bigint): bigint {
  const negative = num < 0n
  const abs = negative ? -num : num
  let quotient = abs / den
  const remainder = abs % den
  const twice = remainder * 2n
  if (twice > den || (twice === den && quotient % 2n === 1n)) quotient += 1n
  return negative ? -quotient : quotient
}

/** Python's a + b for numbers (an int and a float make a float), strings, lists and tuples. */
export function pyAdd(a: unknown, b: unknown): unknown {
  if (isUndefined(a)) throw a.error()
  if (isUndefined(b)) throw b.error()
  if (isNumeric(a) && isNumeric(b)) return numericOp('+', a, b)
  if (isString(a) && isString(b)) return String(a) + String(b)
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    return isTuple(a) ? tuple(...a, ...b) : [...a, ...b]
  }
  throw new TemplateError(`unsupported operand type(s) for +: '${typeName(a)}' and '${typeName(b)}'`)
}
