// get_url: download a file over HTTP(S)/FTP onto the target. The download runs on the
// target (curl, or python3's urllib) — where Ansible's runs, and the same over SSH.
import { posix } from 'node:path'
import { change, defineModule, fail, ok, type Host, type ModuleOutcome, type ModuleResult } from '../engine/module.js'
import { TargetAccounts } from './lib/files/accounts.js'
import { applyAttributes, planAttributes } from './lib/files/attributes.js'
import { FileModuleFailure, guarded } from './lib/files/failure.js'
import { checksumForFile, DIGEST_ALGORITHMS, digestOnTarget, isChecksumUrl, isHex, normalizeChecksum } from './lib/system/checksum.js'
import { download, responseFailure, type DownloadPlan } from './lib/system/get-url-download.js'
import { filenameFromHeaders, requestFor, urlFilename, type GetUrlParams } from './lib/system/get-url-params.js'
import { getUrlSchema } from './lib/system/get-url-schema.js'
import { fetchOnTarget } from './lib/system/http-fetch.js'
import { outcomeWithPathInfo } from './lib/system/path-result.js'

/** sha1 of an empty file: what Ansible reports as checksum_src after its check-mode HEAD request. */
const EMPTY_SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709'

/** The `checksum` argument resolved to an algorithm and a hex digest (fetching a checksum file when given a URL). */
async function expectedChecksum(host: Host, p: GetUrlParams, result: ModuleResult): Promise<DownloadPlan['expected']> {
  if (p.checksum === '') return undefined
  const at = p.checksum.indexOf(':')
  if (at < 0) throw new FileModuleFailure('The checksum parameter has to be in format <algorithm>:<checksum>', result)
  const algorithm = p.checksum.slice(0, at)
  let value = p.checksum.slice(at + 1)
  if (!DIGEST_ALGORITHMS.includes(algorithm)) {
    throw new FileModuleFailure(`Unsupported hash algorithm '${algorithm}' in checksum; use one of: ${DIGEST_ALGORITHMS.join(', ')}`, result)
  }
  if (isChecksumUrl(value)) {
    const resp = await fetchOnTarget(host, requestFor(p, value))
    const failure = responseFailure(resp, { url: value, dest: p.dest, elapsed: 0 })
    if (failure) throw failure
    const found = checksumForFile(resp.body ?? '', urlFilename(p.url))
    if (found === undefined) throw new FileModuleFailure(`Unable to find a checksum for file '${urlFilename(p.url)}' in '${value}'`)
    value = found
  }
  const digest = normalizeChecksum(value)
  if (!isHex(digest)) throw new FileModuleFailure('The checksum format is invalid', result)
  return { algorithm, digest }
}

/** The file is there with the right checksum: only its attributes may need changing. */
async function keepExisting(host: Host, p: GetUrlParams, result: ModuleResult, checkMode: boolean): Promise<ModuleOutcome> {
  const st = await host.stat(p.dest, { follow: true })
  const attrs = await planAttributes(p.dest, st, { mode: p.mode, owner: p.owner, group: p.group }, { accounts: new TargetAccounts(host), checkMode })
  if (!attrs.changed) return ok({ ...result, msg: 'file already exists' })
  return change({ ...result, msg: 'file already exists but file attributes changed', apply: () => applyAttributes(host, p.dest, attrs) })
}

/** Check mode: a HEAD request tells whether a download would happen. */
async function probe(host: Host, p: GetUrlParams, plan: DownloadPlan): Promise<ModuleOutcome> {
  const started = Date.now()
  const resp = await fetchOnTarget(host, requestFor(p, p.url, { method: 'HEAD', ifModifiedSince: plan.force ? undefined : plan.lastModified }))
  const elapsed = Math.floor((Date.now() - started) / 1000)
  if (resp.status === 304) return ok({ url: p.url, dest: plan.dest, msg: resp.msg, status_code: 304, elapsed })
  const failure = responseFailure(resp, { url: p.url, dest: plan.dest, elapsed })
  if (failure) return fail(failure.message, failure.extra)
  const dest = plan.destIsDir ? posix.join(plan.dest, filenameFromHeaders(resp.headers) ?? urlFilename(resp.url)) : plan.dest
  const result: ModuleResult = { ...plan.base, dest, elapsed, checksum_src: EMPTY_SHA1, msg: resp.msg }
  if (await host.stat(dest, { follow: true })) result.checksum_dest = await digestOnTarget(host, dest, 'sha1')
  return result.checksum_dest === EMPTY_SHA1 ? ok(result) : change(result)
}

async function runGetUrl(host: Host, p: GetUrlParams, checkMode: boolean): Promise<ModuleOutcome> {
  const base: ModuleResult = { checksum_dest: null, checksum_src: null, dest: p.dest, elapsed: 0, url: p.url }
  const destStat = await host.stat(p.dest, { follow: true })
  const destIsDir = destStat?.isdir ?? false
  const expected = await expectedChecksum(host, p, base)
  const plan: DownloadPlan = { dest: p.dest, destIsDir, force: p.force, expected, base }
  if (destStat && !destIsDir) {
    if (!p.force && expected) {
      if ((await digestOnTarget(host, p.dest, expected.algorithm)) === expected.digest) return keepExisting(host, p, base, checkMode)
      plan.force = true // a wrong file is replaced whatever its date
    }
    plan.lastModified = destStat.mtime
  }
  if (!destIsDir && !(await host.stat(posix.dirname(p.dest), { follow: true }))) {
    return fail(`Destination ${posix.dirname(p.dest)} does not exist`, base)
  }
  if (checkMode) return probe(host, p, plan)
  return change({ ...base, apply: () => download(host, p, plan) })
}

export default defineModule<GetUrlParams>({
  name: 'get_url',
  description:
    'Download a file from HTTP, HTTPS, FTP or file:// onto the target (with curl, or python3 when curl is missing). ' +
    'Replaces the destination only when the content differs; with a checksum, an intact file is not downloaded again. ' +
    'In check mode only a HEAD request is made.',
  params: getUrlSchema,
  aliases: { url_username: ['username'], url_password: ['password'] },
  secretParams: ['url_password'],
  examples: [
    `- name: Download the Ubuntu image, verified by the published checksums
  get_url:
    url: https://releases.ubuntu.com/22.04/ubuntu-22.04.4-live-server-amd64.iso
    dest: /var/lib/libvirt/images/
    checksum: sha256:https://releases.ubuntu.com/22.04/SHA256SUMS`,
    `- name: Fetch a script
  get_url:
    url: http://example.com/install.sh
    dest: /usr/local/bin/install.sh
    mode: "0755"`,
  ],
  run: async (host, p, ctx) => outcomeWithPathInfo(host, await guarded(() => runGetUrl(host, p, ctx.checkMode))),
})
