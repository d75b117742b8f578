// Services without systemd: init scripts run through `service` (or directly), boot
// links through update-rc.d or chkconfig. Status follows LSB exit codes first and
// the wording of one-line status output second, as ansible-core's service module does.
import { change, fail, ok, type Host, type ModuleContext, type ModuleOutcome, type ModuleResult } from '../../../engine/module.js'
import { shellSplit } from '../../../engine/util/shlex.js'
import { describeManager, type ServiceManagerInfo } from './service-manager.js'
import { applyFailure, runScript } from './target.js'

export interface SysvParams {
  name: string
  state?: 'started' | 'stopped' | 'reloaded' | 'restarted'
  enabled?: boolean
  sleep?: number
  pattern?: string
  runlevel: string
  arguments: string
}

/** What the target offers for this service. */
interface SysvTools {
  initScript?: string
  upstartJob: boolean
  service?: string
  updateRcd?: string
  chkconfig?: string
  startLinks: boolean
  killLinks: boolean
}

const PROBE = `n=$1
case $n in /*) s=$n;; *) s=/etc/init.d/$n;; esac
[ -f "$s" ] && echo "initscript=$s"
[ -f "/etc/init/$n.conf" ] && echo upstart=yes
for c in service update-rc.d chkconfig; do p=$(command -v "$c" 2>/dev/null) && echo "$c=$p"; done
base=/etc; [ -d /etc/rc0.d ] || base=/etc/init.d
for f in "$base"/rc?.d/S??"$n"; do if [ -e "$f" ] || [ -L "$f" ]; then echo startlinks=yes; break; fi; done
for f in "$base"/rc?.d/K??"$n"; do if [ -e "$f" ] || [ -L "$f" ]; then echo killlinks=yes; break; fi; done
exit 0`

// Daemons started by init scripts keep inherited descriptors open: their output goes
// to files, so the command ends when the script does, not when the daemon exits.
const DETACHED = `o=$(mktemp) && e=$(mktemp) || exit 125
"$@" </dev/null >"$o" 2>"$e"; rc=$?
cat "$o"; cat "$e" >&2; rm -f "$o" "$e"; exit $rc`

const C_LOCALE = { LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C' }

async function probeTools(host: Host, name: string): Promise<SysvTools> {
  const r = await runScript(host, PROBE, [name])
  const found = new Map(r.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
  return {
    initScript: found.get('initscript'),
    upstartJob: found.has('upstart'),
    service: found.get('service'),
    updateRcd: found.get('update-rc.d'),
    chkconfig: found.get('chkconfig'),
    startLinks: found.has('startlinks'),
    killLinks: found.has('killlinks'),
  }
}

/** argv of one init action: `service NAME action args` or `/etc/init.d/NAME action args`. */
function controlArgv(tools: SysvTools, p: SysvParams, action: string): string[] {
  const extra = p.arguments ? shellSplit(p.arguments) : []
  if (tools.service) return [tools.service, p.name, action, ...extra]
  return [tools.initScript!, action, ...extra]
}

function runDetached(host: Host, argv: string[]) {
  return runScript(host, DETACHED, argv, { env: C_LOCALE })
}

/** running / stopped from the status action, the way ansible-core reads it. */
export function interpretStatus(name: string, rc: number, stdout: string): boolean {
  if ([1, 2, 3, 4, 69].includes(rc)) return false
  if (stdout.split('\n').length - 1 <= 1) {
    const clean = stdout.toLowerCase().replaceAll(name.toLowerCase(), '')
    if (clean.includes('stop')) return false
    if (clean.includes('run')) return !clean.includes('not ')
    if (clean.includes('start') && !clean.includes('not ')) return true
    const deadSigns = ['could not access pid file', 'is dead and pid file exists', 'dead but subsys locked', 'dead but pid file exists']
    if (deadSigns.some((s) => clean.includes(s))) return false
  }
  return rc === 0
}

async function isRunning(host: Host, tools: SysvTools, p: SysvParams): Promise<boolean> {
  if (p.pattern) {
    const ps = await host.exec(['ps', 'auxww'])
    return ps.rc === 0 && ps.stdout.split('\n').some((line) => line.includes(p.pattern!))
  }
  const r = await runDetached(host, controlArgv(tools, p, 'status'))
  return interpretStatus(p.name, r.rc, r.stdout)
}

/** A command to run in apply, with the message shown if it fails. */
interface Step {
  argv: string[]
  /** restart: the stop half may fail (the service was not running). */
  mayFail?: boolean
  sleepAfter?: number
}

async function enableSteps(host: Host, tools: SysvTools, p: SysvParams): Promise<Step[] | string> {
  const wanted = p.enabled!
  if (tools.updateRcd) {
    if (tools.startLinks === wanted) return []
    if (!wanted) return [{ argv: [tools.updateRcd, p.name, 'disable'] }]
    const defaults = tools.killLinks ? [] : [{ argv: [tools.updateRcd, p.name, 'defaults'] }]
    return [...defaults, { argv: [tools.updateRcd, p.name, 'enable'] }]
  }
  if (tools.chkconfig) {
    const list = await host.exec([tools.chkconfig, '--list', p.name], { env: C_LOCALE })
    if (!list.stdout.includes(p.name)) return `service ${p.name} does not support chkconfig`
    const word = wanted ? 'on' : 'off'
    if (list.stdout.includes(`3:${word}`) && list.stdout.includes(`5:${word}`)) return []
    return [{ argv: [tools.chkconfig, p.name, word] }]
  }
  return `cannot detect command to enable service ${p.name}, typo or init system potentially unknown`
}

function stateSteps(tools: SysvTools, p: SysvParams, running: boolean): Step[] {
  const act = (action: string): Step => ({ argv: controlArgv(tools, p, action) })
  switch (p.state) {
    case 'started': return running ? [] : [act('start')]
    case 'stopped': return running ? [act('stop')] : []
    case 'reloaded': return running ? [act('reload')] : [act('start')]
    case 'restarted': return [{ ...act('stop'), mayFail: true, sleepAfter: p.sleep }, act('start')]
    default: return []
  }
}

export async function runSysvService(host: Host, p: SysvParams, ctx: ModuleContext, manager: ServiceManagerInfo): Promise<ModuleOutcome> {
  const tools = await probeTools(host, p.name)
  if (!tools.initScript && !(tools.upstartJob && tools.service)) {
    const script = p.name.startsWith('/') ? p.name : `/etc/init.d/${p.name}`
    return fail(`Could not find the requested service ${p.name}: systemd does not manage this host (${describeManager(manager)}) and there is no init script ${script}`)
  }
  const result: ModuleResult = { name: p.name }
  const steps: Step[] = []
  if (p.enabled !== undefined) {
    const enabling = await enableSteps(host, tools, p)
    if (typeof enabling === 'string') return fail(enabling, result)
    steps.push(...enabling)
    result.enabled = p.enabled
  }
  if (p.state !== undefined) {
    steps.push(...stateSteps(tools, p, await isRunning(host, tools, p)))
    result.state = p.state === 'stopped' ? 'stopped' : 'started'
  }
  if (steps.length === 0) return ok(result)
  // ansible-core's service module stops here in check mode with this message.
  if (ctx.checkMode) return change(p.state !== undefined ? { ...result, msg: 'service state changed' } : result)
  return change({ ...result, apply: () => runSteps(host, steps, result) })
}

async function runSteps(host: Host, steps: Step[], result: ModuleResult): Promise<ModuleResult | void> {
  for (const step of steps) {
    const r = await runDetached(host, step.argv)
    if (r.rc !== 0 && !step.mayFail && !r.stderr.includes('Job is already running')) {
      return applyFailure(r.stderr.trim() ? r.stderr : r.stdout || `${step.argv.join(' ')} failed with rc ${r.rc}`, result)
    }
    if (step.sleepAfter) await new Promise((resolve) => setTimeout(resolve, step.sleepAfter! * 1000))
  }
}
