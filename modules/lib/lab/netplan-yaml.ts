// Netplan YAML as data: rendering a `network:` mapping with its keys in a stable order
// (so the same config always gives the same bytes), and comparing two files by what
// netplan reads from them rather than by their text.
//
// netplan (libyaml) reads every scalar as text and interprets it per key, so files are
// parsed with YAML's failsafe schema (all scalars stay strings — 52:54:00:12:34:56 is not
// a base-60 number, 0600 is not octal) and scalars are compared as netplan sees them:
// its booleans (true/yes/on/y …) are one value whatever their spelling.
import { isDeepStrictEqual } from 'node:util'
import { Document, parseDocument } from 'yaml'

type Data = unknown
type Mapping = Record<string, Data>

/** Device types of a `network:` mapping, in the order a reader expects them. */
export const DEVICE_TYPES = [
  'ethernets', 'bonds', 'bridges', 'vlans', 'tunnels', 'vrfs', 'wifis', 'modems',
  'dummy-devices', 'virtual-ethernets', 'nm-devices',
] as const

/** Every key netplan accepts directly under `network:`. */
export const NETWORK_KEYS = ['version', 'renderer', 'openvswitch', ...DEVICE_TYPES]

const NETWORK_ORDER = ['version', 'renderer', ...DEVICE_TYPES, 'openvswitch']
const DEVICE_ORDER = [
  'match', 'set-name', 'macaddress', 'renderer', 'optional', 'link', 'id', 'mode', 'interfaces', 'parameters',
  'dhcp4', 'dhcp6', 'accept-ra', 'link-local', 'addresses', 'gateway4', 'gateway6', 'routes', 'routing-policy', 'nameservers', 'mtu',
]
const ROUTE_ORDER = ['to', 'via', 'from', 'metric', 'table', 'on-link', 'scope', 'type']
const NAMESERVER_ORDER = ['addresses', 'search']

const isMapping = (value: Data): value is Mapping => value !== null && typeof value === 'object' && !Array.isArray(value)

/** Keys listed in `order` first (in that order), then the others alphabetically. */
function orderedKeys(mapping: Mapping, order: readonly string[]): string[] {
  const known = order.filter((k) => Object.hasOwn(mapping, k))
  const rest = Object.keys(mapping).filter((k) => !order.includes(k)).sort()
  return [...known, ...rest]
}

function reorder(mapping: Mapping, order: readonly string[], child: (key: string, value: Data) => Data): Mapping {
  const out: Mapping = {}
  for (const key of orderedKeys(mapping, order)) out[key] = child(key, mapping[key])
  return out
}

/** Any value below a device, with the orders of the mappings netplan users know. */
function orderValue(key: string, value: Data): Data {
  if (Array.isArray(value)) return value.map((item) => orderValue(key === 'routes' ? 'route' : key, item))
  if (!isMapping(value)) return value
  const order = key === 'route' ? ROUTE_ORDER : key === 'nameservers' ? NAMESERVER_ORDER : []
  return reorder(value, order, orderValue)
}

function orderDevice(device: Data): Data {
  return isMapping(device) ? reorder(device, DEVICE_ORDER, orderValue) : device
}

/** The `network:` mapping with keys in the stable order; device names sorted. */
export function orderNetwork(network: Mapping): Mapping {
  return reorder(network, NETWORK_ORDER, (key, value) => {
    if (!(DEVICE_TYPES as readonly string[]).includes(key) || !isMapping(value)) return orderValue(key, value)
    return reorder(value, [], (_name, device) => orderDevice(device))
  })
}

const HEADER = '# Written by tsplay (netplan module); local edits are replaced.\n'

/**
 * The file text for a `network:` mapping. Strings YAML 1.1 would read as something
 * else ("yes", "1:20", "0600") are quoted, so any YAML reader sees the same data.
 */
export function renderNetplan(network: Mapping): string {
  const doc = new Document({ network: orderNetwork(network) }, { version: '1.1' })
  return HEADER + doc.toString({ indent: 2, lineWidth: 0 })
}

export interface ParsedNetplan {
  data?: Data
  /** Why the text is not a usable netplan file. */
  error?: string
}

/** The file's data with every scalar as text, or why it cannot be read. */
export function parseNetplan(text: string): ParsedNetplan {
  const doc = parseDocument(text, { schema: 'failsafe', logLevel: 'error', uniqueKeys: true })
  if (doc.errors.length > 0) return { error: doc.errors[0]!.message }
  const data = doc.toJS() as Data
  if (!isMapping(data) || !isMapping(data.network)) return { error: 'it has no "network:" mapping at the top' }
  return { data }
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', 'y'])
const FALSE_WORDS = new Set(['false', 'no', 'off', 'n'])

/** A value as netplan reads it: scalars as text, booleans in one spelling. */
export function netplanView(value: Data): Data {
  if (Array.isArray(value)) return value.map(netplanView)
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, netplanView(v)]))
  if (value === null || value === undefined) return ''
  const text = String(value)
  const word = text.toLowerCase()
  if (TRUE_WORDS.has(word)) return 'true'
  if (FALSE_WORDS.has(word)) return 'false'
  return text
}

/** Whether netplan would read the same configuration from both. */
export function sameNetplan(a: Data, b: Data): boolean {
  return isDeepStrictEqual(netplanView(a), netplanView(b))
}
