// The handler for an archive on the target: zip through unzip, else the first tar
// compression GNU tar can list it with — in ansible-core's order.
import type { Host } from '../../../engine/module.js'
import type { ArchiveHandler, ArchiveJob } from './archive-job.js'
import { TAR_KINDS, TarHandler } from './archive-tar.js'
import { ZipHandler } from './archive-zip.js'
import { firstCommand } from './target.js'

async function tarReason(host: Host): Promise<string | undefined> {
  if (!(await firstCommand(host, ['tar']))) return "Unable to find required 'gtar' or 'tar' binary in the path"
  const version = (await host.exec(['tar', '--version'])).stdout
  if (version.startsWith('tar') && version.includes('GNU')) return undefined
  return `Command "tar" detected as tar type ${version.startsWith('bsdtar') ? 'bsd' : 'None'}. GNU tar required.`
}

/** The handler that can read `job.src`, or Ansible's message listing why none can. */
export async function pickHandler(job: ArchiveJob): Promise<ArchiveHandler | string> {
  const reasons: string[] = []
  if (await firstCommand(job.host, ['unzip'])) {
    const zip = new ZipHandler(job)
    const listed = await zip.tryList()
    if (Array.isArray(listed)) return zip
    reasons.push(listed)
  } else reasons.push("Unable to find required 'unzip' or 'zipinfo' binary in the path.")
  const noTar = await tarReason(job.host)
  if (noTar) reasons.push(noTar)
  else {
    const runUid = Number((await job.host.exec(['id', '-u'])).stdout.trim())
    for (const [name, flags] of TAR_KINDS) {
      const tar = new TarHandler(name, job, flags, runUid)
      const listed = await tar.tryList()
      if (Array.isArray(listed)) return tar
      reasons.push(listed)
    }
  }
  return `Failed to find handler for "${job.src}". Make sure the required command to extract the file is installed.\n${[...new Set(reasons)].join('\n')}`
}
