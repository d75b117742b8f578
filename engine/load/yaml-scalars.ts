// Scalars as Ansible's YAML loader (PyYAML, YAML 1.1) reads them. The `yaml` package
// parses with the failsafe schema (every scalar a string); this file decides what an
// unquoted scalar means, so `yes` is true, `0644` is 420, `08` stays "08", `1e3` stays
// a string and `52:54:00:12:34:56` is a (sexagesimal) number — exactly as Ansible does.

const BOOL_TRUE = new Set(['yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])
const BOOL_FALSE = new Set(['no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL'])

const FLOAT_RE = new RegExp(
  '^(?:[-+]?[0-9][0-9_]*\\.[0-9_]*(?:[eE][-+][0-9]+)?' +
    '|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?' +
    '|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*' +
    '|[-+]?\\.(?:inf|Inf|INF)' +
    '|\\.(?:nan|NaN|NAN))$',
)
const INT_RE = new RegExp(
  '^(?:[-+]?0b[01_]+' +
    '|[-+]?0[0-7_]+' +
    '|[-+]?(?:0|[1-9][0-9_]*)' +
    '|[-+]?0x[0-9a-fA-F_]+' +
    '|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$',
)
const DATE_RE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/
const DATETIME_RE =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?$/

/** The value of a plain (unquoted, untagged) scalar. */
export function resolvePlainScalar(text: string): unknown {
  if (NULLS.has(text)) return null
  if (BOOL_TRUE.has(text)) return true
  if (BOOL_FALSE.has(text)) return false
  const first = text.charCodeAt(0)
  const startsNumeric = (first >= 48 && first <= 57) || text[0] === '-' || text[0] === '+' || text[0] === '.'
  if (!startsNumeric) return text
  // PyYAML tries float before int: both patterns are exclusive, so the order only matters for speed.
  if (INT_RE.test(text)) return constructInt(text)
  if (FLOAT_RE.test(text)) return constructFloat(text)
  const timestamp = constructTimestamp(text)
  return timestamp ?? text
}

/** Does this plain scalar read as a float (`1.0`, `.5`, `.inf`)? */
export function isFloatText(text: string): boolean {
  return FLOAT_RE.test(text)
}

/** The sign and the digits of a number, with YAML's `_` separators removed. */
function splitSign(text: string): { sign: number; digits: string } {
  const cleaned = text.replaceAll('_', '')
  if (cleaned[0] === '-') return { sign: -1, digits: cleaned.slice(1) }
  if (cleaned[0] === '+') return { sign: 1, digits: cleaned.slice(1) }
  return { sign: 1, digits: cleaned }
}

/** Base-60 digits `190:20:30` → 685230 (YAML 1.1 sexagesimal). */
function sexagesimal(digits: string, parsePart: (s: string) => number): number {
  return digits.split(':').reduce((total, part) => total * 60 + parsePart(part), 0)
}

/** An int in YAML 1.1 notation; undefined when `text` is not one. */
export function constructInt(text: string): number | undefined {
  if (!INT_RE.test(text)) return undefined
  const { sign, digits } = splitSign(text)
  if (digits === '0') return 0
  if (digits.startsWith('0b')) return sign * parseInt(digits.slice(2), 2)
  if (digits.startsWith('0x')) return sign * parseInt(digits.slice(2), 16)
  if (digits.includes(':')) return sign * sexagesimal(digits, (p) => parseInt(p, 10))
  if (digits.startsWith('0')) return sign * parseInt(digits, 8) // 0644 → 420
  return sign * parseInt(digits, 10)
}

/** A float in YAML 1.1 notation; undefined when `text` is not one. */
export function constructFloat(text: string): number | undefined {
  if (!FLOAT_RE.test(text)) return undefined
  const { sign, digits } = splitSign(text.toLowerCase())
  if (digits === '.inf') return sign * Infinity
  if (digits === '.nan') return NaN
  if (digits.includes(':')) return sign * sexagesimal(digits, (p) => parseFloat(p))
  return sign * Number(digits)
}

const pad = (n: number | string, width = 2): string => String(n).padStart(width, '0')

/**
 * A YAML timestamp, as the string Python prints for the date/datetime PyYAML builds
 * (`2001-12-14`, `2001-12-14 21:59:43.100000-05:00`): Ansible templates such values
 * through str(), and plain data keeps no date type.
 */
export function constructTimestamp(text: string): string | undefined {
  if (DATE_RE.test(text)) return text
  const m = DATETIME_RE.exec(text)
  if (!m) return undefined
  const [, year, month, day, hour, minute, second, fraction, zone] = m
  let out = `${year}-${pad(month!)}-${pad(day!)} ${pad(hour!)}:${minute}:${second}`
  const micros = (fraction ?? '').slice(0, 6).padEnd(6, '0')
  if (Number(micros) !== 0) out += `.${micros}`
  if (zone === 'Z') out += '+00:00'
  else if (zone) {
    const [zh, zm = '00'] = zone.slice(1).split(':')
    out += `${zone[0]}${pad(zh!)}:${zm}`
  }
  return out
}

/** `true` → 'True', `1` → '1', `null` → 'None': how Python prints a non-string mapping key. */
export function pythonKeyString(key: unknown): string {
  if (typeof key === 'string') return key
  if (key === true) return 'True'
  if (key === false) return 'False'
  if (key === null || key === undefined) return 'None'
  if (typeof key === 'number') {
    if (Number.isNaN(key)) return 'nan'
    if (!Number.isFinite(key)) return key > 0 ? 'inf' : '-inf'
  }
  return String(key)
}
