// The file module's states file, touch, absent and directory (links are in
// file-links.ts), each as Ansible 2.14 decides what changes and what it reports.
import { posix } from 'node:path'
import { shellJoin, type FileStat } from '../../../engine/connection/connection.js'
import { change, ok, type ModuleOutcome } from '../../../engine/module.js'
import { planAttributes } from './attributes.js'
import { stateDiff } from './diff.js'
import { FileModuleFailure } from './failure.js'
import { attrAndTimeSteps, currentState, finish, followed, initialDiff, runCommands, type FileTask, type PlannedStep } from './file-task.js'
import { listTree, walk, type TreeEntry } from './remote-tree.js'
import { planTimes } from './timestamps.js'

/** state=file: the file must exist; only its attributes and times are managed. */
export async function ensureFile(t: FileTask): Promise<ModuleOutcome> {
  let { state: prev, stat } = await currentState(t.host, t.params.path)
  let path = t.params.path
  if (prev === 'link' && t.params.follow) {
    ;({ path, stat } = await followed(t, path, stat))
    prev = (await currentState(t.host, path)).state
  }
  if (prev !== 'file' && prev !== 'hard') {
    throw new FileModuleFailure(`file (${path}) is ${prev}, cannot continue`, { path, state: prev })
  }
  const diff = initialDiff(path, 'file', 'file')
  const { steps } = await attrAndTimeSteps(t, path, stat, diff)
  return finish(t, { result: { path }, infoPath: path, diff, steps })
}

/** state=touch: create an empty file when missing, then set attributes and times (default now). */
export async function ensureTouch(t: FileTask): Promise<ModuleOutcome> {
  const path = t.params.path
  const { state: prev, stat } = await currentState(t.host, path)
  const diff = initialDiff(path, prev, 'touch')
  if (prev === 'absent') {
    const attrs = await planAttributes(path, null, t.params, { accounts: t.accounts, checkMode: t.checkMode })
    const times = planTimes(path, null, t.mtime === 'now' ? null : t.mtime, t.atime === 'now' ? null : t.atime)
    Object.assign(diff.before, attrs.before, times.before)
    Object.assign(diff.after, attrs.after, times.after)
    const steps: PlannedStep[] = [
      { changed: true, run: () => t.host.write(path, '', { mode: attrs.mode, owner: attrs.uid, group: attrs.gid }) },
      { changed: times.changed, run: () => runCommands(t.host, times.commands, path) },
    ]
    return finish(t, { result: { dest: path }, infoPath: path, diff, steps, warnings: attrs.warnings })
  }
  const target = await followed(t, path, stat)
  const { steps } = await attrAndTimeSteps(t, target.path, target.stat, diff)
  return finish(t, { result: { dest: path }, infoPath: path, diff, steps })
}

/** state=absent: remove a file, link or whole folder. */
export async function ensureAbsent(t: FileTask): Promise<ModuleOutcome> {
  const path = t.params.path
  const { state: prev } = await currentState(t.host, path)
  if (prev === 'absent') return ok({ path, state: 'absent' })
  const diff = initialDiff(path, prev, 'absent')
  if (prev === 'directory') diff.before.path_content = walkList(path, await listTree(t.host, path))
  return change({
    path,
    // In check mode Ansible reports the state the path still has; after removal, absent.
    state: prev,
    diff: stateDiff(diff.before, diff.after),
    apply: async () => {
      const r = await t.host.exec(['rm', prev === 'directory' ? '-rf' : '-f', '--', path])
      if (r.rc !== 0) throw new FileModuleFailure(`${prev === 'directory' ? 'rmtree' : 'unlinking'} failed: ${r.stderr.trim()}`, { path })
      return { state: 'absent' }
    },
  })
}

/** The folders and files a removed folder held, in os.walk order (the --diff of state=absent). */
function walkList(root: string, entries: TreeEntry[]): { directories: string[]; files: string[] } {
  const list = { directories: [] as string[], files: [] as string[] }
  for (const step of walk(root, entries)) {
    list.directories.push(...step.dirs.map((d) => d.path))
    list.files.push(...step.files.map((f) => f.path))
  }
  return list
}

/** state=directory: create it with missing parents, or manage an existing one (recurse: all below it). */
export async function ensureDirectory(t: FileTask): Promise<ModuleOutcome> {
  let path = t.params.path
  let { state: prev, stat } = await currentState(t.host, path)
  if (prev === 'link' && t.params.follow) {
    ;({ path, stat } = await followed(t, path, stat))
    prev = (await currentState(t.host, path)).state
  }
  const diff = initialDiff(path, prev, 'directory')
  if (prev === 'absent') return createDirectory(t, path, diff)
  if (prev !== 'directory') throw new FileModuleFailure(`${path} already exists as a ${prev}`, { path })
  const { steps } = await attrAndTimeSteps(t, path, stat, diff, true)
  if (t.params.recurse) steps.push(await recursiveStep(t, path))
  return finish(t, { result: { path }, infoPath: path, diff, steps })
}

async function createDirectory(t: FileTask, path: string, diff: ReturnType<typeof initialDiff>): Promise<ModuleOutcome> {
  const missing = await missingFolders(t, path)
  // Every folder made gets the task's mode and owner, as Ansible sets them on each.
  const folders: NewFolder[] = []
  for (const folder of missing) {
    const attrs = await planAttributes(folder, null, t.params, { accounts: t.accounts, checkMode: t.checkMode }, true)
    folders.push({ path: folder, mode: attrs.commands.some((c) => c[0] === 'chmod') ? attrs.mode : undefined, commands: attrs.commands })
    if (folder === missing[missing.length - 1]) {
      Object.assign(diff.before, attrs.before)
      Object.assign(diff.after, attrs.after)
    }
  }
  const times = planTimes(path, null, t.mtime, t.atime)
  const steps: PlannedStep[] = [
    { changed: true, run: () => makeFolders(t, folders, path) },
    { changed: times.changed, run: () => runCommands(t.host, times.commands, path) },
  ]
  return finish(t, { result: { path }, infoPath: path, diff, steps })
}

/** A folder to make: its mode (when the task sets one) and the commands that give it its attributes. */
interface NewFolder {
  path: string
  mode?: number
  commands: string[][]
}

/**
 * The folders, top down: without a process where the host can make a folder with its mode
 * (over SFTP), else — or when an owner must be given — one script of mkdir/chmod/chown.
 */
async function makeFolders(t: FileTask, folders: NewFolder[], path: string): Promise<void> {
  const onlyModes = folders.every((f) => f.commands.every((c) => c[0] === 'chmod'))
  const made = onlyModes ? await mkdirEach(t, folders, path) : 0
  // The script makes what the host could not (an owner to give, become without SFTP).
  if (made < folders.length) await runScript(t, folders.slice(made).flatMap((f) => [['mkdir', '-p', '--', f.path], ...f.commands]), path)
}

/** Makes the folders in order through host.mkdir; returns how many there are before the first it could not make. */
async function mkdirEach(t: FileTask, folders: NewFolder[], path: string): Promise<number> {
  if (!t.host.mkdir) return 0
  let made = 0
  for (const folder of folders) {
    try {
      if (!(await t.host.mkdir!(folder.path, { mode: folder.mode }))) return made
    } catch (err) {
      // Made meanwhile by someone else (another host of the play on this machine): as mkdir -p, fine.
      if (!(await t.host.stat(folder.path, { follow: true }))?.isdir) {
        // As Ansible words the OSError: "[Errno 13] Permission denied: b'/srv/x'".
        throw new FileModuleFailure(`There was an issue creating ${folder.path} as requested: ${osErrorText(err as NodeJS.ErrnoException, folder.path)}`, { path })
      }
    }
    made++
  }
  return made
}

const ERRNO: Record<string, [number, string]> = {
  EACCES: [13, 'Permission denied'],
  EPERM: [1, 'Operation not permitted'],
  ENOENT: [2, 'No such file or directory'],
  EEXIST: [17, 'File exists'],
  ENOTDIR: [20, 'Not a directory'],
  ENOSPC: [28, 'No space left on device'],
  EROFS: [30, 'Read-only file system'],
}

function osErrorText(err: NodeJS.ErrnoException, path: string): string {
  const known = err.code ? ERRNO[err.code] : undefined
  return known ? `[Errno ${known[0]}] ${known[1]}: b'${path}'` : err.message
}

/** The folders from the first missing ancestor down to `path`. */
async function missingFolders(t: FileTask, path: string): Promise<string[]> {
  const missing: string[] = []
  let current = path.length > 1 ? path.replace(/\/+$/, '') : path
  while (current !== '/' && current !== '.' && current !== '' && !(await t.host.stat(current, { follow: true }))) {
    missing.unshift(current)
    current = posix.dirname(current)
  }
  return missing
}

async function runScript(t: FileTask, commands: string[][], path: string): Promise<void> {
  const r = await t.host.exec({ script: commands.map((c) => shellJoin(c)).join(' && ') })
  if (r.rc !== 0) throw new FileModuleFailure(`There was an issue creating ${path} as requested: ${r.stderr.trim()}`, { path })
}

function entryStat(e: TreeEntry): FileStat {
  return { ...e, exists: true, isdir: e.type === 'directory', isreg: e.type === 'file', islnk: e.type === 'link' }
}

/**
 * recurse=yes: owner, group, mode and times of everything below `root`. Commands that
 * differ only by path are batched through xargs, so a big tree costs a few processes.
 */
async function recursiveStep(t: FileTask, root: string): Promise<PlannedStep> {
  const entries = await listTree(t.host, root, { follow: t.params.follow })
  const batches = new Map<string, { prefix: string[]; paths: string[] }>()
  for (const entry of entries) {
    const st = entryStat(entry)
    const attrs = await planAttributes(entry.path, st, t.params, { accounts: t.accounts, checkMode: t.checkMode }, st.isdir)
    const times = planTimes(entry.path, st, t.mtime, t.atime)
    for (const argv of [...attrs.commands, ...times.commands]) {
      // Every planned command ends with "--" and the path.
      const prefix = argv.slice(0, -1)
      const key = prefix.join('\0')
      const batch = batches.get(key) ?? { prefix, paths: [] }
      batch.paths.push(entry.path)
      batches.set(key, batch)
    }
  }
  return {
    changed: batches.size > 0,
    run: async () => {
      for (const { prefix, paths } of batches.values()) {
        const r = await t.host.exec(['xargs', '-0', '-r', ...prefix], { stdin: paths.join('\0') })
        if (r.rc !== 0) throw new FileModuleFailure(`Could not recursively set attributes on ${root}. Original error was: '${r.stderr.trim()}'`, { path: root })
      }
    },
  }
}
