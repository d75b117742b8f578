// authorized_keys files read and written the way ansible.posix.authorized_key does:
// entries keyed by the key blob, options kept in order, comments and unparseable lines
// carried along by rank, and each key rewritten as "options type blob comment".

const KEY_TYPES = new Set([
  'sk-ecdsa-sha2-nistp256@openssh.com', 'sk-ecdsa-sha2-nistp256-cert-v01@openssh.com', 'webauthn-sk-ecdsa-sha2-nistp256@openssh.com',
  'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp256-cert-v01@openssh.com', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp384-cert-v01@openssh.com',
  'ecdsa-sha2-nistp521', 'ecdsa-sha2-nistp521-cert-v01@openssh.com', 'sk-ssh-ed25519@openssh.com', 'sk-ssh-ed25519-cert-v01@openssh.com',
  'ssh-ed25519', 'ssh-ed25519-cert-v01@openssh.com', 'ssh-dss', 'ssh-rsa', 'ssh-xmss@openssh.com', 'ssh-xmss-cert-v01@openssh.com',
  'rsa-sha2-256', 'rsa-sha2-512', 'ssh-rsa-cert-v01@openssh.com', 'rsa-sha2-256-cert-v01@openssh.com', 'rsa-sha2-512-cert-v01@openssh.com',
  'ssh-dss-cert-v01@openssh.com',
])

/** Key options in order; an option may repeat (several permitopen=…), a flag has value null. */
export type KeyOptions = [string, string | null][]

export interface KeyEntry {
  /** The key blob, or for a kept-as-is line the line itself. */
  id: string
  /** Kept as-is: comment lines and lines that are not keys. */
  raw?: string
  type?: string
  options: KeyOptions
  comment: string
  rank: number
}

/** "no-pty,command=\"a,b\"" → [["no-pty", null], ["command", "\"a,b\""]]; commas inside quotes stay. */
export function parseKeyOptions(text: string | undefined): KeyOptions {
  if (!text) return []
  const options: KeyOptions = []
  for (const [part] of text.matchAll(/(?:[^,"']|"[^"]*"|'[^']*')+/g)) {
    const at = part.indexOf('=')
    options.push(at >= 0 ? [part.slice(0, at), part.slice(at + 1)] : [part, null])
  }
  return options
}

/** A key line, or undefined when the line holds no known key type followed by a blob. */
export function parseKeyLine(line: string, rank: number): KeyEntry | undefined {
  const text = line.replaceAll('\\#', '#')
  const parts = text.split(/\s+/).filter((p) => p !== '')
  if (parts[0] === '#') return { id: text, raw: text, options: [], comment: '', rank }
  const typeAt = parts.findIndex((p) => KEY_TYPES.has(p))
  if (typeAt < 0 || typeAt + 1 >= parts.length) return undefined
  return {
    id: parts[typeAt + 1]!,
    type: parts[typeAt]!,
    options: parseKeyOptions(typeAt > 0 ? parts.slice(0, typeAt).join(' ') : undefined),
    comment: parts.slice(typeAt + 2).join(' '),
    rank,
  }
}

/** The entries of a file by id, in file order; a repeated id keeps its last line. */
export function parseKeyFile(content: string): Map<string, KeyEntry> {
  const entries = new Map<string, KeyEntry>()
  const lines = content.match(/[^\n]*\n|[^\n]+$/g) ?? []
  lines.forEach((line, rank) => {
    const entry = parseKeyLine(line, rank) ?? { id: line, raw: line, options: [], comment: '', rank }
    entries.set(entry.id, entry)
  })
  return entries
}

function optionsText(options: KeyOptions): string {
  return options.length ? `${options.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join(',')} ` : ''
}

/** The file's content: entries by rank; keys as "options type blob comment" (a trailing space when the comment is empty, as Ansible writes it). */
export function serializeKeys(entries: Map<string, KeyEntry>): string {
  return [...entries.values()]
    .sort((a, b) => a.rank - b.rank)
    .map((e) => (e.raw !== undefined ? e.raw : `${optionsText(e.options)}${e.type} ${e.id} ${e.comment}\n`))
    .join('')
}

/** Same key, type, comment and options (options compared as a multiset per name, like Ansible's dict of lists). */
export function sameKey(a: KeyEntry, b: KeyEntry): boolean {
  if (a.id !== b.id || a.type !== b.type || a.comment !== b.comment || a.raw !== b.raw) return false
  const grouped = (o: KeyOptions) => JSON.stringify([...new Set(o.map(([k]) => k))].sort().map((k) => [k, o.filter(([n]) => n === k).map(([, v]) => v)]))
  return grouped(a.options) === grouped(b.options)
}

export interface KeyRequest {
  keys: string[]
  state: 'present' | 'absent'
  exclusive: boolean
  keyOptions?: string
  comment?: string
}

export class InvalidKey extends Error {}

/** The file's entries after the request; `changed` when the file must be rewritten. */
export function applyKeyRequest(existing: Map<string, KeyEntry>, req: KeyRequest): { entries: Map<string, KeyEntry>; changed: boolean } {
  const entries = new Map(existing)
  const wanted: string[] = []
  const maxRank = existing.size
  let changed = false
  req.keys.forEach((line, rank) => {
    let key = parseKeyLine(line, rank)
    if (!key || key.raw !== undefined) throw new InvalidKey(`invalid key specified: ${line}`)
    if (req.keyOptions !== undefined) key = { ...key, options: parseKeyOptions(req.keyOptions) }
    if (req.comment !== undefined) key = { ...key, comment: req.comment }
    const current = entries.get(key.id)
    const matched = current !== undefined && (req.state === 'absent' || sameKey(current, key))
    if (req.state === 'absent') {
      if (matched) {
        entries.delete(key.id)
        changed = true
      }
      return
    }
    wanted.push(key.id)
    if (!matched) {
      // A new (or different) key goes after everything that was in the file.
      entries.set(key.id, { ...key, rank: maxRank + rank })
      changed = true
    }
  })
  if (req.state === 'present' && req.exclusive) {
    for (const id of [...entries.keys()]) {
      if (!wanted.includes(id)) {
        entries.delete(id)
        changed = true
      }
    }
  }
  return { entries, changed }
}
