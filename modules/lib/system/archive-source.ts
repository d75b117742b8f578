// Where the archive comes from: a file on the controller (copied into a temporary
// folder on the target), a path on the target, or a URL the target downloads.
import { readFileSync } from 'node:fs'
import { posix } from 'node:path'
import type { Host, ModuleContext } from '../../../engine/module.js'
import { fetchOnTarget } from './http-fetch.js'
import { urlFilename } from './get-url-params.js'

export interface StagedArchive {
  /** The archive's path on the target. */
  path: string
  /** Removes what staging created (nothing for an archive already on the target). */
  cleanup(): Promise<void>
}

async function tempFolder(host: Host): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const r = await host.exec(['mktemp', '-d'])
  if (r.rc !== 0) throw new StagingError(`could not create a temporary folder on the target: ${r.stderr.trim()}`)
  const dir = r.stdout.trim()
  return { dir, cleanup: async () => void (await host.exec(['rm', '-rf', dir])) }
}

export class StagingError extends Error {}

export async function stageArchive(host: Host, src: string, remote: boolean, validateCerts: boolean, ctx: ModuleContext): Promise<StagedArchive> {
  if (remote && src.includes('://')) {
    const tmp = await tempFolder(host)
    const path = posix.join(tmp.dir, urlFilename(src))
    const resp = await fetchOnTarget(host, { url: src, output: path, timeout: 10, validateCerts, useProxy: true })
    if (resp.status !== 200) {
      await tmp.cleanup()
      throw new StagingError(`Failure downloading ${src}, ${resp.msg}`)
    }
    return { path, cleanup: tmp.cleanup }
  }
  if (remote) {
    const st = await host.stat(src, { follow: true })
    if (!st) throw new StagingError(`Source '${src}' does not exist`)
    if (st.size === 0) throw new StagingError(`Invalid archive '${src}', the file is 0 bytes`)
    return { path: src, cleanup: async () => {} }
  }
  const local = ctx.findFile(src, 'files')
  if (!local) {
    throw new StagingError(`Could not find or access '${src}' on the Ansible Controller.\nIf you are using a module and expect the file to be on the remote, see the remote_src option`)
  }
  const data = readFileSync(local)
  if (data.length === 0) throw new StagingError(`Invalid archive '${src}', the file is 0 bytes`)
  const tmp = await tempFolder(host)
  const path = posix.join(tmp.dir, posix.basename(local))
  await host.write(path, data, { mode: 0o600 })
  return { path, cleanup: tmp.cleanup }
}
