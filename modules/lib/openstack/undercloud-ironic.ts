// A standalone Ironic from Debian packages, the light alternative to a TripleO
// undercloud: packages, ironic.conf (sqlite, noauth, no RPC bus, fake and manual
// hardware types unless `config` says otherwise), the schema created once, the service
// running, and an rc file (like stackrc) for the openstack client.
import { change, ok, type Host, type ModuleOutcome, type ModuleResult } from '../../../engine/module.js'
import { applyFailure, readIfExists, runScript } from '../system/target.js'
import { mergeIni, renderIni, type IniConfig } from './ini-render.js'
import { ironicServiceState, startIronic, waitForApi, type ServiceState } from './ironic-service.js'

export interface IronicParams {
  config: IniConfig
  force: boolean
  packages: string[]
  conf_path: string
  rc_path: string
  pid_file: string
  log_file: string
  api_port: number
}

function defaults(p: IronicParams): IniConfig {
  return {
    DEFAULT: {
      auth_strategy: 'noauth',
      rpc_transport: 'none',
      enabled_hardware_types: 'fake-hardware,manual-management',
      enabled_power_interfaces: 'fake',
      enabled_management_interfaces: 'fake',
      enabled_boot_interfaces: 'fake,pxe',
      enabled_deploy_interfaces: 'fake,direct',
      enabled_inspect_interfaces: 'fake,no-inspect',
      enabled_network_interfaces: 'noop',
    },
    api: { host_ip: '127.0.0.1', port: p.api_port },
    database: { connection: 'sqlite:////var/lib/ironic/ironic.sqlite' },
    dhcp: { dhcp_provider: 'none' },
    conductor: { automated_clean: false },
  }
}

/** The sqlite file of a `sqlite:///path` connection (undefined for other databases). */
function sqlitePath(config: IniConfig): string | undefined {
  const connection = String((config.database as Record<string, unknown> | undefined)?.connection ?? '')
  return /^sqlite:\/\/\/(\/.+)$/.exec(connection)?.[1]
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
  schemaNeeded: boolean
  service: ServiceState
  endpoint: string
}

async function survey(host: Host, p: IronicParams): Promise<Survey> {
  const config = mergeIni(defaults(p), p.config)
  const host_ip = String((config.api as Record<string, unknown>).host_ip ?? '127.0.0.1')
  const endpoint = `http://${host_ip.includes(':') ? `[${host_ip}]` : host_ip}:${(config.api as Record<string, unknown>).port ?? p.api_port}`
  const db = sqlitePath(config)
  const [missing, conf, rc, dbStat, service] = await Promise.all([
    missingPackages(host, p.packages),
    readIfExists(host, p.conf_path),
    readIfExists(host, p.rc_path),
    db ? host.stat(db) : Promise.resolve(null),
    ironicServiceState(host, p.pid_file),
  ])
  const rcText = `export OS_AUTH_TYPE=none\nexport OS_ENDPOINT=${endpoint}\n`
  return { missing, conf: { current: conf, wanted: renderIni(config) }, rc: { current: rc, wanted: rcText }, schemaNeeded: !db || !dbStat, service, endpoint }
}

export async function planIronic(host: Host, p: IronicParams): Promise<ModuleOutcome> {
  const s = await survey(host, p)
  const confChanged = s.conf.current !== s.conf.wanted
  const result: ModuleResult = { flavor: 'ironic', endpoint: s.endpoint, rc_file: p.rc_path, config_file: p.conf_path, service_manager: s.service.manager }
  const todo = [
    s.missing.length && `install ${s.missing.join(', ')}`,
    confChanged && `write ${p.conf_path}`,
    s.schemaNeeded && 'create the database schema',
    (!s.service.running || confChanged || p.force) && (s.service.running ? 'restart ironic' : 'start ironic'),
    s.rc.current !== s.rc.wanted && `write ${p.rc_path}`,
  ].filter((step): step is string => !!step)
  if (!todo.length) return ok(result)
  return change({
    ...result,
    steps: todo,
    diff: [
      { before: s.conf.current ?? '', after: s.conf.wanted, before_header: p.conf_path, after_header: p.conf_path },
      { before: s.rc.current ?? '', after: s.rc.wanted, before_header: p.rc_path, after_header: p.rc_path },
    ],
    apply: () => applyIronic(host, p, s, confChanged),
  })
}

async function applyIronic(host: Host, p: IronicParams, s: Survey, confChanged: boolean): Promise<ModuleResult> {
  if (s.missing.length) {
    const r = await host.exec(['apt-get', 'install', '-y', '--no-install-recommends', ...s.missing], { env: { DEBIAN_FRONTEND: 'noninteractive' } })
    if (r.rc !== 0) return applyFailure(`apt-get could not install ${s.missing.join(', ')}`, { rc: r.rc, stdout: r.stdout, stderr: r.stderr })
  }
  if (confChanged) await host.write(p.conf_path, s.conf.wanted, { mode: 0o640 })
  if (s.schemaNeeded) {
    const r = await host.exec(['ironic-dbsync', '--config-file', p.conf_path, 'create_schema'])
    if (r.rc !== 0) return applyFailure('ironic-dbsync create_schema failed', { rc: r.rc, stdout: r.stdout, stderr: r.stderr })
  }
  if (!s.service.running || confChanged || p.force) {
    const problem = await startIronic(host, s.service, { confPath: p.conf_path, pidFile: p.pid_file, logFile: p.log_file, restart: s.service.running })
    if (problem) return applyFailure(problem)
    if (!(await waitForApi(host, s.endpoint, 60))) return applyFailure(`Ironic did not answer on ${s.endpoint} within 60s; see ${s.service.manager === 'systemd' ? 'journalctl -u ironic-api' : p.log_file}`)
  }
  if (s.rc.current !== s.rc.wanted) await host.write(p.rc_path, s.rc.wanted, { mode: 0o644 })
  return {}
}
