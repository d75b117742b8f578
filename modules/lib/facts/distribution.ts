// distribution and lsb: which Linux distribution, which version, which family.
import { keyValueLines, parseOsRelease, type FactCollector, type Facts, type Sections } from './collector.js'

/** os-release ID → the name Ansible reports. */
const DISTRIBUTION_NAMES: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  raspbian: 'Debian',
  linuxmint: 'Linux Mint',
  kali: 'Kali',
  devuan: 'Devuan',
  pop: 'Pop!_OS',
  rhel: 'RedHat',
  centos: 'CentOS',
  fedora: 'Fedora',
  rocky: 'Rocky',
  almalinux: 'AlmaLinux',
  ol: 'OracleLinux',
  amzn: 'Amazon',
  cloudlinux: 'CloudLinux',
  virtuozzo: 'Virtuozzo',
  openEuler: 'openEuler',
  sles: 'SLES',
  sles_sap: 'SLES_SAP',
  'opensuse-leap': 'openSUSE Leap',
  'opensuse-tumbleweed': 'openSUSE Tumbleweed',
  arch: 'Archlinux',
  manjaro: 'Manjaro',
  alpine: 'Alpine',
  gentoo: 'Gentoo',
  'clear-linux-os': 'Clear Linux OS',
}

const OS_FAMILIES: Record<string, string[]> = {
  RedHat: ['RedHat', 'RHEL', 'Fedora', 'CentOS', 'Scientific', 'OracleLinux', 'Amazon', 'Virtuozzo', 'CloudLinux', 'AlmaLinux', 'Rocky', 'openEuler', 'EuroLinux'],
  Debian: ['Debian', 'Ubuntu', 'Raspbian', 'Linux Mint', 'Devuan', 'Kali', 'Pop!_OS', 'Neon', 'KDE neon', 'SteamOS', 'Parrot', 'Deepin'],
  Suse: ['SuSE', 'SLES', 'SLED', 'openSUSE', 'openSUSE Tumbleweed', 'SLES_SAP', 'SUSE_LINUX', 'openSUSE Leap'],
  Archlinux: ['Archlinux', 'Antergos', 'Manjaro'],
  Gentoo: ['Gentoo', 'Funtoo'],
  Alpine: ['Alpine'],
  ClearLinux: ['Clear Linux OS', 'Clear Linux Mix'],
}

export function osFamily(distribution: string): string {
  for (const [family, names] of Object.entries(OS_FAMILIES)) if (names.includes(distribution)) return family
  return distribution
}

export const distributionCollector: FactCollector = {
  name: 'distribution',
  group: 'min',
  sections: {
    os_release: 'cat /etc/os-release || cat /usr/lib/os-release',
    debian_version: 'cat /etc/debian_version',
    redhat_release: 'cat /etc/redhat-release',
    alpine_release: 'cat /etc/alpine-release',
  },
  collect: (s) => distributionFacts(s),
}

export function distributionFacts(s: Sections): Facts {
  const os = parseOsRelease(s.get('os_release'))
  const id = os.get('ID') ?? ''
  const distribution = Object.hasOwn(DISTRIBUTION_NAMES, id) ? DISTRIBUTION_NAMES[id]! : os.get('NAME')?.split(' ')[0] || 'Linux'
  const version = distributionVersion(distribution, os, s)
  const [major = '', minor] = version.split('.')
  const facts: Facts = {
    distribution,
    distribution_version: version,
    distribution_major_version: major,
    distribution_release: distributionRelease(distribution, os, s),
    os_family: osFamily(distribution),
  }
  if (minor !== undefined) facts.distribution_minor_version = minor
  return facts
}

function distributionVersion(distribution: string, os: Map<string, string>, s: Sections): string {
  const debian = s.get('debian_version')?.trim()
  // Debian's point release ("12.11") is only in /etc/debian_version.
  if (distribution === 'Debian' && debian && /^\d+(\.\d+)*$/.test(debian)) return debian
  if (distribution === 'Alpine' && s.get('alpine_release')) return s.get('alpine_release')!.trim()
  return os.get('VERSION_ID') ?? ''
}

function distributionRelease(distribution: string, os: Map<string, string>, s: Sections): string {
  const codename = os.get('VERSION_CODENAME') ?? os.get('UBUNTU_CODENAME')
  if (codename) return codename
  const redhat = s.get('redhat_release')
  const inParens = redhat ? /\(([^)]+)\)/.exec(redhat) : null
  if (inParens) return inParens[1]!
  if (redhat && /Stream/.test(redhat)) return 'Stream'
  const versionText = /\(([^)]+)\)/.exec(os.get('VERSION') ?? '')
  if (versionText) return versionText[1]!
  return distribution === 'Fedora' ? '' : 'NA'
}

const LSB_COMMAND_KEYS = new Map([['Distributor ID', 'id'], ['Description', 'description'], ['Release', 'release'], ['Codename', 'codename']])
const LSB_FILE_KEYS = new Map([['DISTRIB_ID', 'id'], ['DISTRIB_RELEASE', 'release'], ['DISTRIB_DESCRIPTION', 'description'], ['DISTRIB_CODENAME', 'codename']])

export const lsbCollector: FactCollector = {
  name: 'lsb',
  group: 'min',
  sections: {
    lsb_release: 'command -v lsb_release >/dev/null && lsb_release -a',
    lsb_file: 'cat /etc/lsb-release',
  },
  collect(s: Sections): Facts {
    const fromCommand = keyValueLines(s.get('lsb_release'), ':')
    const [source, names] = fromCommand.size ? [fromCommand, LSB_COMMAND_KEYS] : [parseOsRelease(s.get('lsb_file')), LSB_FILE_KEYS]
    const lsb: Record<string, string> = {}
    for (const [key, value] of source) {
      const name = names.get(key)
      if (name) lsb[name] = value
    }
    if (lsb.release) lsb.major_release = lsb.release.split('.')[0]!
    return { lsb }
  },
}
