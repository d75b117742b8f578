// Running libvirt_net / vm_domain as a task would: parameters checked against the
// schema (defaults filled in), run() on a TaskHost over the local connection, and the
// change applied unless in check mode — the engine's contract, without a playbook.
import { LocalConnection } from '../../../engine/connection/local.js'
import { validateModuleParams } from '../../../engine/load/module-params.js'
import { TaskHost, type ModuleDefinition, type ModuleResult } from '../../../engine/module.js'
import { fakeContext } from '../../unit/modules/fake-host.js'

export const host = new TaskHost('localhost', new LocalConnection(), {})

export interface TaskOutcome extends ModuleResult {
  changed: boolean
  failed?: boolean
}

export async function runTask(def: ModuleDefinition, params: Record<string, unknown>, opts: { check?: boolean } = {}): Promise<TaskOutcome> {
  const args = validateModuleParams(def, params)
  const out = await def.run(host, args, fakeContext({ checkMode: opts.check ?? false, diffMode: true }))
  const result: TaskOutcome = { ...out.result, changed: out.kind === 'change' }
  if (out.kind === 'fail') result.failed = true
  if (out.kind === 'change') {
    if (out.diff) result.diff = out.diff
    if (!opts.check && out.apply) Object.assign(result, await out.apply())
  }
  return result
}
