// network: interfaces (from /sys/class/net and `ip -j addr`), their addresses, and
// the default IPv4/IPv6 routes, shaped as Ansible's Linux network facts.
import type { FactCollector, Facts, Sections } from './collector.js'
import { buildInterfaces, type AddrInfo, type IpLink, type SysInterface } from './interfaces.js'

const SYS_NET_SCRIPT = `for d in /sys/class/net/*; do
  [ -d "$d" ] || continue
  printf 'iface=%s\\n' "\${d##*/}"
  for a in address mtu operstate type flags speed; do
    v=$(cat "$d/$a" 2>/dev/null) && printf '%s=%s\\n' "$a" "$v"
  done
  [ -e "$d/device" ] && printf 'pciid=%s\\n' "$(basename "$(readlink "$d/device")")"
  [ -e "$d/device/driver/module" ] && printf 'module=%s\\n' "$(basename "$(readlink -f "$d/device/driver/module")")"
  if [ -d "$d/bridge" ]; then
    printf 'bridge_id=%s\\nstp_state=%s\\nbrif=%s\\n' "$(cat "$d/bridge/bridge_id")" "$(cat "$d/bridge/stp_state")" "$(ls "$d/brif" | tr '\\n' ' ')"
  fi
  if [ -d "$d/bonding" ]; then
    for a in slaves mode miimon lacp_rate primary all_slaves_active; do printf 'bond_%s=%s\\n' "$a" "$(cat "$d/bonding/$a")"; done
  fi
  [ -d "$d/bonding_slave" ] && printf 'perm_hwaddr=%s\\n' "$(cat "$d/bonding_slave/perm_hwaddr")"
done`

// The addresses Ansible asks the routing table about, to find the default interfaces.
const V4_PROBE = '8.8.8.8'
const V6_PROBE = '2404:6800:400a:800::1012'

export const networkCollector: FactCollector = {
  name: 'network',
  group: 'network',
  sections: {
    ip_addr: 'ip -j addr show',
    sys_net: SYS_NET_SCRIPT,
    route4: `ip -4 route get ${V4_PROBE}`,
    route6: `ip -6 route get ${V6_PROBE}`,
  },
  collect: (s) => networkFacts(s),
}

export function networkFacts(s: Sections): Facts {
  const links = parseIpJson(s.get('ip_addr'))
  if (!links) return {}
  const defaultV4 = defaultRoute(s.get('route4'), V4_PROBE)
  const defaultV6 = defaultRoute(s.get('route6'), V6_PROBE)
  const { interfaces, allV4, allV6 } = buildInterfaces(parseSysNet(s.get('sys_net') ?? ''), links, defaultV4, defaultV6)
  const facts: Facts = { interfaces: Object.keys(interfaces) }
  for (const [name, info] of Object.entries(interfaces)) facts[name] = info
  facts.default_ipv4 = defaultV4
  facts.default_ipv6 = defaultV6
  facts.all_ipv4_addresses = allV4
  facts.all_ipv6_addresses = allV6
  return facts
}

function parseIpJson(text: string | undefined): IpLink[] | undefined {
  if (!text) return undefined
  try {
    const links = JSON.parse(text) as IpLink[]
    return Array.isArray(links) ? links.map((l) => ({ ...l, addr_info: (l.addr_info ?? []) as AddrInfo[] })) : undefined
  } catch {
    return undefined
  }
}

export function parseSysNet(text: string): SysInterface[] {
  const out: SysInterface[] = []
  let current: SysInterface | undefined
  for (const line of text.split('\n')) {
    const at = line.indexOf('=')
    if (at < 0) continue
    const key = line.slice(0, at)
    const value = line.slice(at + 1)
    if (key === 'iface') out.push((current = { name: value, attrs: new Map() }))
    else current?.attrs.set(key, value)
  }
  return out
}

/** interface, address and gateway from `ip route get`, when it answered for the probe address. */
export function defaultRoute(text: string | undefined, probe: string): Record<string, unknown> {
  const words = (text ?? '').split('\n')[0]!.trim().split(/\s+/)
  const route: Record<string, unknown> = {}
  if (words[0] !== probe) return route
  for (let i = 0; i < words.length - 1; i++) {
    if (words[i] === 'dev') route.interface = words[i + 1]
    else if (words[i] === 'src') route.address = words[i + 1]
    else if (words[i] === 'via' && words[i + 1] !== probe) route.gateway = words[i + 1]
  }
  return route
}
