// Standalone Ironic without systemd (containers, test machines): the all-in-one `ironic`
// process (API and conductor, so no message bus is needed) started detached, its pid
// kept in a file. "Running" means that pid is alive and was started with our config
// file, so a stale pid file or someone else's ironic never counts.
import type { Host } from '../../../engine/module.js'
import { runScript } from '../system/target.js'

export interface ProcessSpec {
  confPath: string
  pidFile: string
  logFile: string
}

/** Exit 0 when the pid in "$1" runs with "$2" as an argument (a zombie has an empty cmdline). */
const RUNS_WITH_CONF = 'pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] && tr "\\0" "\\n" < /proc/"$pid"/cmdline 2>/dev/null | grep -qxF -- "$2"'

export async function processRunning(host: Host, s: ProcessSpec): Promise<boolean> {
  return (await runScript(host, RUNS_WITH_CONF, [s.pidFile, s.confPath])).rc === 0
}

/** SIGTERM, up to 15 s to exit, then SIGKILL. Only the pid of our pid file is touched. */
const STOP = `${RUNS_WITH_CONF} || exit 0
kill "$pid"
i=0
while [ "$i" -lt 30 ]; do
  [ -n "$(tr -d "\\0" < /proc/"$pid"/cmdline 2>/dev/null)" ] || exit 0
  sleep 0.5; i=$((i+1))
done
kill -9 "$pid"`

export async function stopProcess(host: Host, s: ProcessSpec): Promise<void> {
  await runScript(host, STOP, [s.pidFile, s.confPath])
}

/**
 * setsid + all three streams redirected: the process outlives this command and holds no
 * pipe of ours. A non-leader calling setsid(1) execs in place, so $! is ironic's pid.
 */
const START = 'setsid ironic --config-file "$1" >>"$2" 2>&1 </dev/null & echo $!'

/** Start the process and record its pid; a string says why it could not. */
export async function startProcess(host: Host, s: ProcessSpec): Promise<string | undefined> {
  const r = await runScript(host, START, [s.confPath, s.logFile])
  const pid = r.stdout.trim()
  if (r.rc !== 0 || !/^\d+$/.test(pid)) return `could not start the ironic process: ${r.stderr.trim() || r.stdout.trim()}`
  await host.write(s.pidFile, `${pid}\n`)
  return undefined
}

/** The last lines of the process's log, to explain why it stopped. */
export async function logTail(host: Host, logFile: string, lines = 15): Promise<string> {
  const r = await runScript(host, 'tail -n "$2" "$1" 2>/dev/null', [logFile, String(lines)])
  return r.stdout.trim()
}
