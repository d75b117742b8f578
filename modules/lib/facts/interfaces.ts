// Builds ansible_<iface> dictionaries: link attributes from /sys/class/net, then the
// addresses of `ip -j addr` (first primary IPv4 as ipv4, others as ipv4_secondaries,
// every IPv6 in ipv6), completing the default route facts on the way.

export interface SysInterface {
  name: string
  attrs: Map<string, string>
}

export interface AddrInfo {
  family: 'inet' | 'inet6' | string
  local: string
  prefixlen: number
  broadcast?: string
  scope?: string
  label?: string
  secondary?: boolean
}

export interface IpLink {
  ifname: string
  addr_info: AddrInfo[]
}

type Info = Record<string, unknown>

const INTERFACE_TYPES: Record<string, string> = { '1': 'ether', '32': 'infiniband', '512': 'ppp', '772': 'loopback', '65534': 'tunnel' }

export function linkInfo(sys: SysInterface): Info {
  const a = sys.attrs
  const info: Info = { device: sys.name }
  const mac = a.get('address')
  if (mac && mac !== '00:00:00:00:00:00') info.macaddress = mac
  if (a.has('mtu')) info.mtu = Number(a.get('mtu'))
  if (a.has('operstate')) info.active = a.get('operstate') !== 'down'
  if (a.has('module')) info.module = a.get('module')
  if (a.has('type')) info.type = INTERFACE_TYPES[a.get('type')!] ?? 'unknown'
  if (a.has('bridge_id')) {
    Object.assign(info, { type: 'bridge', interfaces: words(a.get('brif')), id: a.get('bridge_id'), stp: a.get('stp_state') === '1' })
  }
  if (a.has('bond_mode')) Object.assign(info, bondingInfo(a))
  if (a.has('perm_hwaddr')) info.perm_macaddress = a.get('perm_hwaddr')
  if (a.has('pciid')) info.pciid = a.get('pciid')
  const speed = parseInt(a.get('speed') ?? '', 10)
  if (Number.isInteger(speed)) info.speed = speed
  if (a.has('flags')) info.promisc = (parseInt(a.get('flags')!, 16) & 0x100) !== 0
  return info
}

function bondingInfo(a: Map<string, string>): Info {
  const info: Info = {
    type: 'bonding',
    slaves: words(a.get('bond_slaves')),
    mode: words(a.get('bond_mode'))[0] ?? '',
    miimon: words(a.get('bond_miimon'))[0] ?? '',
    lacp_rate: words(a.get('bond_lacp_rate'))[0] ?? '',
  }
  const primary = a.get('bond_primary')
  if (primary) {
    info.primary = primary
    if (a.has('bond_all_slaves_active')) info.all_slaves_active = a.get('bond_all_slaves_active') === '1'
  }
  return info
}

function words(text: string | undefined): string[] {
  return (text ?? '').split(/\s+/).filter(Boolean)
}

export function ipv4Entry(addr: AddrInfo): Info {
  const bits = addr.prefixlen
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
  const value = addr.local.split('.').reduce((acc, octet) => ((acc << 8) | Number(octet)) >>> 0, 0)
  return {
    address: addr.local,
    broadcast: addr.broadcast ?? '',
    netmask: dotted(mask),
    network: dotted((value & mask) >>> 0),
    prefix: String(bits),
  }
}

function dotted(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.')
}

export interface BuiltInterfaces {
  interfaces: Record<string, Info>
  allV4: string[]
  allV6: string[]
}

export function buildInterfaces(sys: SysInterface[], links: IpLink[], defaultV4: Info, defaultV6: Info): BuiltInterfaces {
  const interfaces: Record<string, Info> = {}
  const all = { allV4: [] as string[], allV6: [] as string[] }
  for (const entry of sys) {
    const device = entry.name
    interfaces[device] = linkInfo(entry)
    const addrs = links.find((l) => l.ifname === device)?.addr_info ?? []
    const ordered = [...addrs.filter((a) => !a.secondary), ...addrs.filter((a) => a.secondary)]
    const link = { device, mac: entry.attrs.get('address') ?? '', info: interfaces[device]! }
    for (const addr of ordered) {
      if (addr.family === 'inet') addIpv4(interfaces, link, addr, defaultV4, all)
      else if (addr.family === 'inet6') addIpv6(link, addr, defaultV6, all)
    }
  }
  const renamed: Record<string, Info> = {}
  for (const [name, info] of Object.entries(interfaces)) renamed[name.replaceAll(':', '_')] = info
  return { interfaces: renamed, ...all }
}

interface LinkContext {
  device: string
  mac: string
  info: Info
}

function addIpv4(interfaces: Record<string, Info>, link: LinkContext, addr: AddrInfo, defaultV4: Info, all: { allV4: string[] }): void {
  const entry = ipv4Entry(addr)
  const label = addr.label ?? link.device
  // An address labelled "eth0:1" makes an alias interface of its own.
  if (label !== link.device) interfaces[label] = {}
  const target = interfaces[label]!
  if (!addr.secondary && !('ipv4' in target)) target.ipv4 = entry
  else target.ipv4_secondaries = [...((target.ipv4_secondaries as Info[]) ?? []), entry]
  if (addr.secondary && label !== link.device) {
    link.info.ipv4_secondaries = [...((link.info.ipv4_secondaries as Info[]) ?? []), entry]
  }
  if (defaultV4.address === addr.local) {
    const { address: _address, ...rest } = entry
    Object.assign(defaultV4, rest, { macaddress: link.mac, mtu: link.info.mtu, type: link.info.type ?? 'unknown', alias: label })
  }
  if (!addr.local.startsWith('127.')) all.allV4.push(addr.local)
}

function addIpv6(link: LinkContext, addr: AddrInfo, defaultV6: Info, all: { allV6: string[] }): void {
  const entry = { address: addr.local, prefix: String(addr.prefixlen), scope: addr.scope ?? '' }
  link.info.ipv6 = [...((link.info.ipv6 as Info[]) ?? []), entry]
  if (defaultV6.address === addr.local) {
    Object.assign(defaultV6, { prefix: entry.prefix, scope: entry.scope, macaddress: link.mac, mtu: link.info.mtu, type: link.info.type ?? 'unknown' })
  }
  if (addr.local !== '::1') all.allV6.push(addr.local)
}
