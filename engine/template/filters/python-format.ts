// Python's printf-style formatting, `"%s-%02d" % (a, b)`, used by the `format` filter
// (and available to the template core for the `%` operator).
import { TemplateError } from '../../errors.js'
import { isUndefined } from '../undefined.js'
import { isFloat, isInt, numberOf } from './python-float.js'
import { pyRound, truncateToInt } from './python-number.js'
import { pythonRepr, pythonStr } from './python-repr.js'
import { isMapping, isNumeric, isTuple, mappingGet, mappingHas, typeName } from './python-types.js'

const SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([diouxXeEfFgGcrsa%])?/g

interface Conversion {
  flags: string
  width?: number
  precision?: number
  type: string
}

/**
 * `format % values`. A tuple (or, from the `format` filter, an argument list) supplies
 * positional values; a mapping supplies %(name)s values; anything else is one value.
 */
export function percentFormat(format: string, values: unknown): string {
  const positional = isTuple(values) ? [...values] : [values]
  const mapping = isMapping(values) ? values : undefined
  // Python lets a dict go unused (it may only feed %(name)s), never a tuple or a lone value.
  return applyFormat(format, positional, mapping, mapping === undefined)
}

/** The `format` filter: positional args or keyword args (never both). */
export function formatWithArgs(format: string, args: unknown[], kwargs: Record<string, unknown>): string {
  const hasKwargs = Object.keys(kwargs).length > 0
  if (args.length > 0 && hasKwargs) {
    throw new TemplateError("can't handle positional and keyword arguments at the same time")
  }
  if (hasKwargs) return applyFormat(format, [], kwargs, false)
  if (args.length === 1 && isMapping(args[0])) return applyFormat(format, [], args[0], false)
  return applyFormat(format, args, undefined, true)
}

function applyFormat(
  format: string,
  positional: unknown[],
  mapping: Record<string, unknown> | Map<unknown, unknown> | undefined,
  strictCount: boolean,
): string {
  let next = 0
  const take = (): unknown => {
    if (next >= positional.length) throw new TemplateError('not enough arguments for format string')
    return positional[next++]
  }
  const out = format.replace(SPEC, (whole, key: string | undefined, flags: string, width, precision, type) => {
    if (type === undefined) throw new TemplateError(`incomplete format in ${pythonRepr(format)}`)
    if (type === '%' && whole === '%%') return '%'
    const conv: Conversion = { flags, type }
    if (width !== undefined) conv.width = width === '*' ? Number(take()) : Number(width)
    if (precision !== undefined) conv.precision = precision === '*' ? Number(take()) : Number(precision || 0)
    const value = key !== undefined ? lookupKey(mapping, key) : take()
    return convert(value, conv)
  })
  if (strictCount && next < positional.length) {
    throw new TemplateError('not all arguments converted during string formatting')
  }
  return out
}

function lookupKey(mapping: Record<string, unknown> | Map<unknown, unknown> | undefined, key: string): unknown {
  if (!mapping) throw new TemplateError('format requires a mapping')
  if (!mappingHas(mapping, key)) throw new TemplateError(`KeyError: ${pythonRepr(key)}`)
  return mappingGet(mapping, key)
}

function convert(value: unknown, conv: Conversion): string {
  if (isUndefined(value)) throw value.error()
  let body: string
  let sign = ''
  switch (conv.type) {
    case 's':
    case 'r':
    case 'a': {
      const text = conv.type === 's' ? pythonStr(value) : pythonRepr(value)
      return pad(conv.precision !== undefined ? text.slice(0, conv.precision) : text, '', conv, false)
    }
    case 'c':
      return pad(charOf(value), '', conv, false)
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      const n = integerOf(value, conv.type)
      sign = n < 0 ? '-' : signFlag(conv.flags)
      body = integerDigits(Math.abs(n), conv)
      break
    }
    default: {
      const n = floatOf(value)
      sign = n < 0 || Object.is(n, -0) ? '-' : signFlag(conv.flags)
      body = floatDigits(Math.abs(n), conv)
    }
  }
  return pad(body, sign, conv, true)
}

function signFlag(flags: string): string {
  return flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : ''
}

function pad(body: string, sign: string, conv: Conversion, numeric: boolean): string {
  const width = conv.width ?? 0
  const length = Array.from(sign + body).length
  if (length >= width) return sign + body
  if (conv.flags.includes('-')) return sign + body + ' '.repeat(width - length)
  if (numeric && conv.flags.includes('0') && !/inf|nan/i.test(body)) {
    const prefix = /^0[xXo]/.test(body) && conv.flags.includes('#') ? body.slice(0, 2) : ''
    return sign + prefix + body.slice(prefix.length).padStart(width - length + body.length - prefix.length, '0')
  }
  return ' '.repeat(width - length) + sign + body
}

function integerOf(value: unknown, type: string): number {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (isFloat(value)) {
    if ('oxX'.includes(type)) throw new TemplateError(`%${type} format: an integer is required, not float`)
    return Number(truncateToInt(numberOf(value)))
  }
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  const kind = 'oxX'.includes(type) ? 'an integer' : 'a real number'
  throw new TemplateError(`%${type} format: ${kind} is required, not ${typeName(value)}`)
}

function integerDigits(n: number, conv: Conversion): string {
  const alt = conv.flags.includes('#')
  let digits: string
  if (conv.type === 'o') digits = (alt ? '0o' : '') + n.toString(8)
  else if (conv.type === 'x') digits = (alt ? '0x' : '') + n.toString(16)
  else if (conv.type === 'X') digits = (alt ? '0X' : '') + n.toString(16).toUpperCase()
  else digits = String(n)
  if (conv.precision !== undefined) digits = digits.padStart(conv.precision, '0')
  return digits
}

function floatOf(value: unknown): number {
  if (isNumeric(value)) return numberOf(value)
  throw new TemplateError(`must be real number, not ${typeName(value)}`)
}

/** %e %f %g digits of a non-negative number, as Python prints them. */
export function floatDigits(n: number, conv: Conversion): string {
  const upper = conv.type === conv.type.toUpperCase()
  if (!Number.isFinite(n)) {
    const text = Number.isNaN(n) ? 'nan' : 'inf'
    return upper ? text.toUpperCase() : text
  }
  const precision = conv.precision ?? 6
  const alt = conv.flags.includes('#')
  let text: string
  switch (conv.type.toLowerCase()) {
    case 'e':
      text = exponential(n, precision, alt)
      break
    case 'f':
      text = fixed(n, precision, alt)
      break
    default:
      text = general(n, precision, alt)
  }
  return upper ? text.toUpperCase() : text
}

function fixed(n: number, precision: number, alt: boolean): string {
  const text = fixedPoint(n, precision)
  return alt && precision === 0 ? `${text}.` : text
}

/**
 * Python's '%.{digits}f' % n: rounded half to even on the exact binary value (JS's
 * toFixed rounds exact ties up: 0.25 → "0.3" where Python prints "0.2").
 */
export function fixedPoint(n: number, digits: number): string {
  if (Math.abs(n) >= 1e21) return BigInt(n).toString() + (digits > 0 ? `.${'0'.repeat(digits)}` : '')
  return pyRound(n, digits).toFixed(Math.min(digits, 100))
}

function exponential(n: number, precision: number, alt: boolean): string {
  const exp = n === 0 ? 0 : Number(n.toExponential().split('e')[1])
  const rounded = pyRound(n, precision - exp)
  const [mantissa, expText] = rounded.toExponential(Math.min(precision, 100)).split('e')
  const expNum = Number(expText)
  const dot = alt && precision === 0 ? '.' : ''
  return `${mantissa}${dot}e${expNum < 0 ? '-' : '+'}${String(Math.abs(expNum)).padStart(2, '0')}`
}

function general(n: number, precision: number, alt: boolean): string {
  const p = precision === 0 ? 1 : precision
  const exp = n === 0 ? 0 : Number(n.toExponential(p - 1).split('e')[1])
  const text = exp >= -4 && exp < p ? fixed(n, p - 1 - exp, alt) : exponential(n, p - 1, alt)
  return alt ? text : stripTrailingZeros(text)
}

function stripTrailingZeros(text: string): string {
  const [mantissa, exp] = text.split('e')
  if (!mantissa.includes('.')) return text
  const stripped = mantissa.replace(/0+$/, '').replace(/\.$/, '')
  return exp === undefined ? stripped : `${stripped}e${exp}`
}

function charOf(value: unknown): string {
  if (typeof value === 'number' && isInt(value)) return String.fromCodePoint(value)
  if (typeof value === 'string' && Array.from(value).length === 1) return value
  throw new TemplateError('%c requires int or char')
}
