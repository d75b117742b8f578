// Inventory variables and ansible.cfg settings → SshOptions, the way Ansible's ssh
// plugin builds its ssh command and OpenSSH then reads it. Ansible puts ssh_args
// first, then its own `-o` options (port, user, key, timeout, host key checking), then
// ssh_common_args and ssh_extra_args; ssh keeps the first value it sees for each
// option and only then consults ~/.ssh/config (or the file of -F) for the rest.
import type { SettingValues } from '../config.js'
import { ParseError } from '../errors.js'
import type { HostKeyChecking } from './ssh-host-keys.js'
import { ansibleBool } from '../util/boolean.js'
import { parseSshArgs } from './ssh-args.js'
import { configList, configValue, defaultSshConfigFiles, expandPath, sshConfigFor } from './ssh-config.js'
import type { SshOptions } from './ssh-settings.js'

export type { SshOptions } from './ssh-settings.js'

export type SshSettings = Pick<
  SettingValues,
  'remoteUser' | 'remotePort' | 'privateKeyFile' | 'timeout' | 'hostKeyChecking' | 'sshArgs' | 'sshCommonArgs' | 'sshExtraArgs' | 'reconnectionRetries'
>

/** Options in command-line order: the first value of a keyword wins, IdentityFile accumulates. */
type Ordered = [key: string, value: string][]

export function sshOptionsFor(vars: Record<string, unknown>, settings: SshSettings): SshOptions {
  const name = stringVar(vars, 'inventory_hostname') ?? 'localhost'
  const destination = stringVar(vars, 'ansible_host', 'ansible_ssh_host') ?? name
  const ordered: Ordered = []
  let configFile: string | undefined
  const addArgs = (text: string | undefined, where: string): void => {
    if (!text) return
    const parsed = parseSshArgs(text, where)
    ordered.push(...parsed.options)
    configFile = parsed.configFile ?? configFile
  }
  addArgs(stringVar(vars, 'ansible_ssh_args') ?? settings.sshArgs, 'ansible_ssh_args')
  ordered.push(...ansibleOwnOptions(vars, settings))
  addArgs(stringVar(vars, 'ansible_ssh_common_args') ?? settings.sshCommonArgs, 'ansible_ssh_common_args')
  addArgs(stringVar(vars, 'ansible_ssh_extra_args') ?? settings.sshExtraArgs, 'ansible_ssh_extra_args')
  const files = configFile ? [expandPath(configFile, { host: destination, user: '', port: 22, originalHost: destination })] : defaultSshConfigFiles()
  const options = optionsFromSources(destination, name, ordered, files, settings, ansibleBool(hostKeyCheckingVar(vars, settings)))
  const password = stringVar(vars, 'ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password')
  if (password !== undefined) options.password = password
  return options
}

/** The `-o` options Ansible adds itself, from inventory variables and ansible.cfg. */
function ansibleOwnOptions(vars: Record<string, unknown>, settings: SshSettings): Ordered {
  const own: Ordered = []
  if (!ansibleBool(hostKeyCheckingVar(vars, settings))) own.push(['stricthostkeychecking', 'no'])
  const port = stringVar(vars, 'ansible_port', 'ansible_ssh_port') ?? (settings.remotePort === undefined ? undefined : String(settings.remotePort))
  if (port !== undefined) own.push(['port', port])
  const key = stringVar(vars, 'ansible_ssh_private_key_file', 'ansible_private_key_file') ?? settings.privateKeyFile
  if (key !== undefined) own.push(['identityfile', key])
  const user = stringVar(vars, 'ansible_user', 'ansible_ssh_user') ?? settings.remoteUser
  if (user !== undefined) own.push(['user', user])
  own.push(['connecttimeout', stringVar(vars, 'ansible_ssh_timeout', 'ansible_timeout') ?? String(settings.timeout)])
  return own
}

type Lookup = (key: string) => string | undefined

const MULTI_WORD = new Set(['userknownhostsfile', 'globalknownhostsfile'])
type PathContext = Parameters<typeof expandPath>[1]

/** Command-line options first, then the config file's values, then OpenSSH's defaults. */
function optionsFromSources(destination: string, name: string, ordered: Ordered, files: string[], settings: SshSettings, checkKeys: boolean, depth = 0): SshOptions {
  const config = sshConfigFor(destination, files)
  // Keywords that take several words (UserKnownHostsFile a b) come back from the config as lists.
  const first: Lookup = (key) => ordered.find(([k]) => k === key)?.[1] ?? (MULTI_WORD.has(key) ? configList(config, key).join(' ') || undefined : configValue(config, key))
  const host = (first('hostname') ?? destination).replaceAll('%h', destination)
  const port = first('port') === undefined ? 22 : parsePort(first('port')!, destination)
  const user = first('user')
  const ctx: PathContext = { host, user: user ?? '', port, originalHost: destination }
  const options: SshOptions = { host, port, name, ...trustOptions(first, ctx, checkKeys, destination), ...tuningOptions(first, ctx, settings) }
  if (user !== undefined) options.user = user
  const identities = [...ordered.filter(([k]) => k === 'identityfile').map(([, v]) => v), ...configList(config, 'identityfile')]
  if (identities.length) options.privateKeyFiles = identities.map((f) => expandPath(f, ctx))
  const proxyCommand = first('proxycommand')
  if (proxyCommand !== undefined && proxyCommand !== 'none') {
    throw new ParseError(`ProxyCommand is not supported by tsplay's ssh transport (host ${destination}: ${proxyCommand})`, {
      hint: 'reach the host through a jump host instead: -o ProxyJump=user@jumphost, or ProxyJump in ~/.ssh/config',
    })
  }
  const jump = first('proxyjump')
  if (jump !== undefined && jump !== 'none') options.proxyJump = jumpChain(jump, files, settings, depth)
  return options
}

/** Host key checking and where the known keys are. */
function trustOptions(first: Lookup, ctx: PathContext, checkKeys: boolean, destination: string): Partial<SshOptions> {
  const trust: Partial<SshOptions> = { hostKeyChecking: checkKeys ? hostKeyChecking(first('stricthostkeychecking'), destination) : 'no' }
  const known = first('userknownhostsfile')
  if (known !== undefined) trust.knownHostsFiles = knownHostsList(known, ctx)
  const globalKnown = first('globalknownhostsfile')
  if (globalKnown !== undefined) trust.globalKnownHostsFiles = knownHostsList(globalKnown, ctx)
  const alias = first('hostkeyalias')
  if (alias !== undefined) trust.hostKeyAlias = alias
  return trust
}

/** Timeouts, keepalives, retries and the agent. */
function tuningOptions(first: Lookup, ctx: PathContext, settings: SshSettings): Partial<SshOptions> {
  const seconds = (key: string): number | undefined => (first(key) === undefined ? undefined : Number(first(key)) * 1000)
  const tuning: Partial<SshOptions> = {}
  if (seconds('connecttimeout')) tuning.connectTimeoutMs = seconds('connecttimeout')
  if (seconds('serveraliveinterval') !== undefined) tuning.keepaliveIntervalMs = seconds('serveraliveinterval')
  if (first('serveralivecountmax') !== undefined) tuning.keepaliveCountMax = Number(first('serveralivecountmax'))
  const agent = first('identityagent')
  if (agent !== undefined) tuning.agentSocket = agent === 'none' ? false : agent === 'SSH_AUTH_SOCK' ? (process.env.SSH_AUTH_SOCK ?? false) : expandPath(agent, ctx)
  const attempts = first('connectionattempts')
  tuning.reconnectionRetries = attempts !== undefined ? Math.max(0, Number(attempts) - 1) : settings.reconnectionRetries
  return tuning
}

/** `[user@]host[:port],…` (or ssh:// URIs); each hop gets its own ssh_config settings. */
function jumpChain(spec: string, files: string[], settings: SshSettings, depth: number): SshOptions[] {
  if (depth > 8) throw new ParseError(`ProxyJump chain is too deep (a loop?): ${spec}`)
  return spec.split(',').flatMap((hop, index) => {
    const m = /^(?:ssh:\/\/)?(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hop.trim())
    if (!m) throw new ParseError(`cannot read the jump host '${hop}' in ProxyJump=${spec}`, { hint: 'write it as [user@]host[:port]' })
    const jumpHost = m[2]!.replace(/^\[|\]$/g, '')
    const ordered: Ordered = []
    if (m[1]) ordered.push(['user', m[1]])
    if (m[3]) ordered.push(['port', m[3]])
    // Only the first hop may itself need a jump (ssh -J a,b reaches b through a).
    const own: Ordered = index === 0 ? ordered : [...ordered, ['proxyjump', 'none']]
    const options = optionsFromSources(jumpHost, jumpHost, own, files, settings, settings.hostKeyChecking, depth + 1)
    const before = options.proxyJump ?? []
    delete options.proxyJump
    return [...before, options]
  })
}

function hostKeyCheckingVar(vars: Record<string, unknown>, settings: SshSettings): unknown {
  return vars.ansible_ssh_host_key_checking ?? vars.ansible_host_key_checking ?? settings.hostKeyChecking
}

function hostKeyChecking(value: string | undefined, host: string): HostKeyChecking {
  switch ((value ?? 'ask').toLowerCase()) {
    case 'no':
    case 'off':
      return 'no'
    case 'accept-new':
      return 'accept-new'
    case 'yes':
    case 'ask':
      return 'yes'
    default:
      throw new ParseError(`StrictHostKeyChecking=${value} for ${host} is not one of yes, no, accept-new, ask`)
  }
}

function knownHostsList(value: string, ctx: PathContext): string[] {
  return value === 'none' ? [] : value.split(/\s+/).filter(Boolean).map((f) => expandPath(f, ctx))
}

function parsePort(value: string, host: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ParseError(`bad ssh port '${value}' for ${host}`)
  return port
}

function stringVar(vars: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = vars[n]
    if (v !== undefined && v !== null && v !== '') return String(v)
  }
  return undefined
}
