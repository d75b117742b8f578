// ansible-vault's envelope, format 1.1 and 1.2 with AES256: a header line
// ("$ANSIBLE_VAULT;1.1;AES256", 1.2 adds the vault id), then hex of
// "hex(salt)\nhex(hmac)\nhex(ciphertext)" in lines of 80. Keys come from PBKDF2-HMAC-SHA256
// of the password (10000 rounds, 80 bytes: AES key, HMAC key, counter IV); the content is
// AES-256-CTR over the PKCS#7-padded text, authenticated with HMAC-SHA256 of the ciphertext.
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'
import { TsplayError } from '../errors.js'

export const VAULT_HEADER = '$ANSIBLE_VAULT;'

export interface VaultSecret {
  /** The vault id ('default' unless given with --vault-id label@source). */
  label: string
  password: string
}

/**
 * An inline `!vault` value that could not be decrypted (no secret, or none that fits): as in
 * Ansible, that is an error only where the value is used.
 */
export class LockedVaultValue {
  constructor(readonly error: TsplayError) {}
}

export function isVaulted(text: string): boolean {
  return text.trimStart().startsWith(VAULT_HEADER)
}

interface Keys {
  cipher: Buffer
  hmac: Buffer
  iv: Buffer
}

function deriveKeys(password: string, salt: Buffer): Keys {
  const derived = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, 10000, 80, 'sha256')
  return { cipher: derived.subarray(0, 32), hmac: derived.subarray(32, 64), iv: derived.subarray(64, 80) }
}

interface Envelope {
  label?: string
  salt: Buffer
  hmac: Buffer
  ciphertext: Buffer
}

function parseEnvelope(text: string, where: string): Envelope {
  const lines = text.trim().split(/\r?\n/).map((l) => l.trim())
  const header = lines[0]!.split(';')
  if (header[0] !== '$ANSIBLE_VAULT' || !['1.1', '1.2'].includes(header[1] ?? '') || header[2]?.trim() !== 'AES256') {
    throw new TsplayError(`${where || 'vault value'}: unsupported vault format '${lines[0]}' (tsplay reads 1.1 and 1.2 with AES256)`)
  }
  const inner = Buffer.from(lines.slice(1).join(''), 'hex').toString('latin1').split('\n')
  const [salt, hmac, ciphertext] = inner.map((part) => Buffer.from(part, 'hex'))
  if (inner.length !== 3 || !salt?.length || !hmac?.length || !ciphertext?.length) {
    throw new TsplayError(`${where || 'vault value'}: the vault-encrypted text is damaged (its body is not three hex fields)`)
  }
  return { label: header[1] === '1.2' ? header[3]?.trim() : undefined, salt, hmac, ciphertext }
}

/**
 * The plaintext, with the first secret whose key authenticates it (those of the envelope's
 * vault id first). `where` names the file in messages ('' when the caller gives a position).
 */
export function decryptVault(text: string, secrets: readonly VaultSecret[], where: string): string {
  const on = where ? ` on ${where}` : ''
  if (secrets.length === 0) {
    throw new TsplayError(`Attempting to decrypt but no vault secrets found${on}`, { hint: 'give the vault password with --ask-vault-password, --vault-password-file or --vault-id' })
  }
  const envelope = parseEnvelope(text, where)
  const ordered = [...secrets.filter((s) => s.label === envelope.label), ...secrets.filter((s) => s.label !== envelope.label)]
  for (const secret of ordered) {
    const keys = deriveKeys(secret.password, envelope.salt)
    const mac = createHmac('sha256', keys.hmac).update(envelope.ciphertext).digest()
    if (mac.length !== envelope.hmac.length || !timingSafeEqual(mac, envelope.hmac)) continue
    const decipher = createDecipheriv('aes-256-ctr', keys.cipher, keys.iv)
    return unpad(Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()])).toString('utf8')
  }
  throw new TsplayError(`Decryption failed (no vault secrets were found that could decrypt)${on}`)
}

/** ansible-vault encrypt's output for `plain` (format 1.1, or 1.2 with a label other than default). */
export function encryptVault(plain: string, secret: VaultSecret, salt: Buffer = randomBytes(32)): string {
  const keys = deriveKeys(secret.password, salt)
  const cipher = createCipheriv('aes-256-ctr', keys.cipher, keys.iv)
  const ciphertext = Buffer.concat([cipher.update(pad(Buffer.from(plain, 'utf8'))), cipher.final()])
  const hmac = createHmac('sha256', keys.hmac).update(ciphertext).digest()
  const body = Buffer.from([salt, hmac, ciphertext].map((b) => b.toString('hex')).join('\n'), 'latin1').toString('hex')
  const header = secret.label === 'default' ? '$ANSIBLE_VAULT;1.1;AES256' : `$ANSIBLE_VAULT;1.2;AES256;${secret.label}`
  return [header, ...(body.match(/.{1,80}/g) ?? [])].join('\n') + '\n'
}

function pad(data: Buffer): Buffer {
  const n = 16 - (data.length % 16)
  return Buffer.concat([data, Buffer.alloc(n, n)])
}

function unpad(data: Buffer): Buffer {
  const n = data[data.length - 1] ?? 0
  return n >= 1 && n <= 16 ? data.subarray(0, data.length - n) : data
}
