// Making a changed netplan file take effect: not at all (apply: false), with
// `netplan apply` (true), or with a watched apply that reverts itself if the host stops
// answering (try, see netplan-try.ts).
import type { Host, ModuleResult } from '../../../engine/module.js'
import { applyFailure } from '../system/target.js'
import { tryNetplan, type Install } from './netplan-try.js'

export type ApplyMode = false | true | 'try'

/** The `apply` parameter in one spelling (templates may hand over "true"/"yes" as text). */
export function applyMode(value: unknown): ApplyMode {
  if (value === 'try') return 'try'
  if (typeof value === 'boolean') return value
  return ['true', 'yes', 'on', '1'].includes(String(value).toLowerCase())
}

export interface ActivateOptions {
  mode: ApplyMode
  path: string
  timeoutSeconds: number
  progress: (line: string) => void
}

/** Installs the new state of the file, then applies it as the mode says. */
export async function activate(host: Host, install: Install, o: ActivateOptions): Promise<ModuleResult> {
  // The rollback (netplan apply on the host) and a reconnect get at least 10s.
  if (o.mode === 'try') return tryNetplan(host, install, { ...o, settleSeconds: Math.max(o.timeoutSeconds, 10) })
  await install()
  if (o.mode === false) return { applied: false }
  const r = await host.exec(['netplan', 'apply'], { timeoutMs: o.timeoutSeconds * 1000 })
  if (r.rc !== 0 || r.timedOut) {
    const why = r.timedOut ? `did not finish within ${o.timeoutSeconds}s` : `failed (rc ${r.rc})`
    return { ...applyFailure(`netplan apply ${why}: ${(r.stdout + r.stderr).trim()}`, { rc: r.rc, stdout: r.stdout, stderr: r.stderr }), changed: true }
  }
  return { applied: true }
}
