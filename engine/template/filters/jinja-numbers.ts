// Jinja2's number filters: abs, int, float, round, filesizeformat.
import { TemplateError } from '../../errors.js'
import { isUndefined } from '../undefined.js'
import type { FilterFn } from '../types.js'
import { isFloat, numberOf, PyFloat, toFloat } from './python-float.js'
import { intRound, jinjaInt, parsePyFloat, pyRound } from './python-number.js'
import { fixedPoint } from './python-format.js'
import { isNumeric, typeName } from './python-types.js'
import { defineFilter, intArg } from './signature.js'

function abs(value: unknown): number | bigint | PyFloat {
  if (isUndefined(value)) throw value.error()
  if (isFloat(value)) return toFloat(Math.abs(numberOf(value)))
  if (typeof value === 'number') return Math.abs(value)
  if (typeof value === 'bigint') return value < 0n ? -value : value
  if (typeof value === 'boolean') return value ? 1 : 0
  throw new TemplateError(`bad operand type for abs(): '${typeName(value)}'`)
}

/**
 * Jinja2's round: Python's round(value, precision) for 'common' (an int stays an int), and
 * math.ceil/floor(value * 10**precision) / 10**precision, always a float, for the others.
 */
function round(value: unknown, precision: number, method: unknown): unknown {
  if (method !== 'common' && method !== 'ceil' && method !== 'floor') {
    throw new TemplateError('method must be common, ceil or floor')
  }
  if (isUndefined(value)) throw value.error()
  if (!isNumeric(value)) throw new TemplateError(`type ${typeName(value)} doesn't define __round__ method`)
  const n = numberOf(value)
  if (method === 'common') {
    if (isFloat(value)) return toFloat(pyRound(n, precision))
    return intRound(typeof value === 'bigint' ? value : n, precision)
  }
  const scale = 10 ** precision
  return toFloat((method === 'ceil' ? Math.ceil(n * scale) : Math.floor(n * scale)) / scale)
}

const DECIMAL_UNITS = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB']
const BINARY_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']

function filesizeformat(value: unknown, binary: boolean): string {
  const bytes = parsePyFloat(value)
  if (bytes === undefined) throw new TemplateError(`could not convert ${typeName(value)} to float: ${String(value)}`)
  const base = binary ? 1024 : 1000
  const units = binary ? BINARY_UNITS : DECIMAL_UNITS
  if (bytes === 1) return '1 Byte'
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`
  let unit = base
  let i = 0
  for (; i < units.length; i++) {
    unit = base ** (i + 2)
    if (bytes < unit) break
  }
  return `${fixedPoint((base * bytes) / unit, 1)} ${units[Math.min(i, units.length - 1)]}`
}

export const jinjaNumberFilters: Record<string, FilterFn> = {
  abs: defineFilter('abs', {}, (v) => abs(v)),
  int: defineFilter('int', { default: 0, base: 10 }, (v, p) => jinjaInt(v, p.default, intArg(p.base, 'base'))),
  float: defineFilter('float', { default: new PyFloat(0) }, (v, p) => {
    const n = parsePyFloat(v)
    return n === undefined ? p.default : toFloat(n)
  }),
  round: defineFilter('round', { precision: 0, method: 'common' }, (v, p) => round(v, intArg(p.precision, 'precision'), p.method)),
  filesizeformat: defineFilter('filesizeformat', { binary: false }, (v, p) => filesizeformat(v, p.binary === true)),
}
