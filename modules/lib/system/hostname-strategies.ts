// How each kind of system keeps its host name, as ansible-core's hostname module
// reads and writes it: hostnamectl on systemd, /etc/hostname on Debian-like systems,
// HOSTNAME= in /etc/sysconfig/network on Red Hat-like ones, and so on.
import type { Host } from '../../../engine/module.js'
import { readIfExists } from './target.js'

export interface HostnameStrategy {
  current(host: Host): Promise<string>
  permanent(host: Host): Promise<string>
  /** Each setter resolves to an error message, or undefined when it worked. */
  setCurrent(host: Host, name: string): Promise<string | undefined>
  setPermanent(host: Host, name: string): Promise<string | undefined>
  /** Set the permanent name before the running one (NetworkManager wants that order). */
  permanentFirst?: boolean
}

export class HostnameError extends Error {}

async function run(host: Host, argv: string[]): Promise<{ out: string; error?: string }> {
  const r = await host.exec(argv)
  if (r.rc !== 0) return { out: r.stdout, error: `Command failed rc=${r.rc}, out=${r.stdout}, err=${r.stderr}` }
  return { out: r.stdout.trim() }
}

async function runOrThrow(host: Host, argv: string[]): Promise<string> {
  const r = await run(host, argv)
  if (r.error) throw new HostnameError(r.error)
  return r.out
}

const tooLong = (name: string) => (name.length > 64 ? 'name cannot be longer than 64 characters on systemd servers, try a shorter name' : undefined)

const systemd: HostnameStrategy = {
  current: (host) => runOrThrow(host, ['hostnamectl', '--transient', 'status']),
  permanent: (host) => runOrThrow(host, ['hostnamectl', '--static', 'status']),
  setCurrent: async (host, name) => tooLong(name) ?? (await run(host, ['hostnamectl', '--transient', 'set-hostname', name])).error,
  setPermanent: async (host, name) => tooLong(name) ?? (await run(host, ['hostnamectl', '--pretty', '--static', 'set-hostname', name])).error,
  permanentFirst: true,
}

/** The name is a file's whole (stripped) content; the running name is not touched. */
function fileStrategy(file: string, afterWrite?: string[]): HostnameStrategy {
  const permanent = async (host: Host) => ((await readIfExists(host, file)) ?? '').trim()
  return {
    current: permanent,
    permanent,
    setCurrent: async (host) => (afterWrite ? (await run(host, afterWrite)).error : undefined),
    setPermanent: async (host, name) => {
      await host.write(file, `${name}\n`)
      return undefined
    },
  }
}

const NETWORK_FILE = '/etc/sysconfig/network'

const redhat: HostnameStrategy = {
  current: (host) => redhat.permanent(host),
  permanent: async (host) => {
    const content = await readIfExists(host, NETWORK_FILE)
    if (content === undefined) throw new HostnameError(`failed to read hostname: [Errno 2] No such file or directory: '${NETWORK_FILE}'`)
    const line = content.split('\n').map((l) => l.trim()).find((l) => l.startsWith('HOSTNAME'))
    if (line === undefined) throw new HostnameError(`Unable to locate HOSTNAME entry in ${NETWORK_FILE}`)
    return line.slice(line.indexOf('=') + 1).trim()
  },
  setCurrent: async () => undefined,
  setPermanent: async (host, name) => {
    const lines = ((await readIfExists(host, NETWORK_FILE)) ?? '').match(/[^\n]*\n|[^\n]+$/g) ?? []
    let found = false
    const updated = lines.map((line) => {
      if (!line.trim().startsWith('HOSTNAME')) return line
      found = true
      return `HOSTNAME=${name}\n`
    })
    if (!found) updated.push(`HOSTNAME=${name}\n`)
    await host.write(NETWORK_FILE, updated.join(''))
    return undefined
  },
}

const OPENRC_FILE = '/etc/conf.d/hostname'

const openrc: HostnameStrategy = {
  current: (host) => openrc.permanent(host),
  permanent: async (host) => {
    const line = ((await readIfExists(host, OPENRC_FILE)) ?? '').split('\n').map((l) => l.trim()).find((l) => l.startsWith('hostname='))
    return line === undefined ? '' : line.slice('hostname='.length).replace(/^"+|"+$/g, '')
  },
  setCurrent: async () => undefined,
  setPermanent: async (host, name) => {
    const lines = ((await readIfExists(host, OPENRC_FILE)) ?? '').split('\n').map((l) => l.trim())
    if (lines.at(-1) === '') lines.pop()
    const at = lines.findIndex((l) => l.startsWith('hostname='))
    if (at >= 0) lines[at] = `hostname="${name}"`
    await host.write(OPENRC_FILE, `${lines.join('\n')}\n`)
    return undefined
  },
}

/** The running name through `hostname`, the boot name in /etc/hostname. */
const generic: HostnameStrategy = {
  current: (host) => runOrThrow(host, ['hostname']),
  permanent: fileStrategy('/etc/hostname').permanent,
  setCurrent: async (host, name) => (await run(host, ['hostname', name])).error,
  setPermanent: fileStrategy('/etc/hostname').setPermanent,
}

export const STRATEGIES: Record<string, HostnameStrategy> = {
  systemd,
  debian: systemd, // as in ansible-core: use=debian means hostnamectl
  file: fileStrategy('/etc/hostname'),
  alpine: fileStrategy('/etc/hostname', ['hostname', '-F', '/etc/hostname']),
  sles: fileStrategy('/etc/HOSTNAME'),
  redhat,
  openrc,
  generic,
}

/** os-release IDs and the strategy ansible-core's platform classes give them. */
const BY_DISTRIBUTION: Record<string, string> = {
  debian: 'file', ubuntu: 'file', kali: 'file', linuxmint: 'file', raspbian: 'file', devuan: 'file', deepin: 'file',
  uos: 'file', parrot: 'file', neon: 'file', pop: 'file', void: 'file', kylin: 'file', 'cumulus-linux': 'file',
  rhel: 'redhat', centos: 'redhat', anolis: 'redhat', cloudlinux: 'redhat', alinux: 'redhat', scientific: 'redhat',
  ol: 'redhat', virtuozzo: 'redhat', amzn: 'redhat', altlinux: 'redhat', eurolinux: 'redhat',
  alpine: 'alpine', gentoo: 'openrc', sles: 'sles', sled: 'sles',
}

/** The strategy for a distribution (by /etc/os-release), or undefined when ansible-core has none. */
export async function distributionStrategy(host: Host): Promise<{ strategy?: HostnameStrategy; distribution: string }> {
  const osRelease = (await readIfExists(host, '/etc/os-release')) ?? ''
  const field = (key: string) => new RegExp(`^${key}=("?)([^"\\n]*)\\1$`, 'm').exec(osRelease)?.[2]
  const id = (field('ID') ?? '').toLowerCase()
  const name = field('NAME') ?? id
  const key = BY_DISTRIBUTION[id]
  if (key === 'sles') {
    const version = parseFloat(field('VERSION_ID') ?? '')
    if (!(version >= 10 && version <= 12)) return { distribution: name }
  }
  return { strategy: key ? STRATEGIES[key] : undefined, distribution: name }
}
