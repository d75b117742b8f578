// Single checks wait_for repeats, all done on the target through the Host facade so
// they work the same over ssh: TCP connects use bash's /dev/tcp under `timeout`.
import { isIP } from 'node:net'
import type { Host } from '../../engine/module.js'
import { countActive, procHex, type DrainSpec, type HexAddress } from './proc-net.js'

export class ProbeUnavailable extends Error {}

// $0 host, $1 port. Exit 0 when a connection was made.
const CONNECT = 'exec 3<>"/dev/tcp/$0/$1"'
// Connect, then copy what the server sends to stdout.
const CONNECT_AND_READ = 'exec 3<>"/dev/tcp/$0/$1" || exit 3; cat <&3'

function probeArgv(seconds: number, script: string, target: string, port: number): string[] {
  return ['timeout', String(Math.max(1, Math.ceil(seconds))), 'bash', '-c', script, target, String(port)]
}

function checkRunnable(rc: number, stderr: string): void {
  if (rc === 127 || rc === 126) {
    throw new ProbeUnavailable(`wait_for needs bash and timeout on the target to test ports: ${stderr.trim()}`)
  }
}

/** True when a TCP connection to target:port succeeds within `seconds`. */
export async function tcpConnects(host: Host, target: string, port: number, seconds: number): Promise<boolean> {
  const r = await host.exec(probeArgv(seconds, CONNECT, target, port))
  checkRunnable(r.rc, r.stderr)
  return r.rc === 0
}

export interface Match {
  groups: string[]
  groupdict: Record<string, string>
}

/** Connects and reads until `regex` matches what the server sent, the server closes, or time runs out. */
export async function tcpReadMatches(host: Host, target: string, port: number, regex: RegExp, seconds: number, signal?: AbortSignal): Promise<Match | undefined> {
  const stop = new AbortController()
  let received = ''
  let match: RegExpExecArray | null = null
  const onStdout = (chunk: string): void => {
    received += chunk
    match ??= regex.exec(received)
    if (match) stop.abort()
  }
  try {
    const r = await host.exec(probeArgv(seconds, CONNECT_AND_READ, target, port), {
      onStdout,
      signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
    })
    checkRunnable(r.rc, r.stderr)
    match ??= regex.exec(r.stdout)
  } catch (err) {
    // Our own abort means "found it"; the run's abort is passed on.
    if (!stop.signal.aborted || signal?.aborted) throw err
  }
  return match ? toMatch(match) : undefined
}

export function toMatch(m: RegExpExecArray): Match {
  return { groups: m.slice(1).map((g) => g ?? ''), groupdict: { ...(m.groups ?? {}) } }
}

/** IP addresses of a name as the target resolves it. */
export async function resolveOnTarget(host: Host, name: string): Promise<string[]> {
  if (isIP(name)) return [name]
  const r = await host.exec(['getent', 'ahosts', name])
  const ips = new Set(r.stdout.split('\n').map((line) => line.split(/\s+/)[0]!).filter((ip) => isIP(ip)))
  return [...ips]
}

export async function hexAddresses(host: Host, names: string[]): Promise<HexAddress[]> {
  const ips = (await Promise.all(names.map((n) => resolveOnTarget(host, n)))).flat()
  return ips.map(procHex)
}

/** Active connections on the port, from the target's /proc/net/tcp and tcp6. */
export async function activeConnections(host: Host, spec: DrainSpec): Promise<number> {
  let total = 0
  for (const [file, family] of [['/proc/net/tcp', 4], ['/proc/net/tcp6', 6]] as const) {
    const table = await host.read(file).catch(() => '')
    total += countActive(table, family, spec)
  }
  return total
}
