// Running standalone Ironic: the all-in-one `ironic` process, supervised by systemd
// when it is pid 1 (a unit of our own) and otherwise started detached with a pid file.
import type { Host } from '../../../engine/module.js'
import { readIfExists, runScript } from '../system/target.js'
import { logTail, processRunning, startProcess, stopProcess } from './ironic-process.js'
import { startUnit, unitActive, unitPath, unitText } from './ironic-systemd.js'

export interface ServiceSpec {
  confPath: string
  pidFile: string
  logFile: string
  unitName: string
}

export interface ServiceState {
  manager: 'systemd' | 'process'
  running: boolean
  /** systemd only: the unit file as it is and as it should be. */
  unit?: { path: string; current?: string; wanted: string }
}

export async function ironicServiceState(host: Host, s: ServiceSpec): Promise<ServiceState> {
  const init = (await readIfExists(host, '/proc/1/comm'))?.trim()
  if (init !== 'systemd') return { manager: 'process', running: await processRunning(host, s) }
  const path = unitPath(s.unitName)
  const [current, running] = await Promise.all([readIfExists(host, path), unitActive(host, s.unitName)])
  return { manager: 'systemd', running, unit: { path, current, wanted: unitText({ name: s.unitName, confPath: s.confPath }) } }
}

/** Start, or restart, Ironic; a string says why it could not. */
export async function startIronic(host: Host, state: ServiceState, s: ServiceSpec, endpoint: string): Promise<string | undefined> {
  if (state.manager === 'process') await stopProcess(host, s)
  else if (state.running) await host.exec(['systemctl', 'stop', `${s.unitName}.service`])
  // With ours stopped, whatever answers is someone else's (Debian's ironic-api unit, say).
  if (await apiAnswers(host, endpoint)) return `something else already answers on ${endpoint}; stop it or choose another api_port`
  if (state.manager === 'systemd') {
    if (state.unit && state.unit.current !== state.unit.wanted) await host.write(state.unit.path, state.unit.wanted, { mode: 0o644 })
    return startUnit(host, s.unitName)
  }
  return startProcess(host, s)
}

/** Exit 0 when an HTTP server answers at "$1", whatever its status. */
const PROBE = `python3 -c 'import sys, urllib.request, urllib.error
try: urllib.request.urlopen(sys.argv[1], timeout=2)
except urllib.error.HTTPError: pass' "$1" 2>/dev/null`

/** Exit codes: 0 answered, 1 timed out, 3 the process is gone. */
const WAIT_FOR_API = `i=0
while [ "$i" -lt "$2" ]; do
  ${PROBE} && exit 0
  if [ -n "$3" ]; then pid=$(cat "$3" 2>/dev/null); [ -n "$(tr -d "\\0" < /proc/"$pid"/cmdline 2>/dev/null)" ] || exit 3; fi
  i=$((i+1)); sleep 1
done
exit 1`

async function apiAnswers(host: Host, endpoint: string): Promise<boolean> {
  return (await runScript(host, PROBE, [endpoint])).rc === 0
}

/**
 * Wait until the API answers (the single process serves it only once its conductor is
 * up); a string says why it did not, with the end of the log when the process died.
 */
export async function waitForIronic(host: Host, state: ServiceState, s: ServiceSpec, endpoint: string, seconds: number): Promise<string | undefined> {
  const pidFile = state.manager === 'process' ? s.pidFile : ''
  const r = await runScript(host, WAIT_FOR_API, [endpoint, String(seconds), pidFile])
  if (r.rc === 0) return undefined
  const where = state.manager === 'systemd' ? `journalctl -u ${s.unitName}` : s.logFile
  if (r.rc === 3) return `the ironic process exited during start-up; the end of ${s.logFile}:\n${await logTail(host, s.logFile)}`
  return `Ironic did not answer on ${endpoint} within ${seconds}s; see ${where}`
}
