// Host names as inventories write them: `web01`, `web01:2222` (a port), `[::1]:22`,
// `web[01:10]`, `db-[a:c]`, `node[1:9:2]` (ranges, expanded to one host each).
// The accepted shapes follow ansible's parse_address and expand_hostname_range.

/** `[1:3]`, `[a:c]`, `[01:10:2]` where a host name label may hold one. */
const RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`
const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`

const IPV4_PART = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`
const IPV4 = new RegExp(String.raw`^(?:${IPV4_PART}\.){3}${IPV4_PART}$`, 'i')

const H = String.raw`(?:[0-9a-f]{1,4}|${HEX_RANGE})`
const V4 = String.raw`(?:${H}\.){3}${H}`
// As in ansible, only the first alternative is anchored at the end: the others may be
// followed by anything (a quirk kept so the same names parse the same way).
const IPV6 = new RegExp(
  '^(?:' +
    [
      `(?:${H}:){7}${H}`,
      `(?:${H}:){1,6}:`,
      `(?:${H}:)(?::${H}){1,6}`,
      `(?:${H}:){2}(?::${H}){1,5}`,
      `(?:${H}:){3}(?::${H}){1,4}`,
      `(?:${H}:){4}(?::${H}){1,3}`,
      `(?:${H}:){5}(?::${H}){1,2}`,
      `(?:${H}:){6}(?::${H})`,
      `:(?::${H}){1,6}`,
      `${H}?::`,
      `(?:0:){6}${V4}`,
      `::(?:ffff:)?${V4}`,
      `(?:0:){5}ffff:${V4}$`,
    ].join('|') +
    ')',
  'i',
)

const LABEL = String.raw`(?:[\p{L}\p{N}_]|${RANGE})(?:[\p{L}\p{N}_-]|${RANGE})*(?<![_-])`
const HOSTNAME = new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, 'iu')

const BRACKETED_HOST_PORT = /^\[(.+)\]:([0-9]+)$/
const HOST_PORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/

export class AddressError extends Error {}

export interface Address {
  host: string
  port?: number
}

/** Split `address` into host and optional port; throws AddressError when it is not a host name or IP. */
export function parseAddress(address: string, allowRanges: boolean): Address {
  let host = address
  let port: number | undefined
  // Both forms are tried in turn, as ansible does: `[host]:22` first, then `host:22`.
  for (const form of [BRACKETED_HOST_PORT, HOST_PORT]) {
    const m = form.exec(host)
    if (m) {
      host = m[1]
      port = Number(m[2])
    }
  }
  if (!IPV4.test(host) && !IPV6.test(host) && !HOSTNAME.test(host)) {
    throw new AddressError(`Not a valid network hostname: ${host}`)
  }
  if (!allowRanges && host.includes('[')) throw new AddressError('Detected range in host but was asked to ignore ranges')
  return { host, port }
}

/** The host names a pattern stands for, and the port written with it. */
export function expandHostPattern(pattern: string): { hosts: string[]; port?: number } {
  let address: Address
  try {
    address = parseAddress(pattern, true)
  } catch (err) {
    if (!(err instanceof AddressError)) throw err
    address = { host: pattern } // not a recognisable address: keep it as written
  }
  const hosts = address.host.includes('[') ? expandHostnameRange(address.host) : [address.host]
  return { hosts, port: address.port }
}

export class HostRangeError extends Error {}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** Expand the first `[begin:end(:step)]` of `name`, then the rest recursively. */
export function expandHostnameRange(name: string): string[] {
  const open = name.indexOf('[')
  const close = name.indexOf(']', open + 1)
  if (close < 0) throw new HostRangeError(`unclosed '[' in host range: ${name}`)
  const head = name.slice(0, open)
  const range = name.slice(open + 1, close)
  const tail = name.slice(close + 1)
  const bounds = range.split(':')
  if (bounds.length !== 2 && bounds.length !== 3) throw new HostRangeError('host range must be begin:end or begin:end:step')
  const begin = bounds[0] || '0'
  const end = bounds[1]
  const step = bounds.length === 3 ? bounds[2] : '1'
  if (!end) throw new HostRangeError('host range must specify end value')
  let width = 0
  if (begin[0] === '0' && begin.length > 1) {
    if (begin.length !== end.length) throw new HostRangeError('host range must specify equal-length begin and end formats')
    width = begin.length
  }
  return rangeValues(begin, end, step).flatMap((value) => {
    const host = head + value.padStart(width, '0') + tail
    return host.includes('[') ? expandHostnameRange(host) : [host]
  })
}

function rangeValues(begin: string, end: string, stepText: string): string[] {
  const step = toInt(stepText)
  if (step === 0) throw new HostRangeError('host range step must not be zero')
  const letterBegin = begin.length === 1 ? LETTERS.indexOf(begin) : -1
  const letterEnd = end.length === 1 ? LETTERS.indexOf(end) : -1
  const values: string[] = []
  if (letterBegin >= 0 && letterEnd >= 0) {
    if (letterBegin > letterEnd) throw new HostRangeError('host range must have begin <= end')
    if (step < 0) return values
    for (let i = letterBegin; i <= letterEnd; i += step) values.push(LETTERS[i])
    return values
  }
  const first = toInt(begin)
  const last = toInt(end)
  // Python's range(first, last + 1, step), which counts down when step is negative.
  if (step > 0) for (let i = first; i <= last; i += step) values.push(String(i))
  else for (let i = first; i > last + 1; i += step) values.push(String(i))
  return values
}

function toInt(text: string): number {
  if (!/^\s*[+-]?[0-9]+\s*$/.test(text)) throw new HostRangeError(`invalid number in host range: '${text}'`)
  return Number(text)
}
