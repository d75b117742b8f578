// The network definition a libvirt_net task asks for, built from its structured
// parameters, and the rules that say which parts of libvirt's stored XML it decides.
import { childOf, el, type XmlElement } from './xml-tree.js'
import type { XmlRules } from './normalise.js'

export type ForwardMode = 'none' | 'nat' | 'route' | 'bridge'

export interface DhcpHost {
  mac?: string
  ip: string
  name?: string
}

/** The structured parameters of libvirt_net that shape the XML. */
export interface NetworkSpec {
  name: string
  bridge?: string
  forward: ForwardMode
  forward_dev?: string
  ip?: string
  netmask?: string
  prefix?: number
  dhcp_range?: { start: string; end: string }
  dhcp_hosts?: DhcpHost[]
  domain?: string
  mtu?: number
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

/** The first problem with the parameters, as the message the task fails with. */
export function networkSpecProblem(s: NetworkSpec): string | undefined {
  if (s.forward === 'bridge') {
    if (!s.bridge) return "forward: bridge needs 'bridge': the name of an existing host bridge"
    if (s.ip || s.dhcp_range || s.dhcp_hosts?.length || s.domain) return 'forward: bridge networks cannot have ip, dhcp or domain: the host bridge carries the traffic'
  }
  if (s.forward_dev && (s.forward === 'none' || s.forward === 'bridge')) return `forward_dev applies to forward: nat or route, not ${s.forward}`
  if (s.netmask !== undefined && s.prefix !== undefined) return 'give either netmask or prefix, not both'
  if (!s.ip && (s.netmask || s.prefix !== undefined || s.dhcp_range || s.dhcp_hosts?.length)) return "netmask, prefix and dhcp settings need 'ip' (the host's address on the network)"
  if (s.ip?.includes(':') && s.netmask) return 'IPv6 addresses take prefix, not netmask'
  if (s.ip && !s.ip.includes(':')) {
    if (!isIpv4(s.ip)) return `ip '${s.ip}' is not an IPv4 or IPv6 address`
    if (s.netmask && netmaskPrefix(s.netmask) === undefined) return `netmask '${s.netmask}' is not a valid netmask (e.g. 255.255.255.0)`
    if (s.netmask === undefined && s.prefix === undefined) return "an IPv4 'ip' needs netmask or prefix"
  }
  if (s.ip?.includes(':') && s.prefix === undefined) return "an IPv6 'ip' needs prefix"
  for (const [i, h] of (s.dhcp_hosts ?? []).entries()) {
    if (!h.mac && !h.name) return `dhcp_hosts[${i}] needs mac or name to identify the guest`
  }
  return undefined
}

function isIpv4(text: string): boolean {
  const m = IPV4.exec(text)
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255)
}

/** The prefix length of a dotted netmask, or undefined when it is not contiguous ones. */
export function netmaskPrefix(netmask: string): number | undefined {
  if (!isIpv4(netmask)) return undefined
  const bits = netmask.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('')
  if (!/^1*0*$/.test(bits)) return undefined
  const firstZero = bits.indexOf('0')
  return firstZero === -1 ? 32 : firstZero
}

/** The XML for the parameters, in the element order libvirt uses. */
export function networkXml(s: NetworkSpec): XmlElement {
  const forward = s.forward === 'none' ? undefined : el('forward', { mode: s.forward, dev: s.forward_dev })
  const ipv6 = s.ip?.includes(':')
  const dhcp = s.dhcp_range || s.dhcp_hosts?.length
    ? el('dhcp', {}, [
        s.dhcp_range && el('range', { start: s.dhcp_range.start, end: s.dhcp_range.end }),
        ...(s.dhcp_hosts ?? []).map((h) => el('host', { mac: h.mac, name: h.name, ip: h.ip })),
      ])
    : undefined
  const ip = s.ip
    ? el('ip', { family: ipv6 ? 'ipv6' : undefined, address: s.ip, netmask: s.netmask, prefix: s.prefix }, [dhcp])
    : undefined
  return el('network', {}, [
    el('name', {}, [], s.name),
    forward,
    s.bridge !== undefined && el('bridge', { name: s.bridge }),
    s.mtu !== undefined && el('mtu', { size: s.mtu }),
    s.domain !== undefined && el('domain', { name: s.domain }),
    ip,
  ])
}

/** What libvirt adds to a network definition, or writes in another spelling. */
export const networkRules: XmlRules = {
  ignore: ['network/uuid', 'network/mac'],
  ignoreAttributes: ['network@connections'],
  defaults: {
    'network/bridge@stp': 'on',
    'network/bridge@delay': '0',
    'network/forward@mode': 'nat',
    'network/ip@family': 'ipv4',
  },
  // libvirt names the bridge (virbrN) and the NAT port range itself when not told.
  filledIn: ['network/bridge', 'network/bridge@name', 'network/forward/nat'],
  canonical: netmaskToPrefix,
}

/** IPv4 `netmask='255.255.255.0'` and `prefix='24'` mean the same: compare as prefix. */
function netmaskToPrefix(root: XmlElement): void {
  for (const ip of root.children.filter((c) => c.name === 'ip')) {
    const mask = ip.attrs.netmask
    const prefix = mask === undefined ? undefined : netmaskPrefix(mask)
    if (prefix === undefined) continue
    delete ip.attrs.netmask
    ip.attrs.prefix = String(prefix)
  }
}

/**
 * The XML to define when replacing `current`: the wanted definition plus what libvirt
 * generated and the task leaves open (uuid — libvirt refuses a redefinition without it —
 * the MAC of the bridge and its name), so a redefinition keeps them stable.
 */
export function networkXmlToDefine(wanted: XmlElement, current: XmlElement | undefined): XmlElement {
  if (!current) return wanted
  const out: XmlElement = { ...wanted, children: [...wanted.children] }
  const uuid = childOf(current, 'uuid')
  const name = childOf(out, 'name')
  if (uuid && !childOf(out, 'uuid')) out.children.splice(name ? out.children.indexOf(name) + 1 : 0, 0, uuid)
  const mac = childOf(current, 'mac')
  if (mac && !childOf(out, 'mac')) out.children.push(mac)
  const currentBridge = childOf(current, 'bridge')
  const wantedBridge = childOf(out, 'bridge')
  const forward = childOf(out, 'forward')?.attrs.mode
  if (currentBridge?.attrs.name && !wantedBridge?.attrs.name && forward !== 'bridge') {
    const kept = el('bridge', { ...wantedBridge?.attrs, name: currentBridge.attrs.name })
    if (wantedBridge) out.children[out.children.indexOf(wantedBridge)] = kept
    else out.children.splice(out.children.indexOf(childOf(out, 'forward') ?? uuid ?? name!) + 1, 0, kept)
  }
  return out
}
