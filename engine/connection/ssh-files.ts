// Reading and atomically writing whole files over an SFTP session. Reads fill one
// buffer of the file's size with pipelined requests (no chunk lists to join, so a big
// file needs its own size in memory, not twice that). Writes go to a temp file in the
// target folder, get their owner and mode, are synced, then renamed over the target;
// on any failure the temp file is removed and the old file stays as it was.
import { fileError, parseStatLine, STAT_FORMAT, tempPathFor, type RawRunner } from './become-files.js'
import type { FileStat } from './connection.js'
import type { SftpSession } from './ssh-sftp.js'
import { OpenFlag } from './ssh-sftp-wire.js'

/** Requests in flight per transfer: enough to keep a loopback or LAN link busy. */
const PIPELINE = 16
const S_IFMT = 0o170000
const S_IFDIR = 0o040000

export async function sftpReadFile(sftp: SftpSession, path: string): Promise<Buffer> {
  const handle = await sftp.open(path, OpenFlag.read)
  try {
    const attrs = await sftp.fstat(handle, path)
    if (attrs.mode !== undefined && (attrs.mode & S_IFMT) === S_IFDIR) throw fileError(`cannot read ${path}: Is a directory`, 'EISDIR', path)
    const size = attrs.size ?? 0
    const body = Buffer.allocUnsafe(size)
    const end = await readRange(sftp, handle, path, body)
    if (end < size) return body.subarray(0, end)
    // Files that report no size (/proc) or grew while we read: continue until EOF.
    const tail = await readToEof(sftp, handle, path, size)
    return tail.length ? Buffer.concat([body, ...tail]) : body
  } finally {
    await sftp.close(handle, path).catch(() => {})
  }
}

/** Fills `body` from offset 0; returns where EOF was met (body.length when it was not). */
async function readRange(sftp: SftpSession, handle: Buffer, path: string, body: Buffer): Promise<number> {
  let next = 0
  let eof = body.length
  const worker = async (): Promise<void> => {
    while (next < eof) {
      const start = next
      const stop = Math.min(start + sftp.chunkSize, body.length)
      next = stop
      // A server may answer with fewer bytes than asked: ask again for the rest.
      for (let at = start; at < stop && at < eof; ) {
        const data = await sftp.read(handle, at, stop - at, path)
        if (!data) {
          eof = Math.min(eof, at)
          break
        }
        data.copy(body, at)
        at += data.length
      }
    }
  }
  await Promise.all(Array.from({ length: PIPELINE }, worker))
  return eof
}

async function readToEof(sftp: SftpSession, handle: Buffer, path: string, from: number): Promise<Buffer[]> {
  const parts: Buffer[] = []
  for (let at = from; ; ) {
    const data = await sftp.read(handle, at, sftp.chunkSize, path)
    if (!data) return parts
    parts.push(data)
    at += data.length
  }
}

/**
 * stat with the full record. SFTP answers whether the path exists and whether it is a
 * link (and its target); one `stat` process adds what SFTP v3 cannot tell (inode,
 * device, link count, ctime, sub-second times). When SFTP cannot say for sure (no
 * access; a link that does not resolve, which sftp-server calls missing even when it
 * loops), the command-only `slowPath` decides.
 */
export async function sftpStat(
  sftp: SftpSession,
  run: RawRunner,
  path: string,
  follow: boolean,
  slowPath: () => Promise<FileStat | null>,
): Promise<FileStat | null> {
  const attrs = await sftp.stat(path, follow).catch((err: NodeJS.ErrnoException) => err)
  if (attrs instanceof Error) {
    if (attrs.code !== 'ENOENT') return slowPath()
    const link = follow ? await sftp.stat(path, false).catch(() => undefined) : undefined
    return link ? slowPath() : null
  }
  const r = await run(['stat', ...(follow ? ['-L'] : []), '-c', STAT_FORMAT, '--', path])
  if (r.rc !== 0) return slowPath()
  const stat = parseStatLine(path, r.stdout.toString())
  if (stat.islnk) stat.linkTarget = await sftp.readlink(path)
  return stat
}

export interface SftpWriteOptions {
  mode?: number
  uid?: number
  gid?: number
}

export async function sftpWriteFile(sftp: SftpSession, path: string, data: Buffer, opts: SftpWriteOptions): Promise<void> {
  const previous = await sftp.stat(path, true).catch((err) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  })
  if (previous?.mode !== undefined && (previous.mode & S_IFMT) === S_IFDIR) throw fileError(`cannot write ${path}: Is a directory`, 'EISDIR', path)
  const mode = opts.mode ?? (previous?.mode !== undefined ? previous.mode & 0o7777 : undefined)
  const tmp = tempPathFor(path)
  // 0600 while the content arrives; with no mode to keep, 0666 lets the server's umask decide.
  const handle = await sftp.open(tmp, OpenFlag.write | OpenFlag.create | OpenFlag.exclusive, { mode: mode === undefined ? 0o666 : 0o600 })
  let open = true
  try {
    await writeRange(sftp, handle, tmp, data)
    if (sftp.extensions.has('fsync@openssh.com')) await sftp.fsync(handle, tmp)
    await applyOwner(sftp, handle, tmp, opts, previous)
    // After chown, which clears setuid/setgid bits.
    if (mode !== undefined) await sftp.fsetstat(handle, { mode }, tmp)
    open = false
    await sftp.close(handle, tmp)
    await sftp.posixRename(tmp, path)
  } catch (err) {
    if (open) await sftp.close(handle, tmp).catch(() => {})
    await sftp.remove(tmp).catch(() => {})
    throw err
  }
}

async function writeRange(sftp: SftpSession, handle: Buffer, path: string, data: Buffer): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < data.length) {
      const start = next
      next = Math.min(start + sftp.chunkSize, data.length)
      await sftp.write(handle, start, data.subarray(start, next), path)
    }
  }
  await Promise.all(Array.from({ length: PIPELINE }, worker))
}

/** The requested owner, else the replaced file's (only root may give files away; others keep theirs). */
async function applyOwner(sftp: SftpSession, handle: Buffer, tmp: string, opts: SftpWriteOptions, previous: { uid?: number; gid?: number } | undefined): Promise<void> {
  if (opts.uid !== undefined || opts.gid !== undefined) {
    await sftp.fsetstat(handle, { uid: opts.uid, gid: opts.gid }, tmp)
    return
  }
  if (previous?.uid === undefined) return
  await sftp.fsetstat(handle, { uid: previous.uid, gid: previous.gid }, tmp).catch((err) => {
    if ((err as NodeJS.ErrnoException).code !== 'EACCES') throw err
  })
}
