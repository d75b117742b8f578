// get_url's apply: download into a temporary file next to the destination (so the
// final rename stays on one filesystem), then replace the destination only when the
// content differs, verify the checksum, and set mode/owner/group.
import { posix } from 'node:path'
import type { Host, ModuleResult } from '../../../engine/module.js'
import { TargetAccounts } from '../files/accounts.js'
import { applyAttributes, planAttributes } from '../files/attributes.js'
import { backupFile } from '../files/backup.js'
import { FileModuleFailure } from '../files/failure.js'
import { digestOnTarget } from './checksum.js'
import { fetchOnTarget, type FetchResponse } from './http-fetch.js'
import { filenameFromHeaders, requestFor, urlFilename, type GetUrlParams } from './get-url-params.js'
import { runScript } from './target.js'

export interface DownloadPlan {
  dest: string
  destIsDir: boolean
  /** Download even when the server says the file is not newer. */
  force: boolean
  /** mtime of the existing destination, for If-Modified-Since. */
  lastModified?: number
  expected?: { algorithm: string; digest: string }
  /** url, dest, checksum_src/dest, elapsed… as far as the read phase got. */
  base: ModuleResult
}

// The new file takes over the replaced file's mode and owner (as Ansible's
// atomic_move does), or the mode the umask gives a new file.
const INSTALL = `tmp=$1 dest=$2
if [ -e "$dest" ]; then
  chmod --reference="$dest" "$tmp" 2>/dev/null; chown --reference="$dest" "$tmp" 2>/dev/null
else
  chmod "$(printf '%o' $(( 0666 & ~$(umask) )))" "$tmp" || exit 1
fi
mv -f "$tmp" "$dest"`

/** Fails the task the way get_url fails for an unusable response. */
export function responseFailure(resp: FetchResponse, extra: ModuleResult): FileModuleFailure | undefined {
  if (resp.status === -1) return new FileModuleFailure(resp.msg, extra)
  if (resp.status !== 200 && !/^(file|ftp):/.test(String(extra.url))) {
    return new FileModuleFailure('Request failed', { status_code: resp.status, response: resp.msg, ...extra })
  }
  return undefined
}

async function tempFileIn(host: Host, dir: string): Promise<string> {
  const base = dir.startsWith('/') ? dir : `./${dir}`
  const r = await host.exec(['mktemp', posix.join(base, '.tsplay-get_url.XXXXXXXX')])
  if (r.rc !== 0) throw new FileModuleFailure(`failed to create temporary content file: ${r.stderr.trim()}`)
  return r.stdout.trim()
}

async function tempFolder(host: Host, p: GetUrlParams, plan: DownloadPlan): Promise<string> {
  if (p.tmp_dest === undefined) return plan.destIsDir ? plan.dest : posix.dirname(plan.dest)
  const st = await host.stat(p.tmp_dest, { follow: true })
  if (!st) throw new FileModuleFailure(`${p.tmp_dest} directory does not exist.`)
  if (!st.isdir) throw new FileModuleFailure(`${p.tmp_dest} is a file but should be a directory.`)
  return p.tmp_dest
}

export async function download(host: Host, p: GetUrlParams, plan: DownloadPlan): Promise<ModuleResult> {
  const result: ModuleResult = { ...plan.base }
  const tmp = await tempFileIn(host, await tempFolder(host, p, plan))
  const removeTemp = () => host.exec(['rm', '-f', tmp])
  const started = Date.now()
  const resp = await fetchOnTarget(host, requestFor(p, p.url, { output: tmp, ifModifiedSince: plan.force ? undefined : plan.lastModified }))
  result.elapsed = Math.floor((Date.now() - started) / 1000)
  if (resp.status === 304) {
    await removeTemp()
    return { url: p.url, dest: plan.dest, changed: false, msg: resp.msg, status_code: 304, elapsed: result.elapsed }
  }
  const failure = responseFailure(resp, { url: p.url, dest: plan.dest, elapsed: result.elapsed })
  if (failure) {
    await removeTemp()
    throw failure
  }
  const dest = plan.destIsDir ? posix.join(plan.dest, filenameFromHeaders(resp.headers) ?? urlFilename(resp.url)) : plan.dest
  Object.assign(result, { dest, src: tmp, checksum_src: await digestOnTarget(host, tmp, 'sha1') })
  const existing = await host.stat(dest, { follow: true })
  if (existing) result.checksum_dest = await digestOnTarget(host, dest, 'sha1')
  let changed = result.checksum_src !== result.checksum_dest
  if (changed) {
    if (p.backup && existing) result.backup_file = await backupFile(host, dest)
    const moved = await runScript(host, INSTALL, [tmp, dest])
    if (moved.rc !== 0) {
      await removeTemp()
      throw new FileModuleFailure(`failed to copy ${tmp} to ${dest}: ${moved.stderr.trim()}`, result)
    }
  } else await removeTemp()
  if (plan.expected) {
    const actual = await digestOnTarget(host, dest, plan.expected.algorithm)
    if (actual !== plan.expected.digest) {
      await host.exec(['rm', '-f', dest])
      throw new FileModuleFailure(`The checksum for ${dest} did not match ${plan.expected.digest}; it was ${actual}.`, result)
    }
  }
  changed = (await setAttributes(host, p, dest)) || changed
  return { ...result, changed, msg: resp.msg, status_code: resp.status, md5sum: await digestOnTarget(host, dest, 'md5') }
}

/** mode/owner/group of the downloaded file; true when something had to change. */
export async function setAttributes(host: Host, p: GetUrlParams, dest: string): Promise<boolean> {
  if (p.mode === undefined && p.owner === undefined && p.group === undefined) return false
  const st = await host.stat(dest, { follow: true })
  const attrs = await planAttributes(dest, st, { mode: p.mode, owner: p.owner, group: p.group }, { accounts: new TargetAccounts(host), checkMode: false })
  await applyAttributes(host, dest, attrs)
  return attrs.changed
}
