// crypt(3) password hashes for `password_hash`: SHA-512-crypt ($6$), SHA-256-crypt ($5$)
// and MD5-crypt ($1$), written from their published specifications. Defaults follow
// Ansible with passlib (as Debian installs it): 656000 rounds for SHA-512, 535000 for
// SHA-256, and a "rounds=" field unless the rounds are crypt's implicit 5000.
import * as crypto from 'node:crypto'
import { createHash, randomInt } from 'node:crypto'
import { TemplateError } from '../../errors.js'

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

interface Scheme {
  id: string
  saltSize: number
  /** Rounds Ansible asks for when the playbook gives none. */
  defaultRounds?: number
}

const SCHEMES: Record<string, Scheme> = {
  sha512_crypt: { id: '6', saltSize: 16, defaultRounds: 656000 },
  sha256_crypt: { id: '5', saltSize: 16, defaultRounds: 535000 },
  md5_crypt: { id: '1', saltSize: 8 },
}

/** The rounds crypt uses when the hash names none. */
const IMPLICIT_ROUNDS = 5000

const ALIASES: Record<string, string> = { sha512: 'sha512_crypt', sha256: 'sha256_crypt', md5: 'md5_crypt', blowfish: 'bcrypt' }

export interface PasswordHashOptions {
  salt?: string
  saltSize?: number
  rounds?: number
  ident?: string
}

/** Ansible's password_hash(hashtype, salt, salt_size, rounds, ident) on a system without passlib. */
export function passwordHash(password: string, hashtype: string, opts: PasswordHashOptions = {}): string {
  const algorithm = ALIASES[hashtype] ?? hashtype
  const scheme = SCHEMES[algorithm]
  if (!scheme) throw new TemplateError(`crypt.crypt does not support '${algorithm}' algorithm`)
  const salt = opts.salt ?? randomSalt(opts.saltSize ?? scheme.saltSize)
  if (/[^./0-9A-Za-z]/.test(salt)) throw new TemplateError('invalid characters in salt')
  if (salt.length > scheme.saltSize) throw new TemplateError('invalid salt size')
  const pw = Buffer.from(password, 'utf8')
  if (scheme.id === '1') return `$1$${salt}$${md5Crypt(pw, Buffer.from(salt))}`
  const rounds = opts.rounds || (scheme.defaultRounds as number)
  if (rounds < 1000 || rounds > 999999999) throw new TemplateError(`rounds must be between 1000 and 999999999, got ${rounds}`)
  const digest = shaCrypt(scheme.id === '6' ? 'sha512' : 'sha256', pw, Buffer.from(salt), rounds)
  const roundsField = rounds === IMPLICIT_ROUNDS ? '' : `rounds=${rounds}$`
  return `$${scheme.id}$${roundsField}${salt}$${digest}`
}

function randomSalt(length: number): string {
  return Array.from({ length }, () => ITOA64[randomInt(ITOA64.length)]).join('')
}

// One-shot hashing (crypto.hash, Node ≥ 20.12) is markedly faster over 656000 rounds.
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'buffer') => Buffer }).hash

const hash = (algorithm: string, ...parts: Buffer[]): Buffer => {
  const data = parts.length === 1 ? parts[0] : Buffer.concat(parts)
  return oneShot ? oneShot(algorithm, data, 'buffer') : createHash(algorithm).update(data).digest()
}

/** `length` bytes made of `block` repeated (whole copies, then a prefix). */
function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i++) out[i] = block[i % block.length]
  return out
}

function shaCrypt(algorithm: 'sha256' | 'sha512', pw: Buffer, salt: Buffer, rounds: number): string {
  const size = algorithm === 'sha512' ? 64 : 32
  const b = hash(algorithm, pw, salt, pw)
  const aParts = [pw, salt, repeatTo(b, pw.length)]
  for (let n = pw.length; n > 0; n >>= 1) aParts.push(n & 1 ? b : pw)
  let c = hash(algorithm, ...aParts)
  const p = repeatTo(hash(algorithm, ...Array<Buffer>(pw.length).fill(pw)), pw.length)
  const s = repeatTo(hash(algorithm, ...Array<Buffer>(16 + c[0]).fill(salt)), salt.length)
  for (let i = 0; i < rounds; i++) {
    const parts = [i & 1 ? p : c]
    if (i % 3) parts.push(s)
    if (i % 7) parts.push(p)
    parts.push(i & 1 ? c : p)
    c = hash(algorithm, ...parts)
  }
  return size === 64 ? encodeSha512(c) : encodeSha256(c)
}

/** crypt's base-64: three bytes (most significant first) → `chars` characters, low bits first. */
function b64From24(b2: number, b1: number, b0: number, chars: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0
  let out = ''
  for (let i = 0; i < chars; i++) {
    out += ITOA64[w & 0x3f]
    w >>= 6
  }
  return out
}

function encodeSha512(c: Buffer): string {
  let out = ''
  for (let i = 0; i < 21; i++) {
    out += b64From24(c[(i * 22) % 63], c[(i * 22 + 21) % 63], c[(i * 22 + 42) % 63], 4)
  }
  return out + b64From24(0, 0, c[63], 2)
}

function encodeSha256(c: Buffer): string {
  let out = ''
  for (let i = 0; i < 10; i++) {
    out += b64From24(c[(i * 21) % 30], c[(i * 21 + 10) % 30], c[(i * 21 + 20) % 30], 4)
  }
  return out + b64From24(0, c[31], c[30], 3)
}

function md5Crypt(pw: Buffer, salt: Buffer): string {
  const alt = hash('md5', pw, salt, pw)
  const parts = [pw, Buffer.from('$1$'), salt, repeatTo(alt, pw.length)]
  for (let n = pw.length; n > 0; n >>= 1) parts.push(n & 1 ? Buffer.from([0]) : pw.subarray(0, 1))
  let final = hash('md5', ...parts)
  for (let i = 0; i < 1000; i++) {
    const round = [i & 1 ? pw : final]
    if (i % 3) round.push(salt)
    if (i % 7) round.push(pw)
    round.push(i & 1 ? final : pw)
    final = hash('md5', ...round)
  }
  const groups: [number, number, number][] = [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5]]
  return groups.map(([a, b, c]) => b64From24(final[a], final[b], final[c], 4)).join('') + b64From24(0, 0, final[11], 2)
}
