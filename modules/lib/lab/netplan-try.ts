// apply: try — apply the new netplan configuration, and take it back unless the host
// still answers on the same connection within `timeout` seconds, as `netplan try` does.
//
// The rollback cannot be driven from the controller: if the new configuration cut the
// host off, nothing the controller sends arrives. So before anything changes, a
// watchdog is started ON the host (detached, surviving the end of the SSH session):
// it sleeps until the deadline, and then, unless the controller has confirmed,
// restores the previous file and runs `netplan apply` again. The controller confirms by
// renaming the watchdog's "armed" marker — a command that only arrives if the host is
// still reachable. The watchdog claims the same marker with the same rename, so exactly
// one of the two wins.
import { setTimeout as sleep } from 'node:timers/promises'
import type { ExecResult } from '../../../engine/connection/connection.js'
import type { Host, HostExecOptions, ModuleResult } from '../../../engine/module.js'
import { runScript } from '../system/target.js'

/** Runs detached on the host: $1 state folder, $2 the netplan file, $3 seconds to wait. */
export const WATCHDOG = `sleep "$3"
if mv "$1/armed" "$1/fired" 2>/dev/null; then
  if [ -e "$1/previous" ]; then cp -p "$1/previous" "$2"; else rm -f "$2"; fi
  netplan apply >"$1/rollback.log" 2>&1
  echo $? >"$1/rolled-back"
else
  rm -rf "$1"
fi`

/** $1 the netplan file, $2 seconds: saves the file, arms and starts the watchdog, prints its folder. */
export const ARM = `dir=$(mktemp -d "\${TMPDIR:-/tmp}/tsplay-netplan-try.XXXXXX") || exit 1
if [ -e "$1" ]; then cp -p "$1" "$dir/previous" || exit 1; fi
: >"$dir/armed" || exit 1
detach=; command -v setsid >/dev/null 2>&1 && detach=setsid
nohup $detach sh -c '${WATCHDOG.replaceAll("'", `'"'"'`)}' sh "$dir" "$1" "$2" </dev/null >/dev/null 2>&1 &
echo "$dir"`

/** What the controller does to the host's netplan file (write or remove it). */
export type Install = () => Promise<void>

export interface TryOptions {
  path: string
  timeoutSeconds: number
  /** How long after the deadline to keep asking whether the rollback happened. */
  settleSeconds: number
  progress: (line: string) => void
}

/** A command's result, or undefined when the host did not answer (timeout, lost connection). */
async function answer(host: Host, cmd: string[], timeoutMs: number, opts: HostExecOptions = {}): Promise<ExecResult | undefined> {
  if (timeoutMs <= 0) return undefined
  try {
    const r = await host.exec(cmd, { ...opts, timeoutMs })
    return r.timedOut ? undefined : r
  } catch {
    return undefined
  }
}

/** Install, apply, confirm; on silence, wait for the watchdog's rollback and report it. */
export async function tryNetplan(host: Host, install: Install, o: TryOptions): Promise<ModuleResult> {
  const armed = await runScript(host, ARM, [o.path, String(o.timeoutSeconds)])
  const dir = armed.stdout.trim()
  if (armed.rc !== 0 || dir === '') return { failed: true, changed: false, msg: `could not start the rollback watchdog on the host, so nothing was changed: ${armed.stderr.trim()}` }
  const deadline = Date.now() + o.timeoutSeconds * 1000
  const left = () => deadline - Date.now()
  await install()
  o.progress(`netplan apply; the previous configuration comes back in ${o.timeoutSeconds}s unless the host still answers`)
  const applied = await answer(host, ['netplan', 'apply'], left())
  if (applied && applied.rc !== 0) return restoreNow(host, dir, applied, o, deadline)
  const confirmed = applied && (await answer(host, ['mv', `${dir}/armed`, `${dir}/confirmed`], left()))
  if (confirmed && confirmed.rc === 0) {
    await answer(host, ['rm', '-rf', dir], 10_000)
    return { changed: true, applied: 'try', rolled_back: false }
  }
  return awaitRollback(host, dir, o, deadline)
}

/** netplan apply failed while the host still answers: take the watchdog's job and restore now. */
async function restoreNow(host: Host, dir: string, applied: ExecResult, o: TryOptions, deadline: number): Promise<ModuleResult> {
  const failure = `netplan apply failed (rc ${applied.rc}): ${(applied.stdout + applied.stderr).trim()}`
  const claim = await runScript(host, RESTORE, [dir, o.path])
  // The watchdog got there first: it is restoring, so wait for it like after silence.
  if (claim.rc === WATCHDOG_FIRED) return awaitRollback(host, dir, o, deadline)
  const restored = claim.rc === 0 ? 'the previous configuration was restored and applied again' : `restoring the previous configuration failed: ${claim.stderr.trim()}`
  return { failed: true, changed: false, rolled_back: claim.rc === 0, msg: `${failure}; ${restored}`, rc: applied.rc, stdout: applied.stdout, stderr: applied.stderr }
}

const WATCHDOG_FIRED = 3

// $1 state folder, $2 the netplan file: claim the marker (beating the watchdog), restore, apply.
const RESTORE = `mv "$1/armed" "$1/fired" 2>/dev/null || exit ${WATCHDOG_FIRED}
if [ -e "$1/previous" ]; then cp -p "$1/previous" "$2"; else rm -f "$2"; fi
netplan apply >&2; rc=$?
rm -rf "$1"
[ $rc -eq ${WATCHDOG_FIRED} ] && rc=1
exit $rc`

/** After the deadline the watchdog has restored the old file; ask the host how that went. */
async function awaitRollback(host: Host, dir: string, o: TryOptions, deadline: number): Promise<ModuleResult> {
  o.progress(`no answer from ${host.name} after netplan apply; waiting for the on-host rollback`)
  const lost = `${host.name} did not answer within ${o.timeoutSeconds}s of netplan apply`
  await sleep(Math.max(0, deadline - Date.now()) + 1000)
  const giveUp = Date.now() + o.settleSeconds * 1000
  while (Date.now() < giveUp) {
    const r = await answer(host, ['cat', `${dir}/rolled-back`], 5000)
    if (r && r.rc === 0) {
      const rc = r.stdout.trim()
      await answer(host, ['rm', '-rf', dir], 10_000)
      const how = rc === '0' ? 'restored the previous configuration and applied it again' : `restored the previous file, but netplan apply failed (rc ${rc})`
      return { failed: true, changed: false, rolled_back: true, msg: `${lost}; the watchdog on the host ${how}` }
    }
    await sleep(1000)
  }
  return {
    failed: true,
    changed: false,
    rolled_back: false,
    msg: `${lost}, nor after the rollback deadline; the watchdog on the host restores ${o.path} from ${dir}/previous and re-applies it`,
  }
}
