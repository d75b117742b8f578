// What systemd says about one unit: `systemctl show` properties, whether it exists,
// is masked or enabled — read the way ansible-core's systemd module reads them.
import type { Host } from '../../../engine/module.js'
import { runScript } from './target.js'

/** `systemctl show` output as a mapping. Only Exec* values may span lines ({ … }). */
export function parseSystemctlShow(text: string): Record<string, string> {
  const parsed: Record<string, string> = {}
  let key: string | undefined
  let pending: string[] = []
  for (const line of text.split('\n')) {
    if (key === undefined) {
      const at = line.indexOf('=')
      if (at < 0) continue
      const k = line.slice(0, at)
      const v = line.slice(at + 1)
      if (k.startsWith('Exec') && v.trimStart().startsWith('{') && !v.trimEnd().endsWith('}')) {
        key = k
        pending = [v]
        continue
      }
      parsed[k] = v.trim()
    } else {
      pending.push(line)
      if (line.trimEnd().endsWith('}')) {
        parsed[key] = pending.join('\n').trim()
        key = undefined
        pending = []
      }
    }
  }
  return parsed
}

/** systemctl refused the request without failing (e.g. asked for a unit type it ignores). */
function requestWasIgnored(text: string): boolean {
  return !text.includes('=') && (text.includes('ignoring request') || text.includes('ignoring command'))
}

// `systemctl is-enabled` answers that prove systemd knows the unit (systemd 244's list).
const KNOWN_ENABLED_STATES = new Set([
  'enabled', 'enabled-runtime', 'linked', 'linked-runtime', 'masked', 'masked-runtime',
  'static', 'indirect', 'disabled', 'generated', 'transient',
])

/** Runs systemctl with the module's scope flags; user scopes need XDG_RUNTIME_DIR. */
export class Systemctl {
  constructor(
    private readonly host: Host,
    private readonly flags: string[],
    private readonly userScope: boolean,
  ) {}

  run(args: string[]) {
    const argv = ['systemctl', ...this.flags, ...args]
    if (!this.userScope) return this.host.exec(argv)
    return runScript(this.host, ': "${XDG_RUNTIME_DIR:=/run/user/$(id -u)}"; export XDG_RUNTIME_DIR; exec "$@"', argv)
  }

  /** The command as shown in messages. */
  describe(args: string[]): string {
    return ['systemctl', ...this.flags, ...args].join(' ')
  }
}

export interface UnitState {
  status: Record<string, string>
  /** systemd has a unit by this name. */
  isSystemd: boolean
  /** /etc/init.d/NAME exists (systemd can run it through its sysv generator). */
  isInitd: boolean
  /** Set when the unit file cannot be loaded. */
  loadError?: string
}

export function sysvScriptPath(name: string): string {
  return name.startsWith('/') ? name : `/etc/init.d/${name}`
}

export async function inspectUnit(host: Host, ctl: Systemctl, unit: string): Promise<UnitState> {
  const isInitd = (await host.stat(sysvScriptPath(unit), { follow: true })) !== null
  const show = await ctl.run(['show', unit])
  if (show.rc === 0 && !requestWasIgnored(show.stdout) && !requestWasIgnored(show.stderr)) {
    const status = show.stdout ? parseSystemctlShow(show.stdout) : {}
    const loadState = status.LoadState
    const isSystemd = loadState !== undefined && loadState !== 'not-found'
    const loadError = isSystemd && loadState !== 'masked' ? status.LoadError : undefined
    return { status, isSystemd, isInitd, loadError }
  }
  const isEnabled = await ctl.run(['is-enabled', unit])
  if (KNOWN_ENABLED_STATES.has(isEnabled.stdout.trim())) return { status: {}, isSystemd: true, isInitd }
  // `show` does not work everywhere (chroots): list-unit-files is the last resort.
  const listed = await ctl.run(['list-unit-files', unit])
  return { status: {}, isSystemd: listed.rc === 0, isInitd }
}

/** `systemctl is-enabled` says masked. */
export async function isMasked(ctl: Systemctl, unit: string): Promise<boolean> {
  return (await ctl.run(['is-enabled', unit])).stdout.trim() === 'masked'
}

/** Ansible's notion of enabled: is-enabled succeeds (and is not just indirect/alias), or an enabled init script. */
export async function isEnabled(host: Host, ctl: Systemctl, unit: string, state: UnitState, systemScope: boolean): Promise<boolean> {
  const r = await ctl.run(['is-enabled', unit, '-l'])
  if (r.rc === 0) {
    const lines = r.stdout.split('\n').filter((l) => l !== '')
    return !(lines.length === 1 && (lines[0] === 'indirect' || lines[0] === 'alias'))
  }
  if (r.rc === 1 && systemScope && state.isInitd && !r.stdout.trim().endsWith('disabled')) {
    return sysvLinksEnabled(host, unit)
  }
  return false
}

/** An S??NAME start link in any /etc/rc?.d (or /etc/init.d/rc?.d) folder. */
export async function sysvLinksEnabled(host: Host, name: string): Promise<boolean> {
  const script = `base=/etc; [ -d /etc/rc0.d ] || base=/etc/init.d
for f in "$base"/rc?.d/S??"$1"; do [ -e "$f" ] || [ -L "$f" ] && exit 0; done
exit 1`
  return (await runScript(host, script, [name])).rc === 0
}

export function isRunning(status: Record<string, string>): boolean {
  return status.ActiveState === 'active' || status.ActiveState === 'activating'
}
