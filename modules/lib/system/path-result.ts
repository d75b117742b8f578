// Ansible adds owner, group, mode, state and size of `path` (or `dest`) to every result
// of a module that names one, when it exists (AnsibleModule.add_path_info).
import type { Host, ModuleOutcome, ModuleResult } from '../../../engine/module.js'
import { TargetAccounts } from '../files/accounts.js'
import { pathInfo } from '../files/path-info.js'

export async function withPathInfo(host: Host, result: ModuleResult): Promise<ModuleResult> {
  const path = result.path ?? result.dest
  if (typeof path !== 'string') return result
  const info = await pathInfo(host, path, new TargetAccounts(host))
  return info.state === 'absent' ? result : { ...result, ...info }
}

/** The outcome with path info in its result, and in what its apply returns. */
export async function outcomeWithPathInfo(host: Host, outcome: ModuleOutcome): Promise<ModuleOutcome> {
  const result = await withPathInfo(host, outcome.result)
  if (outcome.kind !== 'change' || !outcome.apply) return { ...outcome, result } as ModuleOutcome
  const apply = outcome.apply
  return {
    ...outcome,
    result,
    // The path as it is after the change (it may have appeared, or gone to a folder's new file).
    apply: async () => withPathInfo(host, { ...outcome.result, ...((await apply()) ?? {}) }),
  }
}
