// File operations of the local connection, done as the user running tsplay.
// Writes are atomic: a temp file in the same folder gets the data, is synced and
// given its mode and owner, then renamed over the target; on any failure the temp
// file is removed and the old file is left as it was.
import { promises as fs, type Stats } from 'node:fs'
import { dirname } from 'node:path'
import type { FileStat, WriteOptions } from './connection.js'
import { tempPathFor } from './become-files.js'
import { runProcess } from './process.js'

export function localRead(path: string): Promise<Buffer> {
  return fs.readFile(path)
}

export async function localStat(path: string, follow: boolean): Promise<FileStat | null> {
  let st: Stats
  try {
    st = follow ? await fs.stat(path) : await fs.lstat(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw err
  }
  const stat = toFileStat(path, st)
  if (stat.islnk) stat.linkTarget = await fs.readlink(path)
  return stat
}

export function toFileStat(path: string, st: Stats): FileStat {
  return {
    path,
    exists: true,
    isdir: st.isDirectory(),
    isreg: st.isFile(),
    islnk: st.isSymbolicLink(),
    mode: st.mode & 0o7777,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    mtime: st.mtimeMs / 1000,
    atime: st.atimeMs / 1000,
    ctime: st.ctimeMs / 1000,
    inode: st.ino,
    dev: st.dev,
    nlink: st.nlink,
  }
}

/** What a write puts in the file: bytes in memory, or a file on this machine copied a chunk at a time. */
export type LocalWriteData = Buffer | { localPath: string }

export async function localWrite(path: string, data: LocalWriteData, opts: WriteOptions): Promise<void> {
  const previous = await fs.stat(path).catch(() => undefined)
  const tmp = tempPathFor(path)
  // 0600 until the final mode is set, so the content is never exposed more widely.
  const handle = await fs.open(tmp, 'wx', 0o600)
  try {
    try {
      await writeData(handle, data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fs.chmod(tmp, opts.mode ?? (previous ? previous.mode & 0o7777 : 0o666 & ~process.umask()))
    await applyOwner(tmp, opts, previous)
    await fs.rename(tmp, path)
  } catch (err) {
    await fs.rm(tmp, { force: true })
    throw err
  }
  await syncFolder(dirname(path))
}

/**
 * `data` into a new file at `dest` (mode from the umask), through a temp file beside it
 * renamed over it once complete: a failure leaves the old file as it was.
 */
export async function writeLocalAtomically(dest: string, data: LocalWriteData): Promise<void> {
  const tmp = tempPathFor(dest)
  const handle = await fs.open(tmp, 'wx', 0o666)
  try {
    try {
      await writeData(handle, data)
    } finally {
      await handle.close()
    }
    await fs.rename(tmp, dest)
  } catch (err) {
    await fs.rm(tmp, { force: true })
    throw err
  }
}

const COPY_CHUNK = 1024 * 1024

async function writeData(handle: fs.FileHandle, data: LocalWriteData): Promise<void> {
  if (Buffer.isBuffer(data)) return void (await handle.writeFile(data))
  const source = await fs.open(data.localPath, 'r')
  try {
    const chunk = Buffer.allocUnsafe(COPY_CHUNK)
    for (;;) {
      const { bytesRead } = await source.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) return
      await handle.write(chunk, 0, bytesRead)
    }
  } finally {
    await source.close()
  }
}

/** chown to the requested owner/group; without one, keep the replaced file's (when allowed). */
async function applyOwner(tmp: string, opts: WriteOptions, previous: Stats | undefined): Promise<void> {
  if (opts.owner !== undefined || opts.group !== undefined) {
    const uid = opts.owner === undefined ? -1 : await resolveId('passwd', opts.owner)
    const gid = opts.group === undefined ? -1 : await resolveId('group', opts.group)
    await fs.chown(tmp, uid, gid)
    return
  }
  if (!previous) return
  try {
    await fs.chown(tmp, previous.uid, previous.gid)
  } catch (err) {
    // Only root may give files away; others end up owning what they write, as with any editor.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err
  }
}

/** A numeric id as given, or the id of a user/group name from the system's databases. */
export async function resolveId(database: 'passwd' | 'group', name: string | number): Promise<number> {
  if (typeof name === 'number') return name
  if (/^\d+$/.test(name)) return Number(name)
  const r = await runProcess({ argv: ['getent', database, name] })
  const id = r.rc === 0 ? Number(r.stdout.toString().split(':')[2]) : NaN
  if (!Number.isInteger(id)) {
    const err = new Error(`${database === 'passwd' ? 'user' : 'group'} '${name}' does not exist`) as NodeJS.ErrnoException
    err.code = 'EINVAL'
    throw err
  }
  return id
}

/** Make the rename itself durable; some filesystems refuse to fsync a folder, which is fine. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await fs.open(folder, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // best effort
  }
}
