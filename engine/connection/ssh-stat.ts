// stat over SFTP. SFTP v3 tells whether a path exists, its type, mode, owner, size and
// whole-second times. The full record adds what it lacks (inode, device, link count,
// ctime, sub-second times) with one `stat` process. Callers that need only attributes
// (need: 'attributes') are answered without a process: the one missing field they use,
// a regular file's link count (several names make it state=hard), is in the `ls -l`
// long name OpenSSH's sftp-server gives each entry when its folder is listed.
import { posix } from 'node:path'
import { parseStatLine, STAT_FORMAT, type RawRunner } from './become-files.js'
import type { FileStat } from './connection.js'
import type { DirEntry, SftpSession } from './ssh-sftp.js'
import type { SftpAttrs } from './ssh-sftp-wire.js'

type SlowPath = () => Promise<FileStat | null>

/** Folder listings (of up to 100 entries each with OpenSSH) searched for a link count before a process is asked: beyond that the listing costs more than the process. */
const MAX_LISTINGS = 4

/**
 * What SFTP says about `path`, or an answer from `slowPath` (commands only) when it
 * cannot say for sure: no access, or a link that does not resolve, which sftp-server
 * calls missing even when it loops.
 */
async function sftpAttrs(sftp: SftpSession, path: string, follow: boolean, slowPath: SlowPath): Promise<SftpAttrs | { answer: FileStat | null }> {
  const attrs = await sftp.stat(path, follow).catch((err: NodeJS.ErrnoException) => err)
  if (!(attrs instanceof Error)) return attrs
  if (attrs.code !== 'ENOENT') return { answer: await slowPath() }
  const link = follow ? await sftp.stat(path, false).catch(() => undefined) : undefined
  return { answer: link ? await slowPath() : null }
}

/** The full record: SFTP for existence and link targets, one `stat` process for the rest. */
export async function sftpStat(sftp: SftpSession, run: RawRunner, path: string, follow: boolean, slowPath: SlowPath): Promise<FileStat | null> {
  const attrs = await sftpAttrs(sftp, path, follow, slowPath)
  if ('answer' in attrs) return attrs.answer
  const r = await run(['stat', ...(follow ? ['-L'] : []), '-c', STAT_FORMAT, '--', path])
  if (r.rc !== 0) return slowPath()
  const stat = parseStatLine(path, r.stdout.toString())
  if (stat.islnk) stat.linkTarget = await sftp.readlink(path)
  return stat
}

/**
 * Type, mode, owner, size, link target and a regular file's link count, by SFTP alone;
 * inode, dev and ctime are 0 and times whole seconds. A symlink followed is resolved
 * with REALPATH to find the folder that lists its target.
 */
export async function sftpStatAttributes(sftp: SftpSession, path: string, follow: boolean, slowPath: SlowPath): Promise<FileStat | null> {
  const lstat = await sftpAttrs(sftp, path, false, slowPath)
  if ('answer' in lstat) return lstat.answer
  const isLink = lstat.mode !== undefined && (lstat.mode & 0o170000) === 0o120000
  let attrs = lstat
  let listed = path
  if (follow && isLink) {
    const [target, real] = await Promise.all([sftpAttrs(sftp, path, true, slowPath), sftp.realpath(path).catch(() => undefined)])
    if ('answer' in target) return target.answer
    if (real === undefined) return slowPath()
    attrs = target
    listed = real
  }
  const stat = fromAttrs(path, attrs)
  if (!stat) return slowPath()
  if (stat.islnk) stat.linkTarget = await sftp.readlink(path)
  if (stat.isreg) {
    const nlink = await linkCount(sftp, listed, attrs)
    if (nlink === undefined) return slowPath()
    stat.nlink = nlink
  }
  return stat
}

function fromAttrs(path: string, a: SftpAttrs): FileStat | null {
  if (a.mode === undefined || a.uid === undefined || a.gid === undefined || a.size === undefined || a.mtime === undefined) return null
  const type = a.mode & 0o170000
  return {
    path,
    exists: true,
    isdir: type === 0o040000,
    isreg: type === 0o100000,
    islnk: type === 0o120000,
    mode: a.mode & 0o7777,
    uid: a.uid,
    gid: a.gid,
    size: a.size,
    mtime: a.mtime,
    atime: a.atime ?? a.mtime,
    ctime: 0,
    inode: 0,
    dev: 0,
    nlink: 1,
  }
}

/** The link count in the folder listing of `path`; undefined when the listing cannot tell. */
async function linkCount(sftp: SftpSession, path: string, attrs: SftpAttrs): Promise<number | undefined> {
  const name = posix.basename(path)
  if (name === '' || name === '.' || name === '..' || path.endsWith('/')) return undefined
  const folder = posix.dirname(path)
  const handle = await sftp.opendir(folder).catch(() => undefined)
  if (!handle) return undefined
  try {
    for (let n = 0; n < MAX_LISTINGS; n++) {
      const entries = await sftp.readdir(handle, folder)
      if (!entries) return undefined
      const entry = entries.find((e) => e.name === name)
      if (entry) return sameFile(entry.attrs, attrs) ? linkCountOf(entry) : undefined
    }
    return undefined
  } finally {
    sftp.closeLater(handle, folder)
  }
}

/** The entry is the file we stat'ed (it was not replaced in between). */
function sameFile(a: SftpAttrs, b: SftpAttrs): boolean {
  return a.mode === b.mode && a.size === b.size && a.uid === b.uid && a.gid === b.gid && a.mtime === b.mtime
}

/** OpenSSH's long name is `ls -l`'s line: "-rw-r--r--    2 user group size date name". */
export function linkCountOf(entry: DirEntry): number | undefined {
  const m = /^-[-rwxsStT]{9}[ +.@]?\s+(\d+)\s/.exec(entry.longname)
  return m ? Number(m[1]) : undefined
}
