// fetch: bring a file of the target to the controller, by default into
// <dest>/<inventory_hostname>/<full remote path> (flat: straight into dest), written
// only when its sha1 differs. A large file is hashed on the target and streamed, never held whole. Unlike Ansible's (which skips it), check mode reports
// what would be fetched without writing, as only apply writes.
import { promises as fs, statSync } from 'node:fs'
import { isAbsolute, join, normalize, dirname, basename, sep } from 'node:path'
import { change, defineModule, fail, ok, type Host, type ModuleContext, type ModuleOutcome, type ModuleResult, skip } from '../engine/module.js'
import { fileDigests, LARGE_FILE, md5Hex, remoteSha1, sha1Hex } from './lib/files/checksum.js'
import { guarded } from './lib/files/failure.js'
import { expandUser } from './lib/files/paths.js'

export interface FetchParams {
  src: string
  dest: string
  flat: boolean
  fail_on_missing: boolean
  validate_checksum: boolean
}

export default defineModule<FetchParams>({
  name: 'fetch',
  description:
    'Copy a file from the target to the controller: into dest/<inventory_hostname>/<remote path>, or with flat into ' +
    'dest itself (dest ending in "/" keeps the file name). Written only when the sha1 differs; verified after writing.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['src', 'dest'],
    properties: {
      src: { type: 'string', description: 'The file on the target (not a folder).' },
      dest: { type: 'string', description: 'Controller folder (or file, with flat); relative to the playbook folder.' },
      flat: { type: 'boolean', default: false, description: 'Put the file at dest itself instead of dest/<host>/<remote path>.' },
      fail_on_missing: { type: 'boolean', default: true, description: 'Fail when src is missing or a folder (no: only say so).' },
      validate_checksum: { type: 'boolean', default: true, description: 'Check the written copy against the sha1 of the source.' },
    },
  },
  examples: [
    `- name: Keep the undercloud's passwords
  fetch:
    src: /home/stack/undercloud-passwords.conf
    dest: artifacts/`,
    `- name: The overcloud rc file, as it is named
  fetch:
    src: /home/stack/overcloudrc
    dest: artifacts/overcloudrc
    flat: true`,
  ],
  run: (host, p, ctx) => guarded(() => runFetch(host, p, ctx)),
})

async function runFetch(host: Host, p: FetchParams, ctx: ModuleContext): Promise<ModuleOutcome> {
  // ansible-core 2.14's fetch action skips itself in check mode.
  if (ctx.checkMode) return skip('check mode not (yet) supported for this module')
  const source = await expandUser(host, p.src)
  const remote = await readRemote(host, source, p.fail_on_missing)
  if ('outcome' in remote) return remote.outcome
  const dest = localDest(p, source, host.name, ctx.playbookDir)
  if (typeof dest !== 'string') return dest
  const remoteChecksum = remote.sha1
  const local = await localDigests(dest)
  if (local?.sha1 === remoteChecksum) {
    return ok({ md5sum: local.md5, file: source, dest, checksum: remoteChecksum })
  }
  return change({
    ...(remote.data ? { md5sum: md5Hex(remote.data) } : {}),
    dest,
    remote_md5sum: null,
    checksum: remoteChecksum,
    remote_checksum: remoteChecksum,
    apply: async (): Promise<ModuleResult> => {
      await fs.mkdir(dirname(dest), { recursive: true })
      if (remote.data) await fs.writeFile(dest, remote.data)
      else await host.download!(source, dest)
      const written = (await localDigests(dest))!
      if (p.validate_checksum && written.sha1 !== remoteChecksum) {
        return { failed: true, changed: false, msg: 'checksum mismatch', file: source, checksum: written.sha1, md5sum: written.md5 }
      }
      return { checksum: written.sha1, md5sum: written.md5 }
    },
  })
}

/** sha1 and md5 of the controller copy; undefined when there is none. */
async function localDigests(path: string): Promise<{ sha1: string; md5: string } | undefined> {
  try {
    return await fileDigests(path)
  } catch {
    return undefined
  }
}

/**
 * The file's sha1, with its bytes when small; a large file is hashed on the target and
 * streamed by apply (when the host can download). Or the outcome for a missing file or a folder.
 */
async function readRemote(host: Host, source: string, failOnMissing: boolean): Promise<{ sha1: string; data?: Buffer } | { outcome: ModuleOutcome }> {
  const st = await host.stat(source, { follow: true })
  if (st?.isdir) {
    const msg = 'remote file is a directory, fetch cannot work on directories'
    return { outcome: failOnMissing ? fail(msg) : ok({ msg: `${msg}, not transferring, ignored` }) }
  }
  try {
    if (st?.isreg && st.size > LARGE_FILE && host.download) return { sha1: await remoteSha1(host, source, st.size) }
    const data = await host.readBytes(source)
    return { sha1: sha1Hex(data), data }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'ENOENT') return { outcome: fail(code === 'EACCES' ? `file is not readable: ${source}` : `unable to fetch file: ${(err as Error).message}`) }
    // Ansible words a missing file the same way whether or not it fails.
    const msg = 'the remote file does not exist, not transferring, ignored'
    return { outcome: failOnMissing ? fail(msg) : ok({ file: source, msg }) }
  }
}

/** Where the copy goes on the controller (a failure for a flat dest that is a folder). */
function localDest(p: FetchParams, source: string, hostName: string, playbookDir: string): string | ModuleOutcome {
  const base = (path: string) => (isAbsolute(path) ? path : join(playbookDir, path))
  if (!p.flat) return normalize(`${base(p.dest)}/${hostName}/${source}`)
  let dest = p.dest
  if (dest.endsWith(sep)) dest = join(dest, basename(source))
  else if (isDirectory(base(dest))) return fail('dest is an existing directory, use a trailing slash if you want to fetch src into that directory')
  return normalize(base(dest))
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
