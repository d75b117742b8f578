// Files on the controller that a task names relatively (copy src, template src):
// found through the task's search path, or a failure listing where they were sought.
import { isAbsolute, join } from 'node:path'
import type { ModuleContext } from '../../../engine/module.js'
import { FileModuleFailure } from './failure.js'

/** The controller path of `name` in the `kind` folders ('files', 'templates') of the search path. */
export function findControllerFile(ctx: ModuleContext, name: string, kind: string, remoteHint: boolean): string {
  const found = ctx.findFile(name, kind)
  if (found !== undefined) return found
  const searched = isAbsolute(name) ? [name] : ctx.searchPaths.flatMap((base) => [join(base, kind, name), join(base, name)])
  const hint = remoteHint ? '\nIf you are using a module and expect the file to exist on the remote, see the remote_src option' : ''
  throw new FileModuleFailure(`Could not find or access '${name}'\nSearched in:\n\t${searched.join('\n\t')} on the Ansible Controller.${hint}`)
}
