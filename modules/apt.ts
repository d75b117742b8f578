// apt: install, upgrade and remove Debian/Ubuntu packages. Reads dpkg/apt first (one
// dpkg-query for all names) and runs apt-get only in apply, with DEBIAN_FRONTEND=noninteractive.
import { change, defineModule, fail, ok, type Host, type ModuleOutcome, type ModuleResult } from '../engine/module.js'
import { APT_ENV, cacheTime, updateCache } from './lib/system/apt-commands.js'
import type { AptParams } from './lib/system/apt-params.js'
import { aptSchema } from './lib/system/apt-schema.js'
import { planWork, requestedPackages, type AptWork } from './lib/system/apt-work.js'
import { applyFailure, withOutputLines } from './lib/system/target.js'

/** The outcome of planned work; `extra` holds the cache keys the install path reports. */
function outcome(work: AptWork, extra: ModuleResult, checkMode: boolean, cleanFirst?: () => Promise<ModuleResult | undefined>): ModuleOutcome {
  const result = { ...work.result, ...(work.kind === 'install' ? extra : {}) }
  if (work.failure) return fail(work.failure, result)
  if (!work.changed && !cleanFirst) return ok(result)
  if (checkMode || !work.run) return change({ ...result, diff: work.diff })
  const run = work.run
  return change({
    ...result,
    diff: work.diff,
    apply: async () => {
      const cleaned = cleanFirst ? await cleanFirst() : undefined
      if (cleaned?.failed) return cleaned
      return work.changed ? run() : { changed: !!cleanFirst }
    },
  })
}

async function clean(host: Host): Promise<ModuleResult | undefined> {
  const r = await host.exec(['apt-get', 'clean'], { env: APT_ENV })
  if (r.rc !== 0) return applyFailure('apt-get clean failed', { stdout: r.stdout, rc: r.rc })
  if (r.stderr) return applyFailure(`apt-get clean failed: ${r.stderr}`, { stdout: r.stdout, rc: r.rc })
  return withOutputLines({ msg: r.stdout, stdout: r.stdout, stderr: r.stderr })
}

/** The cache is stale: update it in apply, then plan and do the package work on the fresh lists. */
function updateThenWork(host: Host, p: AptParams, before: number, onlyCache: boolean): ModuleOutcome {
  return change({
    cache_updated: true,
    cache_update_time: before,
    apply: async () => {
      const cleaned = p.clean ? await clean(host) : undefined
      if (cleaned?.failed) return cleaned
      const error = await updateCache(host, p)
      if (error) return applyFailure(error)
      const after = await cacheTime(host)
      const cacheKeys = { cache_updated: after !== before, cache_update_time: after }
      if (onlyCache) return { changed: after !== before, ...cacheKeys }
      const work = await planWork(host, p, false)
      if (work.failure) return applyFailure(work.failure, work.kind === 'install' ? cacheKeys : {})
      const done = work.changed && work.run ? await work.run() : {}
      return { changed: work.changed, ...work.result, ...(work.kind === 'install' ? cacheKeys : {}), ...done }
    },
  })
}

export default defineModule<AptParams>({
  name: 'apt',
  description:
    'Manage apt packages: install (present), upgrade (latest), remove (absent/purge), build-dep, fixed; update the package ' +
    'lists (update_cache with cache_valid_time); upgrade the system; autoremove/autoclean/clean.',
  params: aptSchema,
  aliases: {
    name: ['package', 'pkg'],
    update_cache: ['update-cache'],
    default_release: ['default-release'],
    install_recommends: ['install-recommends'],
    allow_unauthenticated: ['allow-unauthenticated'],
    allow_downgrade: ['allow-downgrade', 'allow_downgrades', 'allow-downgrades'],
  },
  examples: [
    `- name: Virtualisation packages, lists refreshed at most hourly
  apt:
    name: [qemu-kvm, libvirt-daemon-system, virtinst]
    update_cache: true
    cache_valid_time: 3600`,
    `- name: Without recommends
  apt: name=virt-manager,ssh-askpass-gnome install_recommends=no`,
    `- name: Remove popularity-contest
  apt:
    name: popularity-contest
    state: absent
    purge: true`,
  ],
  async run(host, p, ctx) {
    const { packages, all } = requestedPackages(p)
    const onlyCache = packages.length === 0 && !all && (!p.upgrade || p.upgrade === 'no')
    const cleanFirst = p.clean ? () => clean(host) : undefined
    if (p.clean && onlyCache) return ctx.checkMode ? change({}) : change({ apply: async () => (await clean(host)) ?? {} })
    const before = await cacheTime(host)
    const wantsUpdate = p.update_cache === true || p.cache_valid_time > 0
    const stale = wantsUpdate && before + p.cache_valid_time < Date.now() / 1000
    if (stale && !ctx.checkMode) return updateThenWork(host, p, before, onlyCache)
    const cacheKeys = { cache_updated: stale, cache_update_time: before }
    if (onlyCache && wantsUpdate) return stale ? change(cacheKeys) : ok(cacheKeys)
    return outcome(await planWork(host, p, ctx.diffMode), cacheKeys, ctx.checkMode, cleanFirst)
  },
})
