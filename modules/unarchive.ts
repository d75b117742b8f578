// unarchive: unpack a tar (gz/bz2/xz/zst) or zip archive into an existing folder on the
// target — from the controller (copied over first), from the target, or from a URL.
import { posix } from 'node:path'
import { change, defineModule, fail, ok, skip, type Host, type ModuleOutcome, type ModuleResult } from '../engine/module.js'
import { TargetAccounts } from './lib/files/accounts.js'
import { applyAttributes, planAttributes, type AttrPlan } from './lib/files/attributes.js'
import { guarded } from './lib/files/failure.js'
import { fileAttrProperties } from './lib/files/params.js'
import type { ModeParam } from './lib/files/mode.js'
import { C_LOCALE, type ArchiveHandler, type ArchiveJob } from './lib/system/archive-job.js'
import { pickHandler } from './lib/system/archive-pick.js'
import { stageArchive, StagingError, type StagedArchive } from './lib/system/archive-source.js'
import { outcomeWithPathInfo } from './lib/system/path-result.js'
import { applyFailure } from './lib/system/target.js'

interface UnarchiveParams {
  src: string
  dest: string
  remote_src: boolean
  copy?: boolean
  creates?: string
  list_files: boolean
  keep_newer: boolean
  exclude?: string[]
  include?: string[]
  extra_opts: string[]
  validate_certs: boolean
  mode?: ModeParam
  owner?: string
  group?: string
}

/** mode/owner/group for every unpacked member and the top folders (as ansible-core sets them). */
async function attributePlans(host: Host, p: UnarchiveParams, files: string[]): Promise<{ path: string; plan: AttrPlan }[]> {
  if (p.mode === undefined && p.owner === undefined && p.group === undefined) return []
  const accounts = new TargetAccounts(host)
  const tops = [...new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]!))]
  const plans: { path: string; plan: AttrPlan }[] = []
  for (const name of [...files, ...tops]) {
    const path = posix.join(p.dest, name)
    const st = await host.stat(path)
    if (!st) continue
    const plan = await planAttributes(path, st, { mode: p.mode, owner: p.owner, group: p.group }, { accounts, checkMode: false })
    if (plan.changed) plans.push({ path, plan })
  }
  return plans
}

async function applyPlans(host: Host, plans: { path: string; plan: AttrPlan }[]): Promise<void> {
  for (const { path, plan } of plans) await applyAttributes(host, path, plan)
}

/** Unpack, then set attributes on what was unpacked. */
async function extract(host: Host, p: UnarchiveParams, handler: ArchiveHandler, staged: StagedArchive): Promise<ModuleResult> {
  const argv = handler.extractArgv()
  const r = await host.exec(argv, { cwd: p.dest, env: C_LOCALE })
  const extract_results = { cmd: argv, rc: r.rc, out: r.stdout, err: r.stderr }
  if (r.rc !== 0) return applyFailure(`failed to unpack ${staged.path} to ${p.dest}`, { extract_results, handler: handler.name, dest: p.dest, src: staged.path })
  await applyPlans(host, await attributePlans(host, p, await handler.files()))
  return { extract_results }
}

/** The staged copy is removed once the outcome is settled: now, or after apply. */
function cleaningUp(outcome: ModuleOutcome, staged: StagedArchive): Promise<ModuleOutcome> | ModuleOutcome {
  if (outcome.kind !== 'change' || !outcome.apply) return staged.cleanup().then(() => outcome)
  const apply = outcome.apply
  return {
    ...outcome,
    apply: async () => {
      try {
        return await apply()
      } finally {
        await staged.cleanup()
      }
    },
  }
}

async function runUnarchive(host: Host, p: UnarchiveParams, staged: StagedArchive, checkMode: boolean): Promise<ModuleOutcome> {
  const job: ArchiveJob = {
    host, src: staged.path, dest: p.dest, exclude: p.exclude ?? [], include: p.include ?? [], extraOpts: p.extra_opts,
    owner: p.owner, group: p.group, mode: p.mode, keepNewer: p.keep_newer,
  }
  const handler = await pickHandler(job)
  if (typeof handler === 'string') return fail(handler)
  const result: ModuleResult = { handler: handler.name, dest: p.dest, src: staged.path }
  if (p.list_files) result.files = await handler.files()
  const unarchived = await handler.isUnarchived()
  if (checkMode) return unarchived ? ok(result) : change(result)
  if (!unarchived) return change({ ...result, apply: () => extract(host, p, handler, staged) })
  const plans = await attributePlans(host, p, await handler.files())
  if (plans.length === 0) return ok(result)
  return change({ ...result, apply: () => applyPlans(host, plans) })
}

export default defineModule<UnarchiveParams>({
  name: 'unarchive',
  description:
    'Unpack an archive (tar, tar.gz/bz2/xz/zst, zip) into an existing folder on the target, with GNU tar or unzip there. ' +
    'The archive comes from the controller (files/ search path) unless remote_src is set; a URL is downloaded by the ' +
    'target. Nothing is unpacked when dest already matches the archive (tar --diff / the zip listing).',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['src', 'dest'],
    properties: {
      src: { type: 'string', description: 'The archive: a controller path (files/), or with remote_src a target path or URL.' },
      dest: { type: 'string', description: 'Existing folder to unpack into.' },
      remote_src: { type: 'boolean', default: false, description: 'src is already on the target (or a URL the target fetches).' },
      copy: { type: 'boolean', description: 'Deprecated opposite of remote_src: copy=false means remote_src=true.' },
      creates: { type: 'string', description: 'A path on the target; when it exists, nothing is done.' },
      list_files: { type: 'boolean', default: false, description: 'Return the archive\'s members as `files`.' },
      keep_newer: { type: 'boolean', default: false, description: 'Do not replace files newer than the archive\'s.' },
      exclude: { type: 'array', items: { type: 'string' }, description: 'Members (fnmatch patterns) not to unpack.' },
      include: { type: 'array', items: { type: 'string' }, description: 'Only these members.' },
      extra_opts: { type: 'array', items: { type: 'string' }, default: [], description: 'Extra tar/unzip options, e.g. [--strip-components=1].' },
      validate_certs: { type: 'boolean', default: true, description: 'Check HTTPS certificates when src is a URL.' },
      io_buffer_size: { type: 'integer', description: 'Accepted for compatibility (no effect).' },
      decrypt: { type: 'boolean', description: 'Accepted for compatibility: vault-encrypted archives are not supported.' },
      ...fileAttrProperties,
    },
    not: { required: ['include', 'exclude'] },
  },
  examples: [
    `- name: Unpack VirtualBMC sources shipped with the role
  unarchive:
    src: virtualbmc.tar.gz
    dest: /opt
    creates: /opt/virtualbmc`,
    `- name: Unpack a release from the web
  unarchive:
    src: https://example.com/tool-1.0.zip
    dest: /usr/local/lib
    remote_src: true
    list_files: true`,
  ],
  async run(host, p, ctx) {
    if (p.creates && (await host.stat(p.creates, { follow: true }))) return skip(`skipped, since ${p.creates} exists`)
    if (!(await host.stat(p.dest, { follow: true }))?.isdir) return fail(`dest '${p.dest}' must be an existing dir`)
    let staged: StagedArchive
    try {
      staged = await stageArchive(host, p.src, p.remote_src || p.copy === false, p.validate_certs, ctx)
    } catch (err) {
      if (err instanceof StagingError) return fail(err.message)
      throw err
    }
    const outcome = await guarded(() => runUnarchive(host, p, staged, ctx.checkMode)).catch(async (err) => {
      await staged.cleanup()
      throw err
    })
    return outcomeWithPathInfo(host, await cleaningUp(outcome, staged))
  },
})
