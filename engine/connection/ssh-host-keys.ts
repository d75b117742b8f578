// Host key checking: is the key a server presents the one known_hosts has for it?
// Follows OpenSSH's StrictHostKeyChecking: `yes` refuses unknown and changed keys,
// `accept-new` records unknown keys and refuses changed ones, `no` checks nothing.
// Refusals use OpenSSH's wording, so they read like the messages users search for.
import {
  appendKnownHost,
  entryMatches,
  fingerprint,
  keyTypeLabel,
  keyTypeOf,
  knownHostName,
  loadKnownHosts,
  type KnownHostEntry,
} from './ssh-known-hosts.js'

export type HostKeyChecking = 'yes' | 'no' | 'accept-new'

export interface HostKeyPolicy {
  checking: HostKeyChecking
  /** The user's files; accept-new writes to the first. */
  userFiles: string[]
  globalFiles: string[]
  /** HostKeyAlias: look keys up under this name instead of the host's. */
  alias?: string
}

export interface HostKeyRefusal {
  message: string
  hint: string
}

// Server host key algorithms ssh2 offers, best first; a known key type moves to the front.
const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']

function algorithmsFor(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType]
}

export class HostKeyCheck {
  private accepted?: Buffer

  private constructor(
    private readonly policy: HostKeyPolicy,
    private readonly name: string,
    private readonly entries: KnownHostEntry[],
  ) {}

  static async prepare(policy: HostKeyPolicy, host: string, port: number): Promise<HostKeyCheck> {
    const name = knownHostName(policy.alias ?? host, policy.alias ? 22 : port)
    if (policy.checking === 'no') return new HostKeyCheck(policy, name, [])
    const all = await loadKnownHosts([...policy.userFiles, ...policy.globalFiles])
    return new HostKeyCheck(policy, name, all.filter((e) => entryMatches(e, name)))
  }

  /**
   * Algorithms to offer, the known key types first: a server with several host keys
   * then presents the one on file rather than one that would look unknown.
   */
  get preferredAlgorithms(): string[] | undefined {
    const known = [...new Set(this.entries.filter((e) => !e.revoked).flatMap((e) => algorithmsFor(e.keyType)))]
    const usable = known.filter((a) => HOST_KEY_ALGORITHMS.includes(a))
    if (!usable.length) return undefined
    return [...usable, ...HOST_KEY_ALGORITHMS.filter((a) => !usable.includes(a))]
  }

  /** undefined when the key may be used; else why not. */
  verify(key: Buffer): HostKeyRefusal | undefined {
    if (this.policy.checking === 'no') return undefined
    const keyType = keyTypeOf(key) ?? 'unknown'
    const revoked = this.entries.find((e) => e.revoked && e.key.equals(key))
    if (revoked) return revokedMessage(this.name, keyType, key, revoked)
    const current = this.entries.filter((e) => !e.revoked)
    if (current.some((e) => e.keyType === keyType && e.key.equals(key))) return undefined
    const offending = current.find((e) => e.keyType === keyType)
    if (offending) return changedMessage(this.name, keyType, key, offending, this.policy.userFiles[0] ?? offending.file)
    if (this.policy.checking === 'accept-new' && this.policy.userFiles.length) {
      this.accepted = key
      return undefined
    }
    return unknownMessage(this.name, keyType, key)
  }

  /** Records a key accepted under accept-new; call once the key exchange has succeeded. */
  async commit(): Promise<void> {
    const key = this.accepted
    this.accepted = undefined
    if (key) await appendKnownHost(this.policy.userFiles[0]!, this.name, key)
  }
}

function unknownMessage(name: string, keyType: string, key: Buffer): HostKeyRefusal {
  return {
    message: `No ${keyTypeLabel(keyType)} host key is known for ${name} and you have requested strict checking.\nHost key verification failed.`,
    hint:
      `the server's ${keyTypeLabel(keyType)} key fingerprint is ${fingerprint(key)}; if that is right, add it to known_hosts ` +
      `(ssh-keyscan ${keyscanArgs(name)} >> ~/.ssh/known_hosts), or set StrictHostKeyChecking=accept-new, or host_key_checking = False`,
  }
}

function changedMessage(name: string, keyType: string, key: Buffer, offending: KnownHostEntry, userFile: string): HostKeyRefusal {
  const label = keyTypeLabel(keyType)
  const banner = '@'.repeat(59)
  return {
    message: [
      banner,
      '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
      banner,
      'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
      'Someone could be eavesdropping on you right now (man-in-the-middle attack)!',
      'It is also possible that a host key has just been changed.',
      `The fingerprint for the ${label} key sent by the remote host is`,
      `${fingerprint(key)}.`,
      'Please contact your system administrator.',
      `Add correct host key in ${userFile} to get rid of this message.`,
      `Offending ${label} key in ${offending.file}:${offending.line}`,
      `Host key for ${name} has changed and you have requested strict checking.`,
      'Host key verification failed.',
    ].join('\n'),
    hint: `if the change is expected, remove the old key with: ssh-keygen -f "${offending.file}" -R "${name}"`,
  }
}

function revokedMessage(name: string, keyType: string, key: Buffer, entry: KnownHostEntry): HostKeyRefusal {
  return {
    message:
      `WARNING: REVOKED HOST KEY DETECTED! The ${keyTypeLabel(keyType)} host key ${fingerprint(key)} for ${name} is marked as revoked ` +
      `(${entry.file}:${entry.line}).\nThis could mean that a stolen key is being used to impersonate this host.\nHost key verification failed.`,
    hint: 'the host must be given a new host key',
  }
}

/** `[-p PORT] HOST` for the ssh-keyscan hint, from a known_hosts name. */
function keyscanArgs(name: string): string {
  const m = /^\[(.+)\]:(\d+)$/.exec(name)
  return m ? `-p ${m[2]} ${m[1]}` : name
}
