// Which service manager and which package manager the target uses.
import type { FactCollector, Facts, Sections } from './collector.js'

const PROC_1_NAMES: Record<string, string> = {
  procd: 'openwrt_init',
  'runit-init': 'runit',
  svscan: 'svc',
  'openrc-init': 'openrc',
}

export const serviceMgrCollector: FactCollector = {
  name: 'service_mgr',
  group: 'min',
  sections: {
    proc1: 'cat /proc/1/comm',
    init_hints: `for d in /run/systemd/system /dev/.run/systemd /dev/.systemd; do [ -d "$d" ] && echo systemd_running; done
command -v initctl >/dev/null && [ -d /etc/init ] && echo upstart
[ -e /sbin/openrc ] && echo openrc
[ -L /sbin/init ] && printf 'sbin_init=%s\\n' "$(readlink /sbin/init)"
[ -d /etc/init.d ] && echo sysvinit`,
  },
  collect: (s) => ({ service_mgr: serviceManager(s) }),
}

/** systemd only when pid 1 is systemd (a container whose pid 1 is a shell is not managed by it). */
export function serviceManager(s: Sections): string {
  let proc1 = s.get('proc1')?.trim()
  if (proc1 !== undefined && (proc1 === 'init' || proc1.endsWith('sh'))) proc1 = undefined
  if (proc1) return Object.hasOwn(PROC_1_NAMES, proc1) ? PROC_1_NAMES[proc1]! : proc1
  const hints = (s.get('init_hints') ?? '').split('\n')
  if (hints.includes('systemd_running')) return 'systemd'
  if (hints.includes('upstart')) return 'upstart'
  if (hints.includes('openrc')) return 'openrc'
  if (hints.some((h) => h.startsWith('sbin_init=') && h.endsWith('systemd'))) return 'systemd'
  if (hints.includes('sysvinit')) return 'sysvinit'
  return 'service'
}

// The order matters: when several exist, the last one found wins (then the family decides).
const PACKAGE_MANAGERS: [string, string][] = [
  ['/usr/bin/rpm-ostree', 'atomic_container'],
  ['/usr/bin/yum', 'yum'],
  ['/usr/bin/dnf', 'dnf'],
  ['/usr/bin/apt-get', 'apt'],
  ['/usr/bin/zypper', 'zypper'],
  ['/usr/sbin/urpmi', 'urpmi'],
  ['/usr/bin/pacman', 'pacman'],
  ['/bin/opkg', 'opkg'],
  ['/sbin/apk', 'apk'],
  ['/usr/bin/emerge', 'portage'],
  ['/usr/bin/xbps-install', 'xbps'],
  ['/usr/bin/swupd', 'swupd'],
]

export const pkgMgrCollector: FactCollector = {
  name: 'pkg_mgr',
  group: 'min',
  sections: {
    pkg_paths: `for p in ${PACKAGE_MANAGERS.map(([path]) => path).join(' ')} /run/ostree-booted; do [ -e "$p" ] && echo "$p"; done`,
  },
  collect: (s, earlier) => ({ pkg_mgr: packageManager(s, earlier) }),
}

export function packageManager(s: Sections, earlier: Facts): string {
  const present = new Set((s.get('pkg_paths') ?? '').split('\n'))
  let name = 'unknown'
  for (const [path, manager] of PACKAGE_MANAGERS) if (present.has(path)) name = manager
  const family = earlier.os_family
  if (family === 'Debian') return 'apt'
  if (family !== 'RedHat') return name
  if (present.has('/run/ostree-booted')) return 'atomic_container'
  const major = parseInt(String(earlier.distribution_major_version), 10)
  if (earlier.distribution === 'Fedora') return major < 23 && present.has('/usr/bin/yum') ? 'yum' : 'dnf'
  if (earlier.distribution === 'Amazon') return major < 2022 && present.has('/usr/bin/yum') ? 'yum' : 'dnf'
  return major < 8 ? 'yum' : 'dnf'
}
