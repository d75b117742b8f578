// Python's str.format(): '{}', '{0}', '{name}', '{0.attr}', '{0[key]}', '!r' / '!s'
// conversions and the format-spec mini-language ('{:>8}', '{:05.2f}', '{:,}', '{:x}').
import { TemplateError } from '../errors.js'
import { floatRepr, isFloat, PyFloat } from './filters/python-float.js'
import { pythonRepr, pythonStr } from './filters/python-repr.js'
import { isNumeric } from './filters/python-types.js'
import { getAttr, getItem } from './attributes.js'
import type { Kwargs } from './types.js'
import { isUndefined } from './undefined.js'

/** `format.format(*args, **kwargs)` */
export function pyFormat(format: string, args: unknown[], kwargs: Kwargs): string {
  let auto = 0
  let out = ''
  let i = 0
  while (i < format.length) {
    const ch = format[i]
    if ((ch === '{' || ch === '}') && format[i + 1] === ch) {
      out += ch
      i += 2
    } else if (ch === '}') {
      throw new TemplateError("Single '}' encountered in format string")
    } else if (ch === '{') {
      const end = matchingBrace(format, i)
      const field = parseField(format.slice(i + 1, end))
      const resolveSpec = (spec: string) => spec.replace(/\{([^{}]*)\}/g, (_, inner: string) => pythonStr(lookup(inner)))
      const lookup = (ref: string): unknown => {
        if (ref === '' || /^[.[]/.test(ref)) ref = String(auto++) + ref
        return resolveField(ref, args, kwargs)
      }
      const value = convert(lookup(field.ref), field.conversion)
      out += formatValue(value, resolveSpec(field.spec))
      i = end + 1
    } else {
      out += ch
      i++
    }
  }
  return out
}

function matchingBrace(format: string, open: number): number {
  let depth = 0
  for (let i = open; i < format.length; i++) {
    if (format[i] === '{') depth++
    else if (format[i] === '}' && --depth === 0) return i
  }
  throw new TemplateError("expected '}' before end of string")
}

function parseField(body: string): { ref: string; conversion?: string; spec: string } {
  const m = /^([^!:]*)(?:!([rsa]))?(?::([\s\S]*))?$/.exec(body)
  if (!m) throw new TemplateError(`invalid format field '{${body}}'`)
  return { ref: m[1], conversion: m[2], spec: m[3] ?? '' }
}

/** `0`, `name`, `0.attr`, `name[key]`, `0[1]` */
function resolveField(ref: string, args: unknown[], kwargs: Kwargs): unknown {
  const m = /^([^.[]*)(.*)$/.exec(ref) as RegExpExecArray
  const head = m[1]
  let value: unknown
  if (/^\d+$/.test(head)) {
    const index = Number(head)
    if (index >= args.length) throw new TemplateError(`Replacement index ${index} out of range for positional args tuple`)
    value = args[index]
  } else {
    if (!Object.prototype.hasOwnProperty.call(kwargs, head)) throw new TemplateError(`'${head}'`)
    value = kwargs[head]
  }
  for (const part of m[2].matchAll(/\.([^.[]+)|\[([^\]]*)\]/g)) {
    value = part[1] !== undefined ? getAttr(value, part[1]) : getItem(value, /^\d+$/.test(part[2]) ? Number(part[2]) : part[2])
  }
  if (isUndefined(value)) throw value.error()
  return value
}

function convert(value: unknown, conversion: string | undefined): unknown {
  if (conversion === 'r' || conversion === 'a') return pythonRepr(value)
  if (conversion === 's') return pythonStr(value)
  return value
}

interface Spec {
  fill: string
  align?: string
  sign: string
  alternate: boolean
  width: number
  grouping: string
  precision?: number
  type: string
}

const SPEC = /^(?:([\s\S])?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/

function parseSpec(text: string): Spec {
  const m = SPEC.exec(text)
  if (!m) throw new TemplateError(`Invalid format specifier '${text}'`)
  const zero = m[5] === '0'
  return {
    fill: m[1] ?? (zero && !m[2] ? '0' : ' '),
    align: m[2] ?? (zero ? '=' : undefined),
    sign: m[3] ?? '-',
    alternate: m[4] === '#',
    width: m[6] ? Number(m[6]) : 0,
    grouping: m[7] ?? '',
    precision: m[8] !== undefined ? Number(m[8]) : undefined,
    type: m[9] ?? '',
  }
}

/** format(value, spec) for str, int, float and bool; other values use str() first. */
export function formatValue(value: unknown, specText: string): string {
  if (specText === '') return pythonStr(value)
  const spec = parseSpec(specText)
  if (typeof value === 'string' || value instanceof String) {
    if (spec.type && spec.type !== 's') throw new TemplateError(`Unknown format code '${spec.type}' for object of type 'str'`)
    const text = spec.precision !== undefined ? Array.from(String(value)).slice(0, spec.precision).join('') : String(value)
    return pad(text, '', spec, '<')
  }
  if (isNumeric(value)) return formatNumber(value, spec)
  return pad(pythonStr(value), '', spec, '<')
}

function formatNumber(value: number | boolean | bigint | PyFloat, spec: Spec): string {
  const float = isFloat(value)
  const n = value instanceof PyFloat ? value.value : typeof value === 'boolean' ? Number(value) : value
  const type = spec.type || (float ? '' : 'd')
  if (float && type !== '' && 'bcdoxX'.includes(type)) {
    throw new TemplateError(`Unknown format code '${type}' for object of type 'float'`)
  }
  const negative = typeof n === 'bigint' ? n < 0n : n < 0 || Object.is(n, -0)
  const abs = typeof n === 'bigint' ? (n < 0n ? -n : n) : Math.abs(n)
  let body = float && type === 'n' ? general(Number(abs), spec.precision ?? 6, false) : digitsFor(abs, type, spec)
  let prefix = ''
  if (spec.alternate && type !== '' && 'box'.includes(type.toLowerCase())) prefix = '0' + (type === 'X' ? 'X' : type)
  if (spec.grouping && /^\d/.test(body)) body = group(body, spec.grouping)
  const sign = negative ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : ''
  return pad(body, sign + prefix, spec, '>')
}

function digitsFor(abs: number | bigint, type: string, spec: Spec): string {
  const big = typeof abs === 'bigint' ? abs : undefined
  const num = Number(abs)
  switch (type) {
    case 'd':
    case 'n':
      return (big ?? BigInt(Math.trunc(num))).toString()
    case 'b':
      return (big ?? BigInt(num)).toString(2)
    case 'o':
      return (big ?? BigInt(num)).toString(8)
    case 'x':
      return (big ?? BigInt(num)).toString(16)
    case 'X':
      return (big ?? BigInt(num)).toString(16).toUpperCase()
    case 'c':
      return String.fromCodePoint(num)
    case 'e':
    case 'E':
      return exponent(num, spec.precision ?? 6, type === 'E')
    case 'f':
    case 'F':
      return num.toFixed(spec.precision ?? 6)
    case '%':
      return (num * 100).toFixed(spec.precision ?? 6) + '%'
    case 'g':
    case 'G':
      return general(num, spec.precision ?? 6, type === 'G')
    default: // no type: like 'g', but a fixed-point result keeps a digit after the point (2.0)
      if (spec.precision === undefined) return floatRepr(num)
      return general(num, spec.precision, false).replace(/^\d+$/, '$&.0')
  }
}

function exponent(n: number, precision: number, upper: boolean): string {
  const [mantissa, exp] = n.toExponential(precision).split('e')
  const e = Number(exp)
  const text = `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  return upper ? text.toUpperCase() : text
}

/** Python's 'g': fixed or exponent notation by magnitude, trailing zeros removed. */
function general(n: number, precision: number, upper: boolean): string {
  const p = precision === 0 ? 1 : precision
  if (n === 0) return '0'
  const exp = Number(n.toExponential(p - 1).split('e')[1])
  const text = exp >= -4 && exp < p ? n.toFixed(Math.max(0, p - 1 - exp)) : exponent(n, p - 1, upper)
  const [mantissa, expPart = ''] = text.split(/(?=[eE])/)
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa
  return trimmed + expPart
}

function group(body: string, sep: string): string {
  const [whole, fraction] = body.split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep)
  return fraction !== undefined ? `${grouped}.${fraction}` : grouped
}

function pad(body: string, signPrefix: string, spec: Spec, defaultAlign: string): string {
  const length = Array.from(signPrefix + body).length
  const missing = spec.width - length
  if (missing <= 0) return signPrefix + body
  const fill = spec.fill.repeat(missing)
  switch (spec.align ?? defaultAlign) {
    case '<':
      return signPrefix + body + fill
    case '^': {
      const left = Math.floor(missing / 2)
      return spec.fill.repeat(left) + signPrefix + body + spec.fill.repeat(missing - left)
    }
    case '=':
      return signPrefix + fill + body
    default:
      return fill + signPrefix + body
  }
}
