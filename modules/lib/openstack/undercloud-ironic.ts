// A standalone Ironic from Debian packages, the light alternative to a TripleO
// undercloud: packages, ironic.conf (sqlite, noauth, no RPC bus, ipmi, fake and manual
// hardware types unless `config` says otherwise), the schema created once, the service
// running, and an rc file (like stackrc) for the openstack client. Without an inspection
// service (ironic-inspector) only fake-hardware nodes can be inspected; node_introspect
// makes the others available uninspected and says so.
import { posix } from 'node:path'
import type { ExecResult } from '../../../engine/connection/connection.js'
import { change, ok, type Host, type ModuleOutcome, type ModuleResult } from '../../../engine/module.js'
import { applyFailure, readIfExists, runScript } from '../system/target.js'
import { mergeIni, renderIni, type IniConfig } from './ini-render.js'
import { ironicServiceState, startIronic, waitForIronic, type ServiceSpec, type ServiceState } from './ironic-service.js'

export interface IronicParams {
  config: IniConfig
  force: boolean
  packages: string[]
  conf_path: string
  rc_path: string
  pid_file: string
  log_file: string
  database_path: string
  api_port: number
  service_name: string
  start_timeout: number
}

function defaults(p: IronicParams): IniConfig {
  return {
    DEFAULT: {
      auth_strategy: 'noauth',
      // One process serves API and conductor, so they need no message bus between them.
      rpc_transport: 'none',
      enabled_hardware_types: 'ipmi,fake-hardware,manual-management',
      enabled_power_interfaces: 'ipmitool,fake',
      enabled_management_interfaces: 'ipmitool,fake',
      enabled_boot_interfaces: 'fake,pxe',
      enabled_deploy_interfaces: 'fake,direct',
      enabled_inspect_interfaces: 'fake,no-inspect',
      enabled_network_interfaces: 'noop',
    },
    api: { host_ip: '127.0.0.1', port: p.api_port },
    database: { connection: `sqlite:///${p.database_path}` },
    dhcp: { dhcp_provider: 'none' },
    conductor: { automated_clean: false },
    // The conductor creates these at start when pxe boot is enabled; beside Debian's httpboot, not at /.
    pxe: { tftp_root: '/var/lib/ironic/tftpboot' },
    deploy: { http_root: '/var/lib/ironic/httpboot' },
  }
}

/** The sqlite file of a `sqlite:///path` connection (undefined for other databases). */
function sqlitePath(config: IniConfig): string | undefined {
  const connection = String((config.database as Record<string, unknown> | undefined)?.connection ?? '')
  return /^sqlite:\/\/\/(\/.+)$/.exec(connection)?.[1]
}

/** Where clients reach the API: a wildcard listen address is reached on loopback. */
function endpointOf(config: IniConfig, p: IronicParams): string {
  const api = (config.api ?? {}) as Record<string, unknown>
  const listen = String(api.host_ip ?? '0.0.0.0')
  const host = listen === '0.0.0.0' ? '127.0.0.1' : listen === '::' ? '::1' : listen
  return `http://${host.includes(':') ? `[${host}]` : host}:${api.port ?? p.api_port}`
}

async function missingPackages(host: Host, packages: string[]): Promise<string[]> {
  const r = await runScript(host, 'dpkg-query -W -f "\\${db:Status-Abbrev} \\${Package}\\n" "$@" 2>/dev/null; true', packages)
  const installed = new Set(r.stdout.split('\n').filter((l) => l.startsWith('ii ')).map((l) => l.trim().split(/\s+/).pop()))
  return packages.filter((name) => !installed.has(name))
}

interface Survey {
  missing: string[]
  conf: { current?: string; wanted: string }
  rc: { current?: string; wanted: string }
  /** The sqlite file, when the database is one. */
  db?: string
  schemaNeeded: boolean
  service: ServiceState
  endpoint: string
}

function serviceSpec(p: IronicParams): ServiceSpec {
  return { confPath: p.conf_path, pidFile: p.pid_file, logFile: p.log_file, unitName: p.service_name }
}

async function survey(host: Host, p: IronicParams): Promise<Survey> {
  const config = mergeIni(defaults(p), p.config)
  const endpoint = endpointOf(config, p)
  const db = sqlitePath(config)
  const [missing, conf, rc, dbStat, service] = await Promise.all([
    missingPackages(host, p.packages),
    readIfExists(host, p.conf_path),
    readIfExists(host, p.rc_path),
    db ? host.stat(db) : Promise.resolve(null),
    ironicServiceState(host, serviceSpec(p)),
  ])
  const rcText = `export OS_AUTH_TYPE=none\nexport OS_ENDPOINT=${endpoint}\n`
  // Other databases get `ironic-dbsync upgrade` (idempotent) whenever the service starts.
  const schemaNeeded = !!db && !dbStat
  return { missing, conf: { current: conf, wanted: renderIni(config) }, rc: { current: rc, wanted: rcText }, db, schemaNeeded, service, endpoint }
}

function unitChanged(s: Survey): boolean {
  return !!s.service.unit && s.service.unit.current !== s.service.unit.wanted
}

export async function planIronic(host: Host, p: IronicParams): Promise<ModuleOutcome> {
  const s = await survey(host, p)
  const confChanged = s.conf.current !== s.conf.wanted
  const start = !s.service.running || confChanged || unitChanged(s) || p.force
  const result: ModuleResult = { flavor: 'ironic', endpoint: s.endpoint, rc_file: p.rc_path, config_file: p.conf_path, service_manager: s.service.manager }
  if (s.service.manager === 'process') Object.assign(result, { pid_file: p.pid_file, log_file: p.log_file })
  else result.service = `${p.service_name}.service`
  const todo = [
    s.missing.length && `install ${s.missing.join(', ')}`,
    confChanged && `write ${p.conf_path}`,
    unitChanged(s) && `write ${s.service.unit!.path}`,
    s.schemaNeeded && 'create the database schema',
    start && (s.service.running ? 'restart ironic' : 'start ironic'),
    s.rc.current !== s.rc.wanted && `write ${p.rc_path}`,
  ].filter((step): step is string => !!step)
  if (!todo.length) return ok(result)
  const fileDiff = (path: string, f: { current?: string; wanted: string }) => ({ before: f.current ?? '', after: f.wanted, before_header: path, after_header: path })
  const diff = [fileDiff(p.conf_path, s.conf), fileDiff(p.rc_path, s.rc)]
  if (s.service.unit) diff.push(fileDiff(s.service.unit.path, s.service.unit))
  return change({ ...result, steps: todo, diff, apply: () => applyIronic(host, p, s, { confChanged, start }) })
}

/** apt-get install, and once more after `apt-get update` (a fresh machine has no package lists). */
async function installPackages(host: Host, packages: string[]): Promise<ExecResult> {
  const env = { DEBIAN_FRONTEND: 'noninteractive' }
  const install = () => host.exec(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...packages], { env })
  const first = await install()
  if (first.rc === 0) return first
  await host.exec(['apt-get', 'update', '-q'], { env })
  return install()
}

async function applyIronic(host: Host, p: IronicParams, s: Survey, todo: { confChanged: boolean; start: boolean }): Promise<ModuleResult> {
  if (s.missing.length) {
    const r = await installPackages(host, s.missing)
    if (r.rc !== 0) return applyFailure(`apt-get could not install ${s.missing.join(', ')}`, { rc: r.rc, stdout: r.stdout, stderr: r.stderr })
  }
  const folders = [p.conf_path, p.rc_path, ...(s.service.manager === 'process' ? [p.pid_file, p.log_file] : []), ...(s.db ? [s.db] : [])].map((path) => posix.dirname(path))
  await host.exec(['mkdir', '-p', ...new Set(folders)])
  if (todo.confChanged) await host.write(p.conf_path, s.conf.wanted, { mode: 0o640 })
  const dbsync = s.schemaNeeded ? 'create_schema' : !s.db && todo.start ? 'upgrade' : undefined
  if (dbsync) {
    const r = await host.exec(['ironic-dbsync', '--config-file', p.conf_path, dbsync])
    if (r.rc !== 0) return applyFailure(`ironic-dbsync ${dbsync} failed`, { rc: r.rc, stdout: r.stdout, stderr: r.stderr })
  }
  if (todo.start) {
    const spec = serviceSpec(p)
    const problem = (await startIronic(host, s.service, spec, s.endpoint)) ?? (await waitForIronic(host, s.service, spec, s.endpoint, p.start_timeout))
    if (problem) return applyFailure(problem)
  }
  if (s.rc.current !== s.rc.wanted) await host.write(p.rc_path, s.rc.wanted, { mode: 0o644 })
  return {}
}
