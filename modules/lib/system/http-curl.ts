// A fetch request as a curl config file (read from stdin with --config -), so no value
// reaches curl's argv. Values are double-quoted with curl's escapes.
import type { FetchRequest } from './http-fetch.js'

function quoted(value: string): string {
  const escaped = value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
  return `"${escaped}"`
}

/** RFC 7231 date for If-Modified-Since. */
function httpDate(seconds: number): string {
  return new Date(seconds * 1000).toUTCString()
}

export function curlConfig(req: FetchRequest): string {
  const lines: string[] = [`url = ${quoted(req.url)}`, 'silent', 'show-error', 'location']
  const set = (option: string, value: string) => lines.push(`${option} = ${quoted(value)}`)
  if (req.method === 'HEAD') lines.push('head')
  set('connect-timeout', String(req.timeout))
  // A stalled transfer (under 1 byte/s for `timeout` seconds) fails like a socket timeout.
  set('speed-limit', '1')
  set('speed-time', String(req.timeout))
  set('user-agent', req.userAgent ?? 'ansible-httpget')
  for (const [name, value] of Object.entries(req.headers ?? {})) set('header', `${name}: ${value}`)
  if (req.username !== undefined) {
    set('user', `${req.username}:${req.password ?? ''}`)
    lines.push(req.forceBasicAuth ? 'basic' : 'anyauth')
  }
  if (!req.validateCerts) lines.push('insecure')
  if (!req.useProxy) set('noproxy', '*')
  if (req.clientCert) set('cert', req.clientCert)
  if (req.clientKey) set('key', req.clientKey)
  if (req.ciphers?.length) set('ciphers', req.ciphers.join(':'))
  if (req.decompress !== false) lines.push('compressed')
  if (req.useNetrc !== false) lines.push('netrc-optional')
  // A plain header, not curl's time-cond: curl would drop a 200 body it judges not newer.
  if (req.ifModifiedSince !== undefined) set('header', `If-Modified-Since: ${httpDate(req.ifModifiedSince)}`)
  if (req.output !== undefined) set('output', req.output)
  return `${lines.join('\n')}\n`
}
