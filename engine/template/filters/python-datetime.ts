// Python's naive datetime and timedelta, enough for Ansible's to_datetime/strftime:
// fields, str/repr, comparison (valueOf), subtraction (__sub__ → timedelta) and
// C-locale strftime/strptime.
import { TemplateError } from '../../errors.js'
import { type PyFloat, toFloat } from './python-float.js'

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

const pad = (n: number, width = 2, fill = '0') => String(n).padStart(width, fill)

/** Broken-down time: the fields strftime needs (weekday 0 = Sunday, as in C). */
export interface TimeFields {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  microsecond: number
  weekday: number
  yearDay: number
  /** Offset from UTC in minutes, or undefined for naive times. */
  offsetMinutes?: number
  zoneName?: string
}

export class PyTimedelta {
  readonly pyTypeName = 'timedelta'
  readonly days: number
  readonly seconds: number
  readonly microseconds: number

  constructor(totalMicroseconds: number) {
    const perDay = 86400e6
    this.days = Math.floor(totalMicroseconds / perDay)
    const rest = totalMicroseconds - this.days * perDay
    this.seconds = Math.floor(rest / 1e6)
    this.microseconds = Math.round(rest - this.seconds * 1e6)
  }

  /** A float in Python, even for whole seconds (86400.0). */
  total_seconds(): number | PyFloat {
    return toFloat(this.valueOf())
  }

  valueOf(): number {
    return this.days * 86400 + this.seconds + this.microseconds / 1e6
  }

  __str__(): string {
    const clock = `${Math.floor(this.seconds / 3600)}:${pad(Math.floor(this.seconds / 60) % 60)}:${pad(this.seconds % 60)}`
    const micro = this.microseconds ? `.${pad(this.microseconds, 6)}` : ''
    const days = this.days ? `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ` : ''
    return days + clock + micro
  }

  __repr__(): string {
    const parts = [['days', this.days], ['seconds', this.seconds], ['microseconds', this.microseconds]].filter(([, v]) => v !== 0)
    return `datetime.timedelta(${parts.map(([k, v]) => `${k}=${v}`).join(', ')})`
  }
}

export class PyDatetime {
  readonly pyTypeName = 'datetime'

  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly hour = 0,
    readonly minute = 0,
    readonly second = 0,
    readonly microsecond = 0,
  ) {}

  /** Microseconds since 1970 treating the naive time as UTC: for ordering and differences. */
  private epochMicros(): number {
    return Date.UTC(this.year, this.month - 1, this.day, this.hour, this.minute, this.second) * 1000 + this.microsecond
  }

  valueOf(): number {
    return this.epochMicros()
  }

  __sub__(other: PyDatetime): PyTimedelta {
    return new PyTimedelta(this.epochMicros() - other.epochMicros())
  }

  fields(): TimeFields {
    const date = new Date(Date.UTC(this.year, this.month - 1, this.day))
    const yearDay = Math.floor((date.getTime() - Date.UTC(this.year, 0, 1)) / 86400000) + 1
    return { ...this, weekday: date.getUTCDay(), yearDay }
  }

  strftime(format: string): string {
    return strftime(format, this.fields())
  }

  weekday(): number {
    return (this.fields().weekday + 6) % 7
  }

  isoformat(sep = 'T'): string {
    const micro = this.microsecond ? `.${pad(this.microsecond, 6)}` : ''
    return `${pad(this.year, 4)}-${pad(this.month)}-${pad(this.day)}${sep}${pad(this.hour)}:${pad(this.minute)}:${pad(this.second)}${micro}`
  }

  __str__(): string {
    return this.isoformat(' ')
  }

  __repr__(): string {
    const fields = [this.year, this.month, this.day, this.hour, this.minute, this.second, this.microsecond]
    while (fields.length > 5 && fields[fields.length - 1] === 0) fields.pop()
    return `datetime.datetime(${fields.join(', ')})`
  }
}

/** Fields of an instant in the controller's local zone, or in UTC. */
export function timeFields(epochSeconds: number, utc: boolean): TimeFields {
  const d = new Date(epochSeconds * 1000)
  const get = utc
    ? { y: d.getUTCFullYear(), mo: d.getUTCMonth(), da: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds(), wd: d.getUTCDay() }
    : { y: d.getFullYear(), mo: d.getMonth(), da: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds(), wd: d.getDay() }
  const yearDay = Math.floor((Date.UTC(get.y, get.mo, get.da) - Date.UTC(get.y, 0, 1)) / 86400000) + 1
  const offsetMinutes = utc ? 0 : -d.getTimezoneOffset()
  const zoneName = utc ? 'GMT' : zoneAbbreviation(d) // time.gmtime() names its zone GMT
  return { year: get.y, month: get.mo + 1, day: get.da, hour: get.h, minute: get.mi, second: get.s, microsecond: 0, weekday: get.wd, yearDay, offsetMinutes, zoneName }
}

// Building an Intl formatter costs about a millisecond: make it once.
let zoneFormat: Intl.DateTimeFormat | undefined

function zoneAbbreviation(d: Date): string {
  zoneFormat ??= new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
  const part = zoneFormat.formatToParts(d).find((p) => p.type === 'timeZoneName')
  return part?.value ?? ''
}

function isoWeek(f: TimeFields): { year: number; week: number } {
  const isoDay = (f.weekday + 6) % 7 // Monday = 0
  const thursday = Date.UTC(f.year, f.month - 1, f.day) + (3 - isoDay) * 86400000
  const year = new Date(thursday).getUTCFullYear()
  return { year, week: Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86400000)) + 1 }
}

function offsetText(minutes: number | undefined): string {
  if (minutes === undefined) return ''
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
}

/** C-locale strftime with glibc's extensions. Unknown directives are kept as written. */
export function strftime(format: string, f: TimeFields): string {
  const hour12 = f.hour % 12 || 12
  const directive = (c: string): string | undefined => {
    switch (c) {
      case 'a': return DAYS[f.weekday].slice(0, 3)
      case 'A': return DAYS[f.weekday]
      case 'b': case 'h': return MONTHS[f.month - 1].slice(0, 3)
      case 'B': return MONTHS[f.month - 1]
      case 'c': return `${directive('a')} ${directive('b')} ${pad(f.day, 2, ' ')} ${directive('T')} ${f.year}`
      case 'C': return pad(Math.floor(f.year / 100))
      case 'd': return pad(f.day)
      case 'D': return `${pad(f.month)}/${pad(f.day)}/${pad(f.year % 100)}`
      case 'e': return pad(f.day, 2, ' ')
      case 'F': return `${f.year}-${pad(f.month)}-${pad(f.day)}`
      case 'f': return pad(f.microsecond, 6)
      case 'G': return String(isoWeek(f).year)
      case 'g': return pad(isoWeek(f).year % 100)
      case 'H': return pad(f.hour)
      case 'I': return pad(hour12)
      case 'j': return pad(f.yearDay, 3)
      case 'k': return pad(f.hour, 2, ' ')
      case 'l': return pad(hour12, 2, ' ')
      case 'm': return pad(f.month)
      case 'M': return pad(f.minute)
      case 'n': return '\n'
      case 'p': return f.hour < 12 ? 'AM' : 'PM'
      case 'P': return f.hour < 12 ? 'am' : 'pm'
      case 'r': return `${pad(hour12)}:${pad(f.minute)}:${pad(f.second)} ${directive('p')}`
      case 'R': return `${pad(f.hour)}:${pad(f.minute)}`
      case 's': return String(Math.floor(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) / 1000 - (f.offsetMinutes ?? 0) * 60))
      case 'S': return pad(f.second)
      case 't': return '\t'
      case 'T': return `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`
      case 'u': return String(f.weekday || 7)
      case 'U': return pad(Math.floor((f.yearDay + 6 - f.weekday) / 7))
      case 'V': return pad(isoWeek(f).week)
      case 'w': return String(f.weekday)
      case 'W': return pad(Math.floor((f.yearDay + 6 - ((f.weekday + 6) % 7)) / 7))
      case 'x': return directive('D')
      case 'X': return directive('T')
      case 'y': return pad(f.year % 100)
      case 'Y': return String(f.year)
      case 'z': return offsetText(f.offsetMinutes)
      case 'Z': return f.zoneName ?? ''
      case '%': return '%'
    }
    return undefined
  }
  return format.replace(/%(.)/gs, (whole, c: string) => directive(c) ?? whole)
}

const PARSERS: Record<string, [string, (v: string, out: Partial<Record<string, number>>) => void]> = {
  Y: ['\\d{4}', (v, o) => (o.year = Number(v))],
  y: ['\\d{2}', (v, o) => (o.year = Number(v) + (Number(v) < 69 ? 2000 : 1900))],
  m: ['1[0-2]|0[1-9]|[1-9]', (v, o) => (o.month = Number(v))],
  d: ['3[01]|[12]\\d|0[1-9]|[1-9]| [1-9]', (v, o) => (o.day = Number(v))],
  H: ['2[0-3]|[0-1]\\d|\\d', (v, o) => (o.hour = Number(v))],
  I: ['1[0-2]|0[1-9]|[1-9]', (v, o) => (o.hour12 = Number(v))],
  M: ['[0-5]\\d|\\d', (v, o) => (o.minute = Number(v))],
  S: ['6[0-1]|[0-5]\\d|\\d', (v, o) => (o.second = Number(v))],
  f: ['\\d{1,6}', (v, o) => (o.microsecond = Number(v.padEnd(6, '0')))],
  p: ['am|pm', (v, o) => (o.pm = v.toLowerCase() === 'pm' ? 1 : 0)],
  b: [MONTHS.map((m) => m.slice(0, 3)).join('|'), (v, o) => (o.month = monthIndex(v))],
  B: [MONTHS.join('|'), (v, o) => (o.month = monthIndex(v))],
  a: [DAYS.map((d) => d.slice(0, 3)).join('|'), () => undefined],
  A: [DAYS.join('|'), () => undefined],
  j: ['36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9]', (v, o) => (o.yearDay = Number(v))],
  z: ['[+-]\\d\\d:?[0-5]\\d|Z', () => undefined],
  Z: ['[A-Za-z]+', () => undefined],
}

function monthIndex(name: string): number {
  return MONTHS.findIndex((m) => m.toLowerCase().startsWith(name.toLowerCase().slice(0, 3))) + 1
}

/** datetime.strptime(text, format) for the usual directives. */
export function strptime(text: string, format: string): PyDatetime {
  const setters: ((v: string, out: Partial<Record<string, number>>) => void)[] = []
  let source = ''
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]
    if (ch === '%' && i + 1 < format.length) {
      const c = format[++i]
      if (c === '%') {
        source += '%'
        continue
      }
      const parser = PARSERS[c]
      if (!parser) throw new TemplateError(`'${c}' is a bad directive in format '${format}'`)
      source += `(${parser[0]})`
      setters.push(parser[1])
    } else if (/\s/.test(ch)) {
      while (/\s/.test(format[i + 1] ?? '')) i++
      source += '\\s+'
    } else {
      source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    }
  }
  const match = new RegExp(`^(?:${source})$`, 'i').exec(text)
  if (!match) throw new TemplateError(`time data '${text}' does not match format '${format}'`)
  const out: Partial<Record<string, number>> = {}
  setters.forEach((set, i) => set(match[i + 1], out))
  let hour = out.hour ?? 0
  if (out.hour12 !== undefined) hour = (out.hour12 % 12) + (out.pm ? 12 : 0)
  let { year = 1900, month = 1, day = 1 } = out
  if (out.yearDay !== undefined && out.month === undefined) {
    const date = new Date(Date.UTC(year, 0, out.yearDay))
    month = date.getUTCMonth() + 1
    day = date.getUTCDate()
    year = date.getUTCFullYear()
  }
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) throw new TemplateError('day is out of range for month')
  return new PyDatetime(year, month, day, hour, out.minute ?? 0, out.second ?? 0, out.microsecond ?? 0)
}
