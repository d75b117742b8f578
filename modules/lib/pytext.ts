// Python's text conventions that Ansible results carry: str(datetime) for start/end,
// str(timedelta) for delta, and str.splitlines() for stdout_lines.

/** Microseconds since the epoch, with sub-millisecond precision. */
export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000)
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** str(datetime.now()): local time "2024-05-01 12:03:04.123456" (no fraction when it is zero). */
export function pythonDateTime(micros: number): string {
  const date = new Date(Math.floor(micros / 1000))
  const fraction = micros % 1_000_000
  const base =
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  return fraction ? `${base}.${pad(fraction, 6)}` : base
}

/** str(timedelta): "0:00:00.003456", "1 day, 2:03:04", "2 days, 0:00:01". */
export function pythonTimedelta(micros: number): string {
  const totalSeconds = Math.floor(micros / 1_000_000)
  const fraction = micros % 1_000_000
  const days = Math.floor(totalSeconds / 86400)
  const rest = totalSeconds % 86400
  const clock = `${Math.floor(rest / 3600)}:${pad(Math.floor((rest % 3600) / 60))}:${pad(rest % 60)}`
  const withFraction = fraction ? `${clock}.${pad(fraction, 6)}` : clock
  return days ? `${days} day${days === 1 ? '' : 's'}, ${withFraction}` : withFraction
}

// The line boundaries of str.splitlines(): \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029.
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/

/** str.splitlines(): no empty last element for a trailing line break. */
export function pySplitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split(LINE_BREAK)
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** Python's str.rstrip(chars). */
export function rstripChars(text: string, chars: string): string {
  let end = text.length
  while (end > 0 && chars.includes(text[end - 1]!)) end--
  return text.slice(0, end)
}
