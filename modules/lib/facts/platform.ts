// platform: kernel, machine and host names.
import type { FactCollector, Facts, Sections } from './collector.js'

export const platformCollector: FactCollector = {
  name: 'platform',
  group: 'min',
  sections: {
    uname: 'uname -s; uname -r; uname -v; uname -m; uname -n',
    // Python's socket.getfqdn(): the names of the address the host name resolves to.
    fqdn: 'getent hosts "$(uname -n)" | { read -r ip rest && getent hosts "$ip"; } | head -n 1',
    machine_id: 'cat /etc/machine-id || cat /var/lib/dbus/machine-id',
    long_bit: 'getconf LONG_BIT',
  },
  collect(s: Sections): Facts {
    const [system = '', kernel = '', kernelVersion = '', machine = '', nodename = ''] = (s.get('uname') ?? '').split('\n')
    const fqdn = pickFqdn(s.get('fqdn'), nodename)
    const facts: Facts = {
      system,
      kernel,
      kernel_version: kernelVersion,
      machine,
      architecture: /^i[3-6]86$/.test(machine) ? 'i386' : machine,
      nodename,
      hostname: nodename.split('.')[0],
      fqdn,
      domain: fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '',
    }
    const bits = s.get('long_bit')?.trim()
    if (bits) {
      facts.userspace_bits = bits
      facts.userspace_architecture = machine === 'x86_64' && bits === '32' ? 'i386' : machine
    }
    const machineId = s.get('machine_id')?.trim()
    if (machineId) facts.machine_id = machineId
    return facts
  },
}

/** The first name with a dot among the canonical name and aliases, else the canonical name. */
export function pickFqdn(hostsLine: string | undefined, nodename: string): string {
  const names = (hostsLine ?? '').trim().split(/\s+/).slice(1)
  if (names.length === 0) return nodename
  return names.find((n) => n.includes('.')) ?? names[0]!
}
