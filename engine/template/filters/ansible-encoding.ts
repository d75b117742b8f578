// Ansible's encoding and hashing filters: b64encode, b64decode, hash, md5, sha1,
// checksum, password_hash, to_uuid, quote, urlsplit, urldecode.
import { createHash } from 'node:crypto'
import { TemplateError } from '../../errors.js'
import type { FilterFn } from '../types.js'
import { urlUnquotePlus } from './html.js'
import { passwordHash } from './password-hash.js'
import { pythonRepr, pythonStr } from './python-repr.js'
import { defineFilter, intArg, optional, strArg } from './signature.js'

/** Python codec names → Node's, for the encodings playbooks use. */
const CODECS: Record<string, BufferEncoding> = {
  'utf-8': 'utf8', utf8: 'utf8', 'utf-16-le': 'utf16le', 'utf-16le': 'utf16le', 'utf_16_le': 'utf16le',
  'latin-1': 'latin1', latin1: 'latin1', 'iso-8859-1': 'latin1', ascii: 'ascii',
}

function encode(text: string, encoding: string): Buffer {
  const name = encoding.toLowerCase()
  if (name === 'utf-16' || name === 'utf16') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
  const codec = CODECS[name]
  if (!codec) throw new TemplateError(`unknown encoding: ${encoding}`)
  return Buffer.from(text, codec)
}

function decode(bytes: Buffer, encoding: string): string {
  const name = encoding.toLowerCase()
  if (name === 'utf-16' || name === 'utf16') {
    const body = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2) : bytes
    return body.toString('utf16le')
  }
  const codec = CODECS[name]
  if (!codec) throw new TemplateError(`unknown encoding: ${encoding}`)
  return bytes.toString(codec)
}

/** base64.b64decode without validation: stray characters are dropped, padding is checked. */
function b64decode(text: string): Buffer {
  const data = text.replace(/[^A-Za-z0-9+/=]/g, '')
  const body = data.replace(/=.*$/s, '')
  if (body.length % 4 === 1) {
    throw new TemplateError(`Invalid base64-encoded string: number of data characters (${body.length}) cannot be 1 more than a multiple of 4`)
  }
  const padding = data.length - body.length
  if (body.length % 4 !== 0 && padding < 4 - (body.length % 4)) throw new TemplateError('Incorrect padding')
  return Buffer.from(body, 'base64')
}

/** hashlib names → OpenSSL's. */
const HASH_NAMES: Record<string, string> = {
  sha3_224: 'sha3-224', sha3_256: 'sha3-256', sha3_384: 'sha3-384', sha3_512: 'sha3-512',
  blake2b: 'blake2b512', blake2s: 'blake2s256', sha512_224: 'sha512-224', sha512_256: 'sha512-256',
}
const HASHES = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', ...Object.keys(HASH_NAMES)]

export function hexDigest(data: unknown, hashtype: string): string {
  if (!HASHES.includes(hashtype)) throw new TemplateError(`unsupported hash type ${hashtype}`)
  return createHash(HASH_NAMES[hashtype] ?? hashtype)
    .update(Buffer.from(pythonStr(data), 'utf8'))
    .digest('hex')
}

/** uuid.uuid5(namespace, name). */
function uuid5(name: string, namespace: string): string {
  const ns = namespace.replace(/[{}-]/g, '').replace(/^urn:uuid:/i, '')
  if (!/^[0-9a-fA-F]{32}$/.test(ns)) {
    throw new TemplateError(`Invalid value '${namespace}' for 'namespace': badly formed hexadecimal UUID string`)
  }
  const digest = createHash('sha1').update(Buffer.from(ns, 'hex')).update(Buffer.from(name, 'utf8')).digest()
  digest[6] = (digest[6] & 0x0f) | 0x50
  digest[8] = (digest[8] & 0x3f) | 0x80
  const hex = digest.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** shlex.quote: safe words as they are, anything else in single quotes. */
export function shlexQuote(text: string): string {
  if (text === '') return "''"
  if (!/[^\w@%+=:,./-]/.test(text)) return text
  return `'${text.replaceAll("'", `'"'"'`)}'`
}

/** urllib.parse.urlsplit, as the dict Ansible's urlsplit filter returns. */
export function urlsplit(url: string): Record<string, unknown> {
  let rest = url.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '')
  let scheme = ''
  const colon = rest.indexOf(':')
  if (colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase()
    rest = rest.slice(colon + 1)
  }
  let netloc = ''
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/)
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2)
    rest = end < 0 ? '' : rest.slice(end + 2)
  }
  const [beforeFragment, fragment = ''] = splitOnce(rest, '#')
  const [path, query = ''] = splitOnce(beforeFragment, '?')
  const { hostname, password, port, username } = netlocParts(netloc)
  // Ansible builds the dict from dir(), so the keys come in alphabetical order.
  return { fragment, hostname, netloc, password, path, port, query, scheme, username }
}

function splitOnce(text: string, sep: string): [string, string?] {
  const at = text.indexOf(sep)
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)]
}

function netlocParts(netloc: string): { hostname: unknown; password: unknown; port: unknown; username: unknown } {
  const at = netloc.lastIndexOf('@')
  const hostport = netloc.slice(at + 1)
  let username: string | null = null
  let password: string | null = null
  if (at >= 0) [username, password = null] = splitOnce(netloc.slice(0, at), ':')
  let host: string
  let portText: string | undefined
  if (hostport.includes('[')) {
    const close = hostport.indexOf(']')
    host = hostport.slice(hostport.indexOf('[') + 1, close)
    portText = hostport.slice(close + 1).startsWith(':') ? hostport.slice(close + 2) : undefined
  } else {
    ;[host, portText] = splitOnce(hostport, ':')
  }
  return { hostname: host ? host.toLowerCase() : null, password, port: parsePort(portText), username }
}

function parsePort(text: string | undefined): number | null {
  if (text === undefined || text === '') return null
  if (!/^\d+$/.test(text)) throw new TemplateError(`Port could not be cast to integer value as ${pythonRepr(text)}`)
  const port = Number(text)
  if (port > 65535) throw new TemplateError('Port out of range 0-65535')
  return port
}

function urlsplitFilter(url: string, query: string): unknown {
  const parts = urlsplit(url)
  if (!query) return parts
  if (!(query in parts)) throw new TemplateError(`urlsplit: unknown URL component: ${query}`)
  return parts[query]
}

export const ansibleEncodingFilters: Record<string, FilterFn> = {
  b64encode: defineFilter('b64encode', { encoding: 'utf-8' }, (v, p) => encode(pythonStr(v), strArg(p.encoding)).toString('base64')),
  b64decode: defineFilter('b64decode', { encoding: 'utf-8' }, (v, p) => decode(b64decode(pythonStr(v)), strArg(p.encoding))),
  hash: defineFilter('hash', { hashtype: 'sha1' }, (v, p) => hexDigest(v, strArg(p.hashtype))),
  md5: defineFilter('md5', {}, (v) => hexDigest(v, 'md5')),
  sha1: defineFilter('sha1', {}, (v) => hexDigest(v, 'sha1')),
  checksum: defineFilter('checksum', {}, (v) => hexDigest(v, 'sha1')),
  password_hash: defineFilter('password_hash', { hashtype: 'sha512', salt: null, salt_size: null, rounds: null, ident: null }, (v, p) =>
    passwordHash(pythonStr(v), strArg(p.hashtype), {
      salt: optional(p.salt, strArg) || undefined,
      saltSize: optional(p.salt_size, (n) => intArg(n, 'salt_size')),
      rounds: optional(p.rounds, (n) => intArg(n, 'rounds')),
      ident: optional(p.ident, strArg),
    }),
  ),
  to_uuid: defineFilter('to_uuid', { namespace: '361E6D51-FAEC-444A-9079-341386DA8E2E' }, (v, p) => uuid5(pythonStr(v), strArg(p.namespace))),
  quote: defineFilter('quote', {}, (v) => shlexQuote(v === null || v === undefined ? '' : pythonStr(v))),
  urlsplit: defineFilter('urlsplit', { query: '' }, (v, p) => urlsplitFilter(pythonStr(v), strArg(p.query))),
  urldecode: defineFilter('urldecode', {}, (v) => urlUnquotePlus(pythonStr(v))),
}
