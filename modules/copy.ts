// copy: put a controller file, a whole controller folder, or inline content on the
// target (or copy within the target with remote_src), as Ansible's copy action plugin
// and module do together: same destination rules, checksums, --diff and results.
import { promises as fs } from 'node:fs'
import { sep } from 'node:path'
import { change, defineModule, fail, ok, type Diff, type Host, type ModuleContext, type ModuleOutcome, type ModuleResult } from '../engine/module.js'
import { pythonJson } from '../engine/output/pyjson.js'
import { pythonStr } from '../engine/output/pyrepr.js'
import { fileHost } from './lib/files/file-host.js'
import { TargetAccounts } from './lib/files/accounts.js'
import { controllerContent } from './lib/files/copy-content.js'
import type { FileAttrParams } from './lib/files/attributes.js'
import { findControllerFile } from './lib/files/controller-files.js'
import { planCopyFile, type CopyFilePlan } from './lib/files/copy-file.js'
import { planRemoteCopy } from './lib/files/copy-remote.js'
import { singleFile, walkSource, type SourceTree } from './lib/files/copy-source.js'
import { guarded } from './lib/files/failure.js'
import { ensureDirectory } from './lib/files/file-states.js'
import { ensureSymlink } from './lib/files/file-links.js'
import type { FileParams, FileTask } from './lib/files/file-task.js'
import { formatMode, type ModeParam } from './lib/files/mode.js'
import { backupProperty, fileAttrProperties, validateProperty } from './lib/files/params.js'
import { expandUser } from './lib/files/paths.js'
import { checkValidateParam } from './lib/files/validate.js'

export interface CopyParams extends FileAttrParams {
  src?: string
  content?: unknown
  dest: string
  backup: boolean
  force: boolean
  validate?: string
  directory_mode?: ModeParam
  remote_src: boolean
  local_follow: boolean
  checksum?: string
  follow: boolean
  unsafe_writes?: boolean
  decrypt: boolean
}

export default defineModule<CopyParams>({
  name: 'copy',
  description:
    'Copy a file or folder from the controller (src, found in files/ of the search path), or inline content, to the ' +
    'target; with remote_src, copy within the target. Only differing files are written (sha1), atomically, with ' +
    'optional backup and validation; --diff shows the content change.',
  secretParams: ['content'],
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['dest'],
    properties: {
      src: { type: 'string', description: 'Controller file or folder ("dir/" copies its content, "dir" the folder itself); a target path with remote_src.' },
      decrypt: { type: 'boolean', default: true, description: 'Decrypt controller files encrypted with ansible-vault before copying them.' },
      content: {
        anyOf: [{ type: 'string' }, { type: 'object' }, { type: 'array' }, { type: 'number' }, { type: 'boolean' }],
        description: 'Text to write instead of src; a mapping or list is written as JSON.',
      },
      dest: { type: 'string', description: 'Target path; a folder (existing, or ending in "/") receives the file under its own name.' },
      backup: backupProperty,
      force: { type: 'boolean', default: true, description: 'Replace a file whose content differs; with no, only create missing files.' },
      validate: validateProperty,
      directory_mode: {
        anyOf: [{ type: 'string' }, { type: 'integer' }],
        description: 'Mode of folders the copy creates (folder copies and missing parents of a dest ending in "/").',
      },
      remote_src: { type: 'boolean', default: false, description: 'src is a path on the target, not on the controller.' },
      local_follow: { type: 'boolean', default: true, description: 'Follow symlinks inside a controller src folder (no: copy them as links).' },
      checksum: { type: 'string', description: 'Expected sha1 of the source; the copy fails when it differs.' },
      follow: { type: 'boolean', default: false, description: 'When dest is a symlink, write the file it points to instead of replacing the link.' },
      ...fileAttrProperties,
    },
  },
  examples: [
    `- name: VirtualBMC configuration
  copy:
    content: |
      [default]
      show_passwords = false
    dest: /etc/virtualbmc/virtualbmc.conf
    mode: "0640"`,
    `- name: The lab's helper scripts
  copy:
    src: scripts/
    dest: /usr/local/bin/
    mode: "0755"`,
  ],
  run: (host, p, ctx) => guarded(() => runCopy(fileHost(host), p, ctx)),
})

function argumentError(p: CopyParams): string | undefined {
  if (p.src === undefined && p.content === undefined) return 'src (or content) is required'
  if (p.src !== undefined && p.content !== undefined) return 'src and content are mutually exclusive'
  if (p.content !== undefined && p.dest.endsWith('/')) return 'can not use content with a dir as dest'
  return undefined
}

async function runCopy(host: Host, p: CopyParams, ctx: ModuleContext): Promise<ModuleOutcome> {
  const problem = argumentError(p)
  if (problem) return fail(problem)
  checkValidateParam(p.validate)
  const dest = await expandUser(host, p.dest)
  if (p.remote_src) {
    const src = await expandUser(host, p.src!)
    const plan = await planRemoteCopy(host, { ...p, src, dest, localFollow: p.local_follow, attrs: p, checkMode: ctx.checkMode })
    return plan.changed ? change({ ...plan.result, apply: plan.apply }) : ok(plan.result)
  }
  if (p.content !== undefined) {
    const content = Buffer.from(contentText(p.content))
    const plan = await planCopyFile(host, { ...fileSpec(p, dest, ctx), content, sourceRel: 'content', fromContent: true })
    return plan ? planOutcome(plan, ctx.checkMode) : ok({ dest, changed: false })
  }
  return copyFromController(host, p, dest, ctx)
}

/** What content= writes: text as is, a mapping or list as JSON (json.dumps), scalars as Python prints them. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (content !== null && typeof content === 'object') return pythonJson(content)
  return pythonStr(content)
}

function fileSpec(p: CopyParams, dest: string, ctx: ModuleContext) {
  return {
    dest,
    follow: p.follow,
    force: p.force,
    backup: p.backup,
    validate: p.validate,
    attrs: { mode: p.mode, owner: p.owner, group: p.group },
    directoryMode: p.directory_mode,
    checksum: p.checksum,
    checkMode: ctx.checkMode,
  }
}

function planOutcome(plan: CopyFilePlan, checkMode: boolean): ModuleOutcome {
  if (!plan.changed) return ok(plan.result)
  // The copy action reports the diff of its one file as a list; in check mode a predicted
  // change carries nothing else (ansible-core 2.14's copy action returns only `changed`).
  return change({ ...(checkMode ? {} : plan.result), diff: plan.diff ? [plan.diff] : undefined, apply: plan.apply })
}

/** One file, folder or link of a controller copy: whether it changes, and how. */
interface CopyStep {
  changed: boolean
  apply?: () => Promise<ModuleResult | void>
  result: ModuleResult
}

async function copyFromController(host: Host, p: CopyParams, dest: string, ctx: ModuleContext): Promise<ModuleOutcome> {
  let source = findControllerFile(ctx, p.src!, 'files', true)
  // The search may drop or add the trailing slash, which decides what a folder copy means.
  if (p.src!.endsWith('/') && !source.endsWith(sep)) source += sep
  const isFolder = (await fs.stat(source)).isDirectory()
  const tree = isFolder ? await walkSource(source, p.local_follow) : singleFile(source)
  const folderDest = isFolder && !dest.endsWith('/') ? `${dest}/` : dest
  const steps: CopyStep[] = []
  const diffs: Diff[] = []
  for (const file of tree.files) {
    const mode = p.mode === 'preserve' ? formatMode((await fs.stat(file.source)).mode & 0o7777) : p.mode
    const spec = { ...fileSpec(p, folderDest, ctx), follow: isFolder ? false : p.follow, attrs: { mode, owner: p.owner, group: p.group } }
    const plan = await planCopyFile(host, { ...spec, content: await controllerContent(host, file.source, p.decrypt ? ctx.readControllerFile : undefined), sourcePath: file.source, sourceRel: file.rel, fromContent: false })
    if (!plan) continue
    if (plan.changed && plan.diff && 'before' in plan.diff) diffs.push(plan.diff)
    steps.push({ changed: plan.changed, apply: plan.apply, result: plan.result })
  }
  const others = await folderAndLinkSteps(host, p, folderDest, tree, ctx)
  if (others.failed) return others.failed
  const all = [...steps, ...others.steps]
  const changed = all.some((s) => s.changed)
  const single = tree.files.length === 1 && steps.length === 1
  const result = single ? steps[0]!.result : { dest: folderDest, src: source }
  if (!changed) return ok(result)
  return change({
    // As in planOutcome: a single file's predicted change in check mode carries only `changed`.
    ...(ctx.checkMode && single ? {} : result),
    // Like the copy action, a folder copy reports no diff, only a single file does.
    diff: single && diffs.length > 0 ? diffs : undefined,
    apply: async () => {
      let last: ModuleResult | void = undefined
      for (const step of all) if (step.changed && step.apply) last = await step.apply()
      return single ? (last ?? undefined) : undefined
    },
  })
}

/** The folders of a folder copy (made, with directory_mode) and the symlinks it holds, through the file module's states. */
async function folderAndLinkSteps(host: Host, p: CopyParams, dest: string, tree: SourceTree, ctx: ModuleContext): Promise<{ failed?: ModuleOutcome; steps: CopyStep[] }> {
  const steps: CopyStep[] = []
  const accounts = new TargetAccounts(host)
  const task = (params: Partial<FileParams>): FileTask => ({
    host,
    checkMode: ctx.checkMode,
    accounts,
    mtime: null,
    atime: null,
    params: { path: '', recurse: false, force: false, follow: p.follow, modification_time_format: '', access_time_format: '', owner: p.owner, group: p.group, ...params },
  })
  const outcomes: ModuleOutcome[] = []
  for (const dir of tree.directories) {
    outcomes.push(await ensureDirectory(task({ path: `${dest}${dir.rel}`, mode: p.directory_mode, state: 'directory' })))
  }
  for (const link of tree.symlinks) {
    const mode = p.mode === 'preserve' ? undefined : p.mode
    outcomes.push(await ensureSymlink(task({ path: `${dest}${link.rel}`, src: link.source, force: true, mode, state: 'link', follow: tree.directories.length > 0 ? false : p.follow })))
  }
  for (const outcome of outcomes) {
    if (outcome.kind === 'fail') return { failed: outcome, steps }
    steps.push({ changed: outcome.kind === 'change', apply: outcome.kind === 'change' ? outcome.apply : undefined, result: outcome.result })
  }
  return { steps }
}
