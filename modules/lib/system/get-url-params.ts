// get_url's parameters, and the fetch request they describe.
import type { ModeParam } from '../files/mode.js'
import type { FetchRequest } from './http-fetch.js'

export interface GetUrlParams {
  url: string
  dest: string
  backup: boolean
  checksum: string
  force: boolean
  timeout: number
  headers?: Record<string, string>
  tmp_dest?: string
  validate_certs: boolean
  use_proxy: boolean
  url_username?: string
  url_password?: string
  force_basic_auth: boolean
  http_agent: string
  client_cert?: string
  client_key?: string
  decompress: boolean
  ciphers?: string[]
  use_netrc: boolean
  mode?: ModeParam
  owner?: string
  group?: string
}

/** The request for `url` with the task's connection options. */
export function requestFor(p: GetUrlParams, url: string, extra: Partial<FetchRequest> = {}): FetchRequest {
  return {
    url,
    timeout: p.timeout,
    headers: p.headers ? Object.fromEntries(Object.entries(p.headers).map(([k, v]) => [k, String(v)])) : undefined,
    validateCerts: p.validate_certs,
    useProxy: p.use_proxy,
    username: p.url_username,
    password: p.url_password,
    forceBasicAuth: p.force_basic_auth,
    userAgent: p.http_agent,
    clientCert: p.client_cert,
    clientKey: p.client_key,
    ciphers: p.ciphers,
    decompress: p.decompress,
    useNetrc: p.use_netrc,
    ...extra,
  }
}

/** The last component of a URL's path as written (not decoded), or index.html. */
export function urlFilename(url: string): string {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').split(/[?#]/)[0]!
  const name = path.slice(path.lastIndexOf('/') + 1)
  return name === '' ? 'index.html' : name
}

/** A file name from Content-Disposition: attachment; filename="…" (its last component only). */
export function filenameFromHeaders(headers: Record<string, string>): string | undefined {
  const m = /^attachment; ?filename="?([^"]+)/.exec(headers['content-disposition'] ?? '')
  if (!m) return undefined
  const name = m[1]!.slice(m[1]!.lastIndexOf('/') + 1)
  return name || undefined
}
