// wait_for: wait until a port opens or closes, a file appears (with some text) or
// goes away, or a port drains, checked on the target itself.
import { setTimeout as sleep } from 'node:timers/promises'
import { defineModule, fail, ok, type Host, type ModuleContext, type ModuleOutcome } from '../engine/module.js'
import { TCP_STATE_IDS, type DrainSpec } from './lib/proc-net.js'
import { compilePyRegex } from '../engine/template/filters/python-regex.js'
import { activeConnections, hexAddresses, ProbeUnavailable, tcpConnects, tcpReadMatches, toMatch, type Match } from './lib/wait-probes.js'

export interface WaitForParams {
  host: string
  timeout: number
  connect_timeout: number
  delay: number
  port?: number
  active_connection_states: string[]
  path?: string
  search_regex?: string
  state: 'absent' | 'drained' | 'present' | 'started' | 'stopped'
  exclude_hosts?: string[]
  sleep: number
  msg?: string
}

/** One check: true when the condition holds; may record what matched. */
type Check = () => Promise<boolean>

export default defineModule<WaitForParams>({
  name: 'wait_for',
  description:
    'Wait for a condition on the target: a TCP port open (started) or closed (stopped), a file present (optionally ' +
    'containing search_regex) or absent, a port without active connections (drained), or just `timeout` seconds. ' +
    'Changes nothing; runs in check mode too. Port checks need bash and timeout on the target.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      host: { type: 'string', default: '127.0.0.1', description: 'Host name or IP address to check, as the target resolves it.' },
      timeout: { type: 'integer', default: 300, description: 'Seconds to wait at most (alone: seconds to sleep).' },
      connect_timeout: { type: 'integer', default: 5, description: 'Seconds to wait for one connection attempt.' },
      delay: { type: 'integer', default: 0, description: 'Seconds to wait before the first check.' },
      port: { type: 'integer', minimum: 1, maximum: 65535, description: 'TCP port to check (not with path).' },
      active_connection_states: {
        type: 'array',
        items: { enum: Object.keys(TCP_STATE_IDS) },
        default: ['ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'SYN_RECV', 'SYN_SENT', 'TIME_WAIT'],
        description: 'TCP states counted as active connections for state=drained.',
      },
      path: { type: 'string', description: 'File on the target that must exist (or be absent); symlinks are followed.' },
      search_regex: { type: 'string', description: 'Regular expression to find in the file, or in what the port sends (multiline).' },
      state: {
        enum: ['absent', 'drained', 'present', 'started', 'stopped'],
        default: 'started',
        description: 'started/present: wait for the port/file; stopped/absent: wait for it to go; drained: no active connections.',
      },
      exclude_hosts: { type: 'array', items: { type: 'string' }, description: 'Remote hosts whose connections do not count (drained).' },
      sleep: { type: 'integer', default: 1, description: 'Seconds between checks.' },
      msg: { type: 'string', description: 'Message of the failure instead of the default one.' },
    },
  },
  examples: [
    `- name: Wait for the IPMI port of each VM
  wait_for:
    port: 6230
    timeout: 60`,
    `- name: Wait for the undercloud install to finish
  wait_for:
    path: /home/stack/install-undercloud.log
    search_regex: 'The Undercloud has been successfully installed'
    timeout: 3600`,
  ],
  async run(host, p, ctx) {
    const problem = invalidCombination(p)
    if (problem) return fail(problem, { elapsed: 0 })
    let regex: RegExp | undefined
    try {
      regex = p.search_regex === undefined ? undefined : compilePyRegex(p.search_regex, { multiline: true })
    } catch (err) {
      return fail(`Invalid regular expression: ${(err as Error).message}`)
    }
    try {
      return await waitFor(host, p, regex, ctx)
    } catch (err) {
      if (err instanceof ProbeUnavailable) return fail(err.message)
      throw err
    }
  },
})

function invalidCombination(p: WaitForParams): string | undefined {
  if (p.port !== undefined && p.path !== undefined) return 'port and path parameter can not both be passed to wait_for'
  if (p.path !== undefined && p.state === 'stopped') return 'state=stopped should only be used for checking a port in the wait_for module'
  if (p.path !== undefined && p.state === 'drained') return 'state=drained should only be used for checking a port in the wait_for module'
  if (p.exclude_hosts !== undefined && p.state !== 'drained') return 'exclude_hosts should only be with state=drained'
  return undefined
}

async function waitFor(host: Host, p: WaitForParams, regex: RegExp | undefined, ctx: ModuleContext): Promise<ModuleOutcome> {
  const start = Date.now()
  const elapsed = (): number => Math.floor((Date.now() - start) / 1000)
  if (p.delay > 0) await sleep(p.delay * 1000, undefined, { signal: ctx.signal })
  const found: { match?: Match } = {}
  if (p.port === undefined && p.path === undefined && p.state !== 'drained') {
    await sleep(p.timeout * 1000, undefined, { signal: ctx.signal })
  } else {
    const deadline = start + p.timeout * 1000
    const check = await makeCheck(host, p, regex, deadline, found, ctx)
    if (!(await poll(check, deadline, p.sleep, ctx))) return fail(p.msg ?? timeoutMessage(p), { elapsed: elapsed() })
  }
  return ok({
    state: p.state,
    port: p.port ?? null,
    search_regex: p.search_regex ?? null,
    match_groups: found.match?.groups ?? [],
    match_groupdict: found.match?.groupdict ?? {},
    path: p.path ?? null,
    elapsed: elapsed(),
  })
}

/** Repeat `check` every `sleepSeconds` until it holds (true) or the deadline passes (false). */
async function poll(check: Check, deadline: number, sleepSeconds: number, ctx: ModuleContext): Promise<boolean> {
  while (Date.now() < deadline) {
    if (await check()) return true
    await sleep(sleepSeconds * 1000, undefined, { signal: ctx.signal })
  }
  return false
}

async function makeCheck(host: Host, p: WaitForParams, regex: RegExp | undefined, deadline: number, found: { match?: Match }, ctx: ModuleContext): Promise<Check> {
  const remaining = (): number => Math.max(0, (deadline - Date.now()) / 1000)
  const waitingForGone = p.state === 'absent' || p.state === 'stopped'
  if (p.state === 'drained') {
    const spec: DrainSpec = {
      port: p.port ?? 0,
      addresses: await hexAddresses(host, [p.host]),
      excluded: await hexAddresses(host, p.exclude_hosts ?? []),
      states: p.active_connection_states,
    }
    return async () => (await activeConnections(host, spec)) === 0
  }
  if (p.path !== undefined) {
    const path = p.path
    if (waitingForGone) return async () => (await host.stat(path, { follow: true })) === null
    return async () => {
      if ((await host.stat(path, { follow: true })) === null) return false
      if (!regex) return true
      const text = await host.read(path).catch(() => undefined)
      const m = text === undefined ? null : regex.exec(text)
      if (m) found.match = toMatch(m)
      return m !== null
    }
  }
  const port = p.port!
  if (waitingForGone) return async () => !(await tcpConnects(host, p.host, port, p.connect_timeout))
  if (!regex) return () => tcpConnects(host, p.host, port, Math.min(p.connect_timeout, Math.ceil(remaining())))
  return async () => {
    const m = await tcpReadMatches(host, p.host, port, regex, remaining(), ctx.signal)
    if (m) found.match = m
    return m !== undefined
  }
}

function timeoutMessage(p: WaitForParams): string {
  const where = p.port !== undefined ? `${p.host}:${p.port}` : p.path
  switch (p.state) {
    case 'stopped':
      return `Timeout when waiting for ${where} to stop.`
    case 'absent':
      return p.port !== undefined ? `Timeout when waiting for ${where} to stop.` : `Timeout when waiting for ${where} to be absent.`
    case 'drained':
      return `Timeout when waiting for ${p.host}:${p.port} to drain`
    default:
      if (p.search_regex !== undefined) return `Timeout when waiting for search string ${p.search_regex} in ${where}`
      return p.port !== undefined ? `Timeout when waiting for ${where}` : `Timeout when waiting for file ${where}`
  }
}
