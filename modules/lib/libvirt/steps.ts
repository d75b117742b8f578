// The changes a libvirt module decided on, as named steps: the names are reported (in
// check mode too, as `actions`), and `apply` runs the steps in order, stopping at the
// first that fails.
import type { ExecResult } from '../../../engine/connection/connection.js'
import type { Host, ModuleResult } from '../../../engine/module.js'
import { applyFailure } from '../system/target.js'
import { virsh, virshError } from './virsh.js'

export interface Step {
  /** What the step does, for `actions` and error messages ("start network 'lab'"). */
  action: string
  run: () => Promise<ExecResult>
}

export function virshStep(host: Host, uri: string, action: string, args: readonly string[]): Step {
  return { action, run: () => virsh(host, uri, args) }
}

export function execStep(host: Host, action: string, argv: string[]): Step {
  return { action, run: () => host.exec(argv) }
}

/**
 * Runs the steps; on the first failure returns the failed result (the task fails, and
 * reports a change when earlier steps already made one).
 */
export async function runSteps(steps: readonly Step[], result: ModuleResult): Promise<ModuleResult | undefined> {
  for (const [done, step] of steps.entries()) {
    const r = await step.run()
    if (r.rc !== 0) {
      const failed = applyFailure(`${step.action} failed: ${virshError(r)}`, { ...result, rc: r.rc, stdout: r.stdout, stderr: r.stderr })
      return { ...failed, changed: done > 0 }
    }
  }
  return undefined
}
