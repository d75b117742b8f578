// Reading and atomically writing whole files over an SFTP session, in as few round
// trips as the protocol allows (requests that do not depend on each other's answers
// go out together). Reads fill one buffer of the file's size with pipelined requests
// (no chunk lists to join, so a big file needs its own size in memory, not twice
// that). Writes go to a temp file in the target folder, get their owner and mode, are
// synced, then renamed over the target; on any failure the temp file is removed and
// the old file stays as it was.
import { promises as fs } from 'node:fs'
import { fileError, tempPathFor } from './become-files.js'
import type { ChunkSource } from './chunk-source.js'
import type { SftpSession } from './ssh-sftp.js'
import { OpenFlag, type SftpAttrs } from './ssh-sftp-wire.js'

/** Requests in flight per transfer: enough to keep a loopback or LAN link busy. */
const PIPELINE = 16
const S_IFMT = 0o170000
const S_IFDIR = 0o040000

export async function sftpReadFile(sftp: SftpSession, path: string): Promise<Buffer> {
  const handle = await sftp.open(path, OpenFlag.read)
  try {
    // The size and the first chunk in one round trip: most files end within it.
    const [attrs, first] = await Promise.allSettled([sftp.fstat(handle, path), sftp.read(handle, 0, sftp.chunkSize, path)])
    if (attrs.status === 'rejected') throw attrs.reason
    if (attrs.value.mode !== undefined && (attrs.value.mode & S_IFMT) === S_IFDIR) throw fileError(`cannot read ${path}: Is a directory`, 'EISDIR', path)
    if (first.status === 'rejected') throw first.reason
    const size = attrs.value.size ?? 0
    const head = first.value
    if (!head) return Buffer.alloc(0)
    // Files that report no size (/proc) are read until EOF.
    if (size === 0) {
      const parts = [head]
      await readToEof(sftp, handle, path, head.length, (data) => void parts.push(data))
      return Buffer.concat(parts)
    }
    if (head.length >= size) return head
    const body = Buffer.allocUnsafe(size)
    head.copy(body)
    const end = await readRange(sftp, handle, path, head.length, size, (data, at) => void data.copy(body, at))
    return end < size ? body.subarray(0, end) : body
  } finally {
    sftp.closeLater(handle, path)
  }
}

/** Where the bytes read go: each chunk with its offset in the file. */
type ReadSink = (data: Buffer, at: number) => void | Promise<void>

/** Reads [from, size) with pipelined requests into `sink`; returns where EOF was met (size when it was not). */
async function readRange(sftp: SftpSession, handle: Buffer, path: string, from: number, size: number, sink: ReadSink): Promise<number> {
  let next = from
  let eof = size
  const worker = async (): Promise<void> => {
    while (next < eof) {
      const start = next
      const stop = Math.min(start + sftp.chunkSize, size)
      next = stop
      // A server may answer with fewer bytes than asked: ask again for the rest.
      for (let at = start; at < stop && at < eof; ) {
        const data = await sftp.read(handle, at, stop - at, path)
        if (!data) {
          eof = Math.min(eof, at)
          break
        }
        await sink(data, at)
        at += data.length
      }
    }
  }
  await Promise.all(Array.from({ length: PIPELINE }, worker))
  return eof
}

/** Reads from `from` until EOF, one request at a time (the size is unknown), into `sink`. */
async function readToEof(sftp: SftpSession, handle: Buffer, path: string, from: number, sink: ReadSink): Promise<void> {
  for (let at = from; ; ) {
    const data = await sftp.read(handle, at, sftp.chunkSize, path)
    if (!data) return
    await sink(data, at)
    at += data.length
  }
}

export interface SftpWriteOptions {
  mode?: number
  uid?: number
  gid?: number
}

/**
 * Three round trips for a small file: the old file's stat with the temp file's open,
 * then content, sync, owner, mode and close in one go, then the rename — which is sent
 * only once everything before it succeeded.
 */
export async function sftpWriteFile(sftp: SftpSession, path: string, data: ChunkSource, opts: SftpWriteOptions): Promise<void> {
  const tmp = tempPathFor(path)
  // 0600 while the content arrives; with no mode to give or keep, 0666 lets the server's umask decide.
  const openTemp = (mode: number | undefined) => sftp.open(tmp, OpenFlag.write | OpenFlag.create | OpenFlag.exclusive, { mode: mode === undefined ? 0o666 : 0o600 })
  // Without a mode of our own, the old file's decides how the temp file may be opened.
  const early = opts.mode !== undefined ? openTemp(opts.mode) : undefined
  const [previous, opened] = await Promise.allSettled([previousStat(sftp, path), early])
  let handle = opened.status === 'fulfilled' ? opened.value : undefined
  try {
    if (previous.status === 'rejected') throw previous.reason
    if (opened.status === 'rejected') throw opened.reason
    const old = previous.value
    if (old?.mode !== undefined && (old.mode & S_IFMT) === S_IFDIR) throw fileError(`cannot write ${path}: Is a directory`, 'EISDIR', path)
    const mode = opts.mode ?? (old?.mode !== undefined ? old.mode & 0o7777 : undefined)
    handle ??= await openTemp(mode)
    await finishTemp(sftp, handle, tmp, data, { ...opts, mode }, old)
    handle = undefined
    await sftp.posixRename(tmp, path)
  } catch (err) {
    if (handle) sftp.closeLater(handle, tmp)
    if (handle || opened.status === 'fulfilled') await sftp.remove(tmp).catch(() => {})
    throw err
  }
}

function previousStat(sftp: SftpSession, path: string): Promise<SftpAttrs | undefined> {
  return sftp.stat(path, true).catch((err) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  })
}

/** Content, sync, owner, then mode (chown clears setuid/setgid bits), then close: sent together, checked together. */
async function finishTemp(sftp: SftpSession, handle: Buffer, tmp: string, data: ChunkSource, opts: SftpWriteOptions, old: SftpAttrs | undefined): Promise<void> {
  const steps: Promise<void>[] = []
  // A big file's chunks go out pipelined; a small one is a single write sent with the rest.
  if (data.size > sftp.chunkSize) await writeRange(sftp, handle, tmp, data)
  else if (data.size > 0) {
    const whole = await data.read(0, data.size)
    steps.push(sftp.write(handle, 0, whole, tmp))
  }
  if (sftp.extensions.has('fsync@openssh.com')) steps.push(sftp.fsync(handle, tmp))
  steps.push(applyOwner(sftp, handle, tmp, opts, old))
  if (opts.mode !== undefined) steps.push(sftp.fsetstat(handle, { mode: opts.mode }, tmp))
  steps.push(sftp.close(handle, tmp))
  const failed = (await Promise.allSettled(steps)).find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
}

/** The chunks go out pipelined; each worker reads its next chunk only when the last one was written. */
async function writeRange(sftp: SftpSession, handle: Buffer, path: string, data: ChunkSource): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < data.size) {
      const start = next
      next = Math.min(start + sftp.chunkSize, data.size)
      const chunk = await data.read(start, next - start)
      if (chunk.length > 0) await sftp.write(handle, start, chunk, path)
    }
  }
  await Promise.all(Array.from({ length: PIPELINE }, worker))
}

/**
 * A target file into a controller file, a chunk at a time (pipelined reads, each written
 * at its offset), never whole in memory: into a temp file beside `localPath`, renamed over
 * it once complete, so a failed transfer leaves the old copy as it was.
 */
export async function sftpDownload(sftp: SftpSession, path: string, localPath: string): Promise<void> {
  const handle = await sftp.open(path, OpenFlag.read)
  const tmp = tempPathFor(localPath)
  let local: fs.FileHandle | undefined
  try {
    const attrs = await sftp.fstat(handle, path)
    if (attrs.mode !== undefined && (attrs.mode & S_IFMT) === S_IFDIR) throw fileError(`cannot read ${path}: Is a directory`, 'EISDIR', path)
    local = await fs.open(tmp, 'wx', 0o666)
    const out = local
    const write: ReadSink = async (data, at) => void (await out.write(data, 0, data.length, at))
    const size = attrs.size ?? 0
    const eof = await readRange(sftp, handle, path, 0, size, write)
    // Files that report no size (/proc) or grew meanwhile: the rest, until EOF.
    if (eof === size) await readToEof(sftp, handle, path, size, write)
    await local.close()
    local = undefined
    await fs.rename(tmp, localPath)
  } catch (err) {
    await local?.close().catch(() => {})
    await fs.rm(tmp, { force: true })
    throw err
  } finally {
    sftp.closeLater(handle, path)
  }
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
