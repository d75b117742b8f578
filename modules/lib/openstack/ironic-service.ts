// Running standalone Ironic: under systemd the Debian units (ironic-api, ironic-conductor);
// without systemd (containers, test machines) the all-in-one `ironic` process started
// detached, its pid kept in a file so later runs can tell whether it still runs.
import type { Host } from '../../../engine/module.js'
import { readIfExists, runScript } from '../system/target.js'

export const UNITS = ['ironic-api', 'ironic-conductor']

export interface ServiceState {
  manager: 'systemd' | 'process'
  running: boolean
}

export async function ironicServiceState(host: Host, pidFile: string): Promise<ServiceState> {
  const init = (await readIfExists(host, '/proc/1/comm'))?.trim()
  if (init === 'systemd') {
    const r = await host.exec(['systemctl', 'is-active', ...UNITS])
    return { manager: 'systemd', running: r.stdout.split('\n').filter((l) => l.trim() === 'active').length === UNITS.length }
  }
  const probe = 'pid=$(cat "$1" 2>/dev/null) && kill -0 "$pid" 2>/dev/null && tr "\\0" " " < /proc/"$pid"/cmdline | grep -q ironic'
  return { manager: 'process', running: (await runScript(host, probe, [pidFile])).rc === 0 }
}

export interface StartSpec {
  confPath: string
  pidFile: string
  logFile: string
  restart: boolean
}

/** Start (or restart) Ironic; a string says why it could not. */
export async function startIronic(host: Host, state: ServiceState, s: StartSpec): Promise<string | undefined> {
  if (state.manager === 'systemd') {
    const r = await host.exec(['systemctl', s.restart ? 'restart' : 'start', ...UNITS])
    if (r.rc !== 0) return `systemctl could not start ${UNITS.join(', ')}: ${r.stderr.trim()}`
    await host.exec(['systemctl', 'enable', ...UNITS])
    return undefined
  }
  if (s.restart && state.running) await runScript(host, 'kill "$(cat "$1")"; for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$(cat "$1")" 2>/dev/null || exit 0; sleep 1; done', [s.pidFile])
  // setsid + all three streams redirected: the process outlives this command and holds no pipe of ours.
  const start = 'setsid ironic --config-file "$1" >>"$2" 2>&1 </dev/null & echo $!'
  const r = await runScript(host, start, [s.confPath, s.logFile])
  const pid = r.stdout.trim()
  if (r.rc !== 0 || !/^\d+$/.test(pid)) return `could not start the ironic process: ${r.stderr.trim() || r.stdout.trim()}`
  await host.write(s.pidFile, `${pid}\n`)
  return undefined
}

/** Wait until the API answers on `endpoint` (the conductor registers itself shortly after). */
export async function waitForApi(host: Host, endpoint: string, seconds: number): Promise<boolean> {
  const probe = 'i=0; while [ "$i" -lt "$2" ]; do python3 -c "import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1" 2>/dev/null && exit 0; i=$((i+1)); sleep 1; done; exit 1'
  return (await runScript(host, probe, [endpoint, String(seconds)])).rc === 0
}
