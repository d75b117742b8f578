// Jinja2's number filters: abs, int, float, round, filesizeformat.
import { TemplateError } from '../../errors.js'
import { isUndefined } from '../undefined.js'
import type { FilterFn } from '../types.js'
import { jinjaInt, parsePyFloat, pyRound } from './python-number.js'
import { fixedPoint } from './python-format.js'
import { typeName } from './python-types.js'
import { defineFilter, intArg } from './signature.js'

function abs(value: unknown): number | bigint {
  if (isUndefined(value)) throw value.error()
  if (typeof value === 'number') return Math.abs(value)
  if (typeof value === 'bigint') return value < 0n ? -value : value
  if (typeof value === 'boolean') return value ? 1 : 0
  throw new TemplateError(`bad operand type for abs(): '${typeName(value)}'`)
}

function round(value: unknown, precision: number, method: unknown): number {
  if (method !== 'common' && method !== 'ceil' && method !== 'floor') {
    throw new TemplateError('method must be common, ceil or floor')
  }
  if (isUndefined(value)) throw value.error()
  const n = typeof value === 'boolean' ? Number(value) : value
  if (typeof n !== 'number') {
    throw new TemplateError(`type ${typeName(value)} doesn't define __round__ method`)
  }
  if (method === 'common') return pyRound(n, precision)
  const scale = 10 ** precision
  return (method === 'ceil' ? Math.ceil(n * scale) : Math.floor(n * scale)) / scale
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
  float: defineFilter('float', { default: 0.0 }, (v, p) => parsePyFloat(v) ?? p.default),
  round: defineFilter('round', { precision: 0, method: 'common' }, (v, p) => round(v, intArg(p.precision, 'precision'), p.method)),
  filesizeformat: defineFilter('filesizeformat', { binary: false }, (v, p) => filesizeformat(v, p.binary === true)),
}
