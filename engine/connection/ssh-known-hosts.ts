// known_hosts files as OpenSSH reads them: comma-separated host patterns (with * ? and
// !negation) or hashed `|1|salt|hash` names, `[host]:port` for ports other than 22,
// the @revoked marker, comments. @cert-authority lines are kept out: host
// certificates are not supported by the transport, so they can never vouch for a key.
import { createHash, createHmac } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { dirname } from 'node:path'

export interface KnownHostEntry {
  file: string
  line: number
  revoked: boolean
  /** Plain patterns, or undefined for a hashed name. */
  patterns?: string[]
  hashed?: { salt: Buffer; hash: Buffer }
  keyType: string
  key: Buffer
}

/** The name a host's keys are filed under: `host`, or `[host]:port` off port 22. */
export function knownHostName(host: string, port: number): string {
  const name = host.toLowerCase()
  return port === 22 ? name : `[${name}]:${port}`
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = []
  text.split('\n').forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/)
    if (!fields[0] || fields[0].startsWith('#')) return
    let revoked = false
    if (fields[0].startsWith('@')) {
      if (fields[0] !== '@revoked') return
      revoked = true
      fields.shift()
    }
    const [names, keyType, keyBase64] = fields
    if (!names || !keyType || !keyBase64) return
    const key = Buffer.from(keyBase64, 'base64')
    if (keyTypeOf(key) !== keyType) return // a damaged line never matches
    const entry: KnownHostEntry = { file, line: index + 1, revoked, keyType, key }
    const hashed = parseHashedName(names)
    if (hashed) entry.hashed = hashed
    else entry.patterns = names.toLowerCase().split(',')
    entries.push(entry)
  })
  return entries
}

function parseHashedName(names: string): KnownHostEntry['hashed'] | undefined {
  const m = /^\|1\|([^|]+)\|([^|]+)$/.exec(names)
  return m ? { salt: Buffer.from(m[1]!, 'base64'), hash: Buffer.from(m[2]!, 'base64') } : undefined
}

export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  if (entry.hashed) return createHmac('sha1', entry.hashed.salt).update(name).digest().equals(entry.hashed.hash)
  let matched = false
  for (const pattern of entry.patterns ?? []) {
    const negated = pattern.startsWith('!')
    if (!globMatch(negated ? pattern.slice(1) : pattern, name)) continue
    if (negated) return false // a negated match excludes the host from the whole line
    matched = true
  }
  return matched
}

const wildcards = new Map<string, RegExp>()

/** OpenSSH's wildcard patterns: `*` any run of characters, `?` exactly one. */
function globMatch(pattern: string, text: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === text
  let re = wildcards.get(pattern)
  if (!re) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')
    re = new RegExp(`^${source}$`)
    wildcards.set(pattern, re)
  }
  return re.test(text)
}

/** Parsed files by path, kept while their size and mtime stay the same (every connection reads them). */
const parsed = new Map<string, { stamp: string; entries: KnownHostEntry[] }>()

/** Reads the files that exist (a missing known_hosts is simply empty). */
export async function loadKnownHosts(files: readonly string[]): Promise<KnownHostEntry[]> {
  const all = await Promise.all(
    files.map(async (file) => {
      try {
        const st = await fs.stat(file)
        const stamp = `${st.size}:${st.mtimeMs}:${st.ino}`
        const known = parsed.get(file)
        if (known?.stamp === stamp) return known.entries
        const entries = parseKnownHosts(await fs.readFile(file, 'utf8'), file)
        parsed.set(file, { stamp, entries })
        return entries
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw err
      }
    }),
  )
  return all.flat()
}

/** Adds a host key line, creating the file (0600) and its folder (0700) if needed. */
export async function appendKnownHost(file: string, name: string, key: Buffer): Promise<void> {
  await fs.mkdir(dirname(file), { recursive: true, mode: 0o700 })
  await fs.appendFile(file, `${name} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 })
}

/** The algorithm name at the start of an SSH public key blob. */
export function keyTypeOf(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined
  const length = blob.readUInt32BE(0)
  if (length > 64 || blob.length < 4 + length) return undefined
  return blob.subarray(4, 4 + length).toString('latin1')
}

/** How OpenSSH names a key type in messages (ED25519, ECDSA, RSA). */
export function keyTypeLabel(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519'
  if (keyType.startsWith('ecdsa-')) return 'ECDSA'
  if (keyType === 'ssh-rsa') return 'RSA'
  if (keyType === 'ssh-dss') return 'DSA'
  return keyType.toUpperCase()
}

export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}
