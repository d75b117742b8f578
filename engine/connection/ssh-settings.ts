// The options of one SSH connection, and their defaults (OpenSSH's where it has one).
import { homedir, userInfo } from 'node:os'
import { join } from 'node:path'
import type { ClientSettings } from './ssh-client.js'
import type { HostKeyChecking } from './ssh-host-keys.js'

export interface SshOptions {
  /** Address or DNS name to connect to. */
  host: string
  port?: number
  /** Login user; default: the local user. */
  user?: string
  /** The inventory name, for messages; default: host. */
  name?: string
  /** Identity files tried in order; default: ~/.ssh/id_rsa, id_ecdsa, id_ed25519, id_dsa if present. */
  privateKeyFiles?: string[]
  /** Passphrase of encrypted identity files. */
  passphrase?: string
  password?: string
  /** Asks the user for an encrypted identity file's passphrase when none given opens it. */
  askPassphrase?: (file: string) => Promise<string | undefined>
  /** ssh-agent socket; default $SSH_AUTH_SOCK; false leaves the agent out. */
  agentSocket?: string | false
  /** Default 'yes' (OpenSSH's 'ask' cannot ask here, so it refuses like 'yes'). */
  hostKeyChecking?: HostKeyChecking
  /** The user's known_hosts files; default ~/.ssh/known_hosts and ~/.ssh/known_hosts2. */
  knownHostsFiles?: string[]
  /** Default /etc/ssh/ssh_known_hosts and /etc/ssh/ssh_known_hosts2. */
  globalKnownHostsFiles?: string[]
  hostKeyAlias?: string
  /** TCP connect + key exchange + login; default 10 s (Ansible's timeout). */
  connectTimeoutMs?: number
  /** SSH keepalive probe interval; 0 turns probes off. Default 15 s. */
  keepaliveIntervalMs?: number
  /** Unanswered probes before the connection counts as lost; default 3. */
  keepaliveCountMax?: number
  /** Concurrent channels (commands, SFTP) per connection; default 10, OpenSSH's MaxSessions. */
  maxChannels?: number
  /** Extra attempts when the connection cannot be opened; default 0. */
  reconnectionRetries?: number
  /** Jump hosts, the first one contacted first (ProxyJump order). */
  proxyJump?: SshOptions[]
}

export type ResolvedSshOptions = Required<Omit<SshOptions, 'password' | 'passphrase' | 'askPassphrase' | 'privateKeyFiles' | 'hostKeyAlias' | 'proxyJump'>> &
  Pick<SshOptions, 'password' | 'passphrase' | 'askPassphrase' | 'privateKeyFiles' | 'hostKeyAlias'> & { proxyJump: ResolvedSshOptions[] }

export const SSH_DEFAULTS = {
  port: 22,
  connectTimeoutMs: 10_000,
  keepaliveIntervalMs: 15_000,
  keepaliveCountMax: 3,
  maxChannels: 10,
  reconnectionRetries: 0,
} as const

export function resolveSshOptions(opts: SshOptions): ResolvedSshOptions {
  const home = homedir()
  return {
    host: opts.host,
    port: opts.port ?? SSH_DEFAULTS.port,
    user: opts.user ?? userInfo().username,
    name: opts.name ?? opts.host,
    privateKeyFiles: opts.privateKeyFiles,
    passphrase: opts.passphrase,
    password: opts.password,
    askPassphrase: opts.askPassphrase,
    agentSocket: opts.agentSocket ?? process.env.SSH_AUTH_SOCK ?? false,
    hostKeyChecking: opts.hostKeyChecking ?? 'yes',
    knownHostsFiles: opts.knownHostsFiles ?? [join(home, '.ssh', 'known_hosts'), join(home, '.ssh', 'known_hosts2')],
    globalKnownHostsFiles: opts.globalKnownHostsFiles ?? ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
    hostKeyAlias: opts.hostKeyAlias,
    connectTimeoutMs: opts.connectTimeoutMs ?? SSH_DEFAULTS.connectTimeoutMs,
    keepaliveIntervalMs: opts.keepaliveIntervalMs ?? SSH_DEFAULTS.keepaliveIntervalMs,
    keepaliveCountMax: opts.keepaliveCountMax ?? SSH_DEFAULTS.keepaliveCountMax,
    maxChannels: Math.max(1, opts.maxChannels ?? SSH_DEFAULTS.maxChannels),
    reconnectionRetries: Math.max(0, opts.reconnectionRetries ?? SSH_DEFAULTS.reconnectionRetries),
    proxyJump: (opts.proxyJump ?? []).map(resolveSshOptions),
  }
}

/** `user@host:port`, how a connection is named in the jump pool and in messages. */
export function endpointOf(o: ResolvedSshOptions): string {
  return `${o.user}@${o.host}:${o.port}`
}

export function clientSettingsFor(o: ResolvedSshOptions): ClientSettings {
  return {
    host: o.host,
    port: o.port,
    auth: { user: o.user, privateKeyFiles: o.privateKeyFiles, passphrase: o.passphrase, password: o.password, askPassphrase: o.askPassphrase, agentSocket: o.agentSocket },
    hostKeys: { checking: o.hostKeyChecking, userFiles: o.knownHostsFiles, globalFiles: o.globalKnownHostsFiles, alias: o.hostKeyAlias },
    connectTimeoutMs: o.connectTimeoutMs,
    keepaliveIntervalMs: o.keepaliveIntervalMs,
    keepaliveCountMax: o.keepaliveCountMax,
  }
}
