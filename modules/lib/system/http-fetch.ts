// HTTP(S)/FTP requests made ON THE TARGET, so a download lands where Ansible's would
// (the target's network, proxies and CA store) and works the same over SSH. curl does
// the work when the target has it, python3's urllib otherwise. Request options — the
// password included — travel on stdin, never in an argv. The body goes to a file on
// the target or comes back as text; status, final URL and headers come back either way.
import { STATUS_CODES } from 'node:http'
import type { Host } from '../../../engine/module.js'
import { curlConfig } from './http-curl.js'
import { FETCH_MARK, HEADERS_MARK } from './http-marks.js'
import { PYTHON_FETCH } from './http-python.js'
import { firstCommand, runScript } from './target.js'

export interface FetchRequest {
  url: string
  method?: 'GET' | 'HEAD'
  headers?: Record<string, string>
  /** Seconds to wait for the connection and between data. */
  timeout: number
  validateCerts: boolean
  useProxy: boolean
  username?: string
  password?: string
  /** Send credentials at once, not only after a 401 challenge. */
  forceBasicAuth?: boolean
  userAgent?: string
  clientCert?: string
  clientKey?: string
  ciphers?: string[]
  decompress?: boolean
  useNetrc?: boolean
  /** Seconds since the epoch: ask only for a newer body (If-Modified-Since). */
  ifModifiedSince?: number
  /** Write the body to this target path; without it the body returns as text. */
  output?: string
}

export interface FetchResponse {
  /** HTTP status of the last response; -1 when no response arrived. */
  status: number
  /** Ansible's info['msg']: "OK (N bytes)", "HTTP Error 404: Not Found" or "Request failed: …". */
  msg: string
  /** URL after redirects. */
  url: string
  /** Headers of the last response, names in lower case. */
  headers: Record<string, string>
  body?: string
}


// curl writes the body (or nothing, with an output file), then the -w line; the
// headers it dumped to a temporary file follow the second mark.
const CURL_SCRIPT = `h=$(mktemp) || exit 125
curl --config - --dump-header "$h" --write-out '\\n${FETCH_MARK} %{http_code} %{url_effective}\\n'; rc=$?
printf '%s\\n' '${HEADERS_MARK}'; cat "$h"; rm -f "$h"; exit $rc`

/** Which tool fetches on this target (cached per host object). */
const tools = new WeakMap<Host, string | undefined>()

async function fetchTool(host: Host): Promise<string | undefined> {
  if (!tools.has(host)) tools.set(host, await firstCommand(host, ['curl', 'python3']))
  return tools.get(host)
}

export class FetchUnavailable extends Error {}

export type FetchTool = 'curl' | 'python3'

/** Fetch with `tool`, or with the first of curl/python3 the target has. */
export async function fetchOnTarget(host: Host, req: FetchRequest, tool?: FetchTool): Promise<FetchResponse> {
  tool ??= (await fetchTool(host)) as FetchTool | undefined
  if (tool === 'curl') {
    const r = await runScript(host, CURL_SCRIPT, [], { stdin: curlConfig(req) })
    return parseFetchOutput(r.stdout, r.rc === 0 ? '' : curlError(r.stderr, r.rc), req)
  }
  if (tool === 'python3') {
    const r = await host.exec(['python3', '-c', PYTHON_FETCH], { stdin: JSON.stringify(req) })
    return parseFetchOutput(r.stdout, r.rc === 0 ? '' : r.stderr.trim() || `python3 exited with ${r.rc}`, req)
  }
  throw new FetchUnavailable('the target has neither curl nor python3 to download with')
}

function curlError(stderr: string, rc: number): string {
  const line = stderr.split('\n').find((l) => l.startsWith('curl: ('))
  return line ? line.replace(/^curl: \(\d+\) /, '') : stderr.trim() || `curl exited with ${rc}`
}

/** The headers of the last response in a dump that may hold several (redirects, 100 Continue). */
export function lastHeaderBlock(dump: string): { status: number; reason: string; headers: Record<string, string> } {
  const blocks = dump.replaceAll('\r', '').split(/\n\n+/).filter((b) => /^(HTTP\/|\d{3} )/.test(b.trimStart()))
  const last = blocks.at(-1)?.trimStart() ?? ''
  const [statusLine = '', ...lines] = last.split('\n')
  const m = /^(?:HTTP\/\S+\s+)?(\d{3})\s*(.*)$/.exec(statusLine)
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const at = line.indexOf(':')
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim()
  }
  return { status: m ? Number(m[1]) : -1, reason: m?.[2] ?? '', headers }
}

/** Output of either fetcher: [body]\nFETCH_MARK status url\nHEADERS_MARK\n[headers]. */
export function parseFetchOutput(stdout: string, error: string, req: FetchRequest): FetchResponse {
  const headerAt = stdout.lastIndexOf(`${HEADERS_MARK}\n`)
  const dump = headerAt >= 0 ? stdout.slice(headerAt + HEADERS_MARK.length + 1) : ''
  const head = headerAt >= 0 ? stdout.slice(0, headerAt) : stdout
  const markAt = head.lastIndexOf(`\n${FETCH_MARK} `)
  const meta = markAt >= 0 ? head.slice(markAt + FETCH_MARK.length + 2).trim() : ''
  const [, finalUrl = req.url] = /^\d+ (.*)$/.exec(meta) ?? []
  const { status, reason, headers } = lastHeaderBlock(dump)
  const response: FetchResponse = { status, url: finalUrl || req.url, headers, msg: '' }
  if (req.output === undefined && markAt >= 0) response.body = head.slice(0, markAt)
  if (error) return { ...response, status: -1, msg: `Request failed: ${error}` }
  const ok = `OK (${headers['content-length'] ?? 'unknown'} bytes)`
  // file:// and ftp:// have no HTTP status: success is the transfer finishing.
  if (/^(file|ftp):/.test(req.url)) return { ...response, status: 200, msg: ok }
  response.msg = status >= 200 && status < 300 ? ok : `HTTP Error ${status}: ${reason || STATUS_CODES[status] || ''}`.trimEnd()
  return response
}
