// A loopback HTTP server for get_url/unarchive tests: fixed routes, honours
// If-Modified-Since, records the requests it saw. Listens on 127.0.0.1 only.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Route {
  status?: number
  body?: string | Buffer
  headers?: Record<string, string>
  /** Last-Modified of the body; a request with a later If-Modified-Since gets 304. */
  lastModified?: Date
  /** user:password required (Basic). */
  auth?: string
}

export class TestServer {
  readonly requests: { method: string; url: string; headers: IncomingMessage['headers'] }[] = []
  private server?: Server
  port = 0

  constructor(readonly routes: Record<string, Route>) {}

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
      const route = this.routes[req.url ?? '']
      if (!route) {
        res.writeHead(404, 'Not Found').end('no such route')
        return
      }
      if (route.auth && req.headers.authorization !== `Basic ${Buffer.from(route.auth).toString('base64')}`) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' }).end()
        return
      }
      const since = req.headers['if-modified-since']
      if (route.lastModified && since && Date.parse(since) >= Math.floor(route.lastModified.getTime() / 1000) * 1000) {
        res.writeHead(304).end()
        return
      }
      const body = route.body ?? ''
      const headers: Record<string, string> = { 'Content-Length': String(Buffer.byteLength(body)), ...route.headers }
      if (route.lastModified) headers['Last-Modified'] = route.lastModified.toUTCString()
      res.writeHead(route.status ?? 200, headers)
      res.end(req.method === 'HEAD' ? undefined : body)
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve())
  }
}
