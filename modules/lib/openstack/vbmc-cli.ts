// VirtualBMC's `vbmc` client on the target: reading one BMC's settings (`vbmc show -f
// json`, which masks passwords) and the config file VirtualBMC keeps per domain (the only
// place the stored password can be compared), and running the add/start/stop/delete
// commands. Every value travels as its own argv word.
import type { ExecResult } from '../../../engine/connection/connection.js'
import type { Host } from '../../../engine/module.js'

/** What VirtualBMC stores for one domain (password only when it could be read). */
export interface BmcSettings {
  domain: string
  address: string
  port: number
  username: string
  libvirt_uri: string
  /** running, down or error (vbmcd's view of the BMC process). */
  status: string
  active: boolean
  /** undefined: masked by vbmc and not readable from the config file. */
  password?: string
}

/** The wanted settings of a BMC. */
export interface BmcSpec {
  domain: string
  address: string
  port: number
  username: string
  password: string
  libvirt_uri: string
}

export class VbmcCommandError extends Error {
  constructor(
    message: string,
    readonly result: ExecResult,
  ) {
    super(message)
  }
}

const NOT_FOUND = /No domain with matching name/

/** Run one vbmc sub-command; a non-zero exit becomes a VbmcCommandError naming what failed. */
export async function runVbmc(host: Host, bin: string, args: string[]): Promise<ExecResult> {
  const r = await host.exec([bin, ...args])
  if (r.rc === 0) return r
  const detail = (r.stderr || r.stdout).trim() || `exit code ${r.rc}`
  if (r.rc === 127) throw new VbmcCommandError(`${bin} was not found on the target (${detail}); install VirtualBMC or set vbmc_bin to its path (e.g. a virtualenv's bin/vbmc)`, r)
  throw new VbmcCommandError(`vbmc ${args[0]} failed: ${detail}`, r)
}

/** `vbmc show DOMAIN -f json` as settings, or undefined when VirtualBMC has no such domain. */
export async function showBmc(host: Host, bin: string, domain: string): Promise<BmcSettings | undefined> {
  let r: ExecResult
  try {
    r = await runVbmc(host, bin, ['show', domain, '-f', 'json'])
  } catch (e) {
    if (e instanceof VbmcCommandError && NOT_FOUND.test(e.result.stderr + e.result.stdout)) return undefined
    throw e
  }
  const rows = parseJsonRows(r, 'vbmc show')
  const props = new Map(rows.map((row) => [String(row.Property), row.Value]))
  const text = (key: string) => (props.get(key) === null || props.get(key) === undefined ? '' : String(props.get(key)))
  const password = text('password')
  return {
    domain,
    address: text('address'),
    port: Number(props.get('port')),
    username: text('username'),
    libvirt_uri: text('libvirt_uri'),
    status: text('status'),
    active: text('active').toLowerCase() === 'true',
    password: password === '***' ? undefined : password,
  }
}

function parseJsonRows(r: ExecResult, what: string): Record<string, unknown>[] {
  try {
    const rows = JSON.parse(r.stdout) as unknown
    if (Array.isArray(rows)) return rows as Record<string, unknown>[]
  } catch {
    // fall through to the error below
  }
  throw new VbmcCommandError(`${what} -f json printed something that is not a JSON list: ${r.stdout.slice(0, 200)}`, r)
}

/** The password in <config_dir>/<domain>/config ([VirtualBMC] password = …), if readable. */
export async function storedPassword(host: Host, configDir: string, domain: string): Promise<string | undefined> {
  let text: string
  try {
    text = await host.read(`${configDir.replace(/\/+$/, '')}/${domain}/config`)
  } catch {
    return undefined
  }
  let inSection = false
  for (const line of text.split('\n')) {
    const header = /^\[(.+)\]\s*$/.exec(line)
    if (header) inSection = header[1] === 'VirtualBMC'
    const entry = /^password\s*[=:]\s?(.*)$/.exec(line)
    if (inSection && entry) return entry[1]!.trimEnd()
  }
  return undefined
}

/** VirtualBMC's default config folder: ~/.vbmc of the user vbmc runs as. */
export async function defaultConfigDir(host: Host): Promise<string | undefined> {
  const r = await host.exec(['sh', '-c', 'printf %s "$HOME"'])
  return r.rc === 0 && r.stdout.startsWith('/') ? `${r.stdout.replace(/\/+$/, '')}/.vbmc` : undefined
}

export function addArgs(spec: BmcSpec): string[] {
  return [
    'add', spec.domain,
    '--port', String(spec.port),
    '--address', spec.address,
    '--username', spec.username,
    '--password', spec.password,
    '--libvirt-uri', spec.libvirt_uri,
  ]
}
