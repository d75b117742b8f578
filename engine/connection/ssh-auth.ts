// User authentication for one SSH connection, in OpenSSH's order: the identity files
// given (or the default ~/.ssh/id_* ones), the ssh-agent, then the password (also
// answering keyboard-interactive prompts, as PAM-based servers ask for it that way).
// Keys that cannot be used are noted, so a refusal can say why.
import { promises as fs } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import type { AnyAuthMethod, AuthHandlerMiddleware, AuthenticationType, ParsedKey } from 'ssh2'

export interface AuthSettings {
  user: string
  /** Files named by the user; when absent the default identities are tried if present. */
  privateKeyFiles?: string[]
  passphrase?: string
  password?: string
  /** Asks the user for an encrypted key's passphrase (a terminal prompt); undefined when no one can answer. */
  askPassphrase?: (file: string) => Promise<string | undefined>
  /** Agent socket, or false to leave the agent out. */
  agentSocket?: string | false
}

export interface AuthPlan {
  handler: AuthHandlerMiddleware
  /** The sentence for a refused login, like OpenSSH's `user@host: Permission denied (…).` */
  refusal(host: string): string
}

const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ed25519', 'id_dsa']

export async function planAuth(settings: AuthSettings): Promise<AuthPlan> {
  const notes: string[] = []
  const explicit = settings.privateKeyFiles?.length ? settings.privateKeyFiles : undefined
  const files = explicit ?? DEFAULT_IDENTITIES.map((name) => join(homedir(), '.ssh', name))
  const keys = (await Promise.all(files.map((file) => loadKey(file, settings, !explicit, notes)))).filter((k) => k !== undefined)
  // 'none' first, as OpenSSH does: the refusal tells which methods the server accepts.
  const methods: AnyAuthMethod[] = [{ type: 'none', username: settings.user }]
  methods.push(...keys.map((key): AnyAuthMethod => ({ type: 'publickey', username: settings.user, key })))
  if (settings.agentSocket) methods.push({ type: 'agent', username: settings.user, agent: settings.agentSocket })
  if (settings.password !== undefined) {
    const password = settings.password
    methods.push({ type: 'password', username: settings.user, password })
    methods.push({
      type: 'keyboard-interactive',
      username: settings.user,
      prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
    })
  }
  let serverMethods: AuthenticationType[] | undefined
  const handler: AuthHandlerMiddleware = (methodsLeft, _partial, next) => {
    if (methodsLeft) serverMethods = methodsLeft
    // Skip what the server said it does not accept (publickey covers agent keys).
    const allowed = (m: AnyAuthMethod): boolean => !serverMethods || serverMethods.includes(m.type === 'agent' ? 'publickey' : m.type)
    let method = methods.shift()
    while (method && !allowed(method)) method = methods.shift()
    next(method ?? (false as unknown as AnyAuthMethod))
  }
  return {
    handler,
    refusal(host) {
      const accepted = serverMethods?.length ? serverMethods.join(',') : 'publickey'
      const why = notes.length ? ` (${notes.join('; ')})` : keys.length || settings.agentSocket || settings.password !== undefined ? '' : ' (no key, agent or password to offer)'
      return `${settings.user}@${host}: Permission denied (${accepted}).${why}`
    },
  }
}

/**
 * A usable private key, or undefined with a note saying why not. An encrypted key is
 * opened with the passphrase given, else the login password (as ansible_ssh_pass
 * answers ssh's passphrase prompt), else what the user types when asked.
 */
async function loadKey(file: string, settings: AuthSettings, optional: boolean, notes: string[]): Promise<ParsedKey | undefined> {
  let data: Buffer
  try {
    data = await fs.readFile(file)
  } catch (err) {
    if (!optional) notes.push(`cannot read identity file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
    return undefined
  }
  let parsed = ssh2.utils.parseKey(data)
  if (parsed instanceof Error && isEncryptedKeyError(parsed)) {
    const candidates = [settings.passphrase, settings.password].filter((p) => p !== undefined)
    for (const passphrase of candidates) {
      parsed = ssh2.utils.parseKey(data, passphrase)
      if (!(parsed instanceof Error)) break
    }
    if (parsed instanceof Error && settings.askPassphrase) {
      const typed = await settings.askPassphrase(file)
      if (typed !== undefined) {
        candidates.push(typed)
        parsed = ssh2.utils.parseKey(data, typed)
      }
    }
    if (parsed instanceof Error) {
      notes.push(candidates.length ? `wrong passphrase for identity file ${file}` : `identity file ${file} is encrypted and no passphrase was given`)
      return undefined
    }
  }
  if (parsed instanceof Error) {
    notes.push(`cannot use identity file ${file}: ${parsed.message}`)
    return undefined
  }
  return Array.isArray(parsed) ? parsed[0] : parsed
}

function isEncryptedKeyError(err: Error): boolean {
  return /encrypted|passphrase|decrypt/i.test(err.message)
}
