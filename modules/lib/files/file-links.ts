// The file module's state=link and state=hard. A link replacing something else is
// made under a temporary name and renamed over it, so the path never goes missing.
import { posix } from 'node:path'
import { randomBytes } from 'node:crypto'
import { shellJoin } from '../../../engine/connection/connection.js'
import type { ModuleOutcome } from '../../../engine/module.js'
import { FileModuleFailure } from './failure.js'
import { attrAndTimeSteps, currentState, finish, initialDiff, type FileTask, type PlannedStep } from './file-task.js'
import { realPathOf } from './text-file.js'
import type { PathState } from './path-info.js'

function tempNameNear(path: string): string {
  return posix.join(posix.dirname(path), `.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
}

/** Make a link (`ln -s` or `ln`) at `path`, replacing what is there (an empty folder is removed first). */
function linkStep(t: FileTask, kind: 'symbolic' | 'hard', src: string, path: string, prev: PathState): PlannedStep {
  const ln = kind === 'symbolic' ? ['ln', '-s', '--', src] : ['ln', '--', src]
  return {
    changed: true,
    run: async () => {
      let script: string
      if (prev === 'absent') script = shellJoin([...ln, path])
      else {
        const tmp = tempNameNear(path)
        const clear = prev === 'directory' ? `${shellJoin(['rmdir', '--', path])} && ` : ''
        script = `${clear}${shellJoin([...ln, tmp])} && { ${shellJoin(['mv', '-f', '-T', '--', tmp, path])} || { rm -f -- ${shellJoin([tmp])}; exit 1; }; }`
      }
      const r = await t.host.exec({ script })
      if (r.rc !== 0) {
        throw new FileModuleFailure(`Error while ${prev === 'absent' ? 'linking' : 'replacing'}: ${r.stderr.trim()}`, { path })
      }
    },
  }
}

/** state=link: `path` must be a symlink to `src`. */
export async function ensureSymlink(t: FileTask): Promise<ModuleOutcome> {
  const path = t.params.path
  const { state: prev, stat } = await currentState(t.host, path)
  let src = t.params.src
  if (src === undefined && t.params.follow && prev === 'link') src = stat?.linkTarget
  // A relative src is relative to the link's folder (or to path itself when it is a real folder).
  const base = prev === 'directory' ? path : posix.dirname(path)
  const absSrcOnTarget = src === undefined ? undefined : src.startsWith('/') ? src : posix.join(base, src)
  if (!t.params.force && src !== undefined && !(await t.host.stat(absSrcOnTarget!, { follow: true }))) {
    throw new FileModuleFailure(`src file does not exist, use "force=yes" if you really want to create the link: ${absSrcOnTarget}`, { path, src })
  }
  await refuseConversion(t, path, prev)
  const diff = initialDiff(path, prev, 'link')
  const steps: PlannedStep[] = []
  if (prev !== 'link') {
    if (src === undefined) throw new FileModuleFailure('src is required for creating new symlinks')
    steps.push(linkStep(t, 'symbolic', src, path, prev))
  } else if (src !== undefined && stat?.linkTarget !== src) {
    diff.before.src = stat?.linkTarget
    diff.after.src = src
    steps.push(linkStep(t, 'symbolic', src, path, prev))
  }
  const warnings: string[] = []
  steps.push(...(await linkAttributeSteps(t, path, absSrcOnTarget, prev === 'link' && steps.length === 0, diff, warnings)))
  return finish(t, { result: { dest: path, src }, infoPath: path, diff, steps, warnings })
}

async function refuseConversion(t: FileTask, path: string, prev: PathState): Promise<void> {
  if (prev === 'directory') {
    if (!t.params.force) throw new FileModuleFailure(`refusing to convert from directory to symlink for ${path}`, { path })
    const r = await t.host.exec(['find', path, '-mindepth', '1', '-maxdepth', '1', '-print', '-quit'])
    if (r.stdout.trim() !== '') throw new FileModuleFailure(`the directory ${path} is not empty, refusing to convert it`, { path })
  } else if ((prev === 'file' || prev === 'hard') && !t.params.force) {
    throw new FileModuleFailure(`refusing to convert from ${prev} to symlink for ${path}`, { path })
  }
}

/**
 * Attributes of a symlink: with follow they are set on what it points to (as Ansible
 * does), so a dangling link only warns; without, on the link itself.
 */
async function linkAttributeSteps(t: FileTask, path: string, target: string | undefined, linkExists: boolean, diff: ReturnType<typeof initialDiff>, warnings: string[]): Promise<PlannedStep[]> {
  if (t.params.owner === undefined && t.params.group === undefined && t.params.mode === undefined && t.mtime === null && t.atime === null) return []
  if (t.params.follow) {
    const targetPath = linkExists ? await realPathOf(t.host, path, await t.host.stat(path)) : target
    const targetStat = targetPath === undefined ? null : await t.host.stat(targetPath, { follow: true })
    if (!targetPath || !targetStat) {
      warnings.push('Cannot set fs attributes on a non-existent symlink target. follow should be set to False to avoid this.')
      return []
    }
    return (await attrAndTimeSteps(t, targetPath, targetStat, diff)).steps
  }
  const own = linkExists ? await t.host.stat(path) : null
  return (await attrAndTimeSteps(t, path, own, diff)).steps
}

/** state=hard: `path` must be a hard link to `src`. */
export async function ensureHardlink(t: FileTask): Promise<ModuleOutcome> {
  const path = t.params.path
  const src = t.params.src
  const { state: prev, stat } = await currentState(t.host, path)
  if (prev !== 'hard' && src === undefined) throw new FileModuleFailure('src is required for creating new hardlinks')
  const srcStat = src === undefined ? null : await t.host.stat(src, { follow: true, need: 'all' })
  if (src !== undefined && !srcStat) throw new FileModuleFailure('src does not exist', { dest: path, src })
  const diff = initialDiff(path, prev, 'hard')
  let changed = false
  if (prev === 'absent') changed = true
  else if (prev === 'link') {
    if (stat?.linkTarget !== src) {
      diff.before.src = stat?.linkTarget
      diff.after.src = src
      changed = true
    }
  } else if (prev === 'hard') {
    if (srcStat && (await t.host.stat(path, { follow: true, need: 'all' }))?.inode !== srcStat.inode) {
      changed = true
      if (!t.params.force) throw new FileModuleFailure('Cannot link, different hard link exists at destination', { dest: path, src })
    }
  } else if (prev === 'file') {
    changed = true
    if (!t.params.force) throw new FileModuleFailure(`Cannot link, ${prev} exists at destination`, { dest: path, src })
  } else if (prev === 'directory') {
    changed = true
    if (!t.params.force) throw new FileModuleFailure('Cannot link: different hard link exists at destination', { dest: path, src })
  }
  const steps: PlannedStep[] = changed ? [linkStep(t, 'hard', src!, path, prev)] : []
  const attrTarget = changed ? srcStat : await t.host.stat(path)
  steps.push(...(await attrAndTimeSteps(t, path, attrTarget, diff)).steps)
  return finish(t, { result: { dest: path, src }, infoPath: path, diff, steps })
}
