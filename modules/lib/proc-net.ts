// Counting TCP connections from /proc/net/tcp{,6} for wait_for's state=drained, the
// way Ansible's Linux implementation reads them: addresses as little-endian hex words.
import { isIP } from 'node:net'

export type Family = 4 | 6

export interface HexAddress {
  family: Family
  hex: string
}

/** TCP states of /proc/net/tcp that Ansible lets a playbook name. */
export const TCP_STATE_IDS: Record<string, string> = {
  ESTABLISHED: '01',
  SYN_SENT: '02',
  SYN_RECV: '03',
  FIN_WAIT1: '04',
  FIN_WAIT2: '05',
  TIME_WAIT: '06',
}

const MATCH_ALL: Record<Family, string> = { 4: '00000000', 6: '0'.repeat(32) }
const V4_MAPPED_PREFIX = '0000000000000000FFFF0000'
const V4_MAPPED_ANY = '0000000000000000FFFF000000000000'

/** An IP address written as /proc/net/tcp writes it. */
export function procHex(ip: string): HexAddress {
  const family = isIP(ip)
  if (family === 4) return { family, hex: littleEndianWords(Buffer.from(ip.split('.').map(Number))) }
  if (family === 6) return { family, hex: littleEndianWords(ipv6Bytes(ip)) }
  throw new Error(`not an IP address: ${ip}`)
}

function littleEndianWords(bytes: Buffer): string {
  let hex = ''
  for (let i = 0; i < bytes.length; i += 4) hex += bytes.readUInt32LE(i).toString(16).toUpperCase().padStart(8, '0')
  return hex
}

function ipv6Bytes(ip: string): Buffer {
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two ordinary 16-bit words.
  const text = ip.split('%')[0]!.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a, b, c, d) =>
    `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`,
  )
  const words = (part: string): number[] => (part === '' ? [] : part.split(':').map((w) => parseInt(w, 16)))
  const [head = '', tail] = text.split('::')
  const left = words(head)
  const right = tail === undefined ? [] : words(tail)
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
  const buf = Buffer.alloc(16)
  all.forEach((w, i) => buf.writeUInt16BE(w, i * 2))
  return buf
}

export interface DrainSpec {
  port: number
  /** Local addresses the connections must be on (0.0.0.0 / :: match all). */
  addresses: HexAddress[]
  /** Remote addresses whose connections do not count. */
  excluded: HexAddress[]
  states: string[]
}

/** Active connections of one /proc/net/tcp{,6} table. */
export function countActive(table: string, family: Family, spec: DrainSpec): number {
  const port = spec.port.toString(16).toUpperCase().padStart(4, '0')
  const stateIds = spec.states.map((s) => TCP_STATE_IDS[s])
  const has = (list: HexAddress[], hex: string): boolean => list.some((a) => a.family === family && a.hex === hex)
  let count = 0
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/)
    if (fields.length < 4 || fields[1] === 'local_address') continue
    const [localIp, localPort] = fields[1]!.split(':')
    const [remoteIp] = fields[2]!.split(':')
    if (!stateIds.includes(fields[3]) || localPort !== port || has(spec.excluded, remoteIp!)) continue
    const onAddress =
      has(spec.addresses, localIp!) ||
      has(spec.addresses, MATCH_ALL[family]) ||
      (localIp!.startsWith(V4_MAPPED_PREFIX) && has(spec.addresses, V4_MAPPED_ANY))
    if (onAddress) count++
  }
  return count
}
