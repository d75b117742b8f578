// What the standalone-Ironic suite needs around the modules under test: the Debian
// packages (installed when missing; under CI=true a failure to install fails), a
// private folder for everything Ironic writes (config, sqlite, pid, log, TFTP/HTTP
// roots), free loopback ports, the openstack client with the suite's rc file, and
// the Ironic process stopped by its pid at the end.
import { spawnSync } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validateModuleParams } from '../../../engine/load/module-params.js'
import { TaskHost, type ModuleDefinition, type ModuleResult } from '../../../engine/module.js'
import { LocalConnection } from '../../../engine/connection/local.js'
import { fakeContext } from '../../unit/modules/fake-host.js'

export const PACKAGES = ['ironic-common', 'python3-ironicclient', 'python3-openstackclient']
const inCI = process.env.CI === 'true' || process.env.CI === '1'

function run(argv: string[], timeoutMs = 120_000, env: Record<string, string> = {}): { ok: boolean; out: string; stdout: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ...env } })
  return { ok: r.status === 0, stdout: r.stdout ?? '', out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`.trim() }
}

const missing = () => PACKAGES.filter((p) => !run(['dpkg-query', '-W', '-f', '${db:Status-Abbrev}', p]).stdout.startsWith('ii'))

/** Installs what is missing; returns why Ironic cannot be had here, or undefined. */
function install(): string | undefined {
  const absent = missing()
  if (!absent.length) return undefined
  if (process.getuid?.() !== 0) return `missing ${absent.join(', ')} and not root to install them`
  const apt = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-q', '--no-install-recommends', ...PACKAGES]
  let r = run(apt, 900_000)
  if (!r.ok) {
    run(['apt-get', 'update', '-q'], 300_000)
    r = run(apt, 900_000)
  }
  return r.ok ? undefined : `apt-get install ${PACKAGES.join(' ')} failed: ${r.out.slice(-500)}`
}

/** Mocha hook body: the packages, or a loud skip (a failure under CI=true). */
export function requireIronicPackages(ctx: Mocha.Context): void {
  const problem = install()
  if (!problem) return
  if (inCI) throw new Error(`the Ironic suite cannot run: ${problem}`)
  console.warn(`    SKIPPED Ironic integration tests: ${problem}`)
  ctx.skip()
}

/** A port nobody listens on right now (TCP or UDP on 127.0.0.1). */
export function freePort(kind: 'tcp' | 'udp'): Promise<number> {
  if (kind === 'udp') {
    const socket = createSocket('udp4')
    return new Promise((resolve) => socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address()
      socket.close(() => resolve(port))
    }))
  }
  const server = createServer()
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address()
    server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
  }))
}

/** The suite's folder and every path undercloud_install takes. */
export class IronicSandbox {
  readonly dir = mkdtempSync(join(tmpdir(), 'tsplay-ironic-'))
  readonly conf = join(this.dir, 'ironic.conf')
  readonly rc = join(this.dir, 'ironicrc')
  readonly pidFile = join(this.dir, 'ironic.pid')
  readonly log = join(this.dir, 'ironic.log')
  readonly db = join(this.dir, 'db', 'ironic.sqlite')

  constructor(readonly port: number) {}

  /** undercloud_install parameters: everything in the folder; a dead BMC fails within seconds. */
  params(config: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      flavor: 'ironic',
      conf_path: this.conf,
      rc_path: this.rc,
      pid_file: this.pidFile,
      log_file: this.log,
      database_path: this.db,
      api_port: this.port,
      config: {
        ipmi: { command_retry_timeout: 3, min_command_interval: 1 },
        pxe: { tftp_root: join(this.dir, 'tftpboot') },
        deploy: { http_root: join(this.dir, 'httpboot') },
        ...config,
      },
    }
  }

  pid(): number {
    return Number(readFileSync(this.pidFile, 'utf8').trim())
  }

  /** `openstack baremetal ARGS -f json` with the suite's rc file. */
  baremetal<T = unknown>(...args: string[]): T {
    const env = { OS_AUTH_TYPE: 'none', OS_ENDPOINT: `http://127.0.0.1:${this.port}` }
    const r = run(['openstack', 'baremetal', ...args, '-f', 'json'], 60_000, env)
    if (!r.ok) throw new Error(`openstack baremetal ${args.join(' ')}: ${r.out}`)
    return JSON.parse(r.stdout) as T
  }

  /** Stops the Ironic this suite started (by the pid in its pid file), then removes the folder. */
  async destroy(): Promise<void> {
    let pid = 0
    try {
      pid = this.pid()
    } catch {
      /* never started */
    }
    if (pid > 0 && runsOurConf(pid, this.conf)) {
      process.kill(pid, 'SIGTERM')
      const deadline = Date.now() + 15_000
      while (runsOurConf(pid, this.conf) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200))
      if (runsOurConf(pid, this.conf)) process.kill(pid, 'SIGKILL')
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** The process exists, is no zombie, and runs with our config file. */
export function runsOurConf(pid: number, conf: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(conf)
  } catch {
    return false
  }
}

export interface TaskRun extends ModuleResult {
  changed: boolean
  failed?: boolean
  progress: string[]
}

const host = new TaskHost('localhost', new LocalConnection(), {})

/** A module run as a task would: schema defaults, run(), apply unless in check mode; progress kept. */
export async function runTask(def: ModuleDefinition, params: Record<string, unknown>, opts: { check?: boolean } = {}): Promise<TaskRun> {
  const ctx = fakeContext({ checkMode: opts.check ?? false, diffMode: true })
  const out = await def.run(host, validateModuleParams(def, params), ctx)
  const result: TaskRun = { ...out.result, changed: out.kind === 'change', progress: ctx.progressLines }
  if (out.kind === 'fail') result.failed = true
  if (out.kind === 'change') {
    if (out.diff) result.diff = out.diff
    if (!opts.check && out.apply) Object.assign(result, await out.apply())
  }
  return result
}
