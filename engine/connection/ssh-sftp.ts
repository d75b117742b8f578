// An SFTP v3 client over any byte stream: the connection's `sftp` subsystem channel,
// or an exec channel running `sudo -u USER sftp-server`, which gives file access as
// another user without spawning a process per operation. Requests are pipelined;
// replies are matched by id. Failures carry fs-like codes (ENOENT, EACCES, …).
import type { Duplex } from 'node:stream'
import { fileError } from './become-files.js'
import { countSsh } from './ssh-stats.js'
import { PacketType, StatusCode, WireReader, WireWriter, type SftpAttrs } from './ssh-sftp-wire.js'

export interface DirEntry {
  name: string
  longname: string
  attrs: SftpAttrs
}

interface Reply {
  type: number
  body: WireReader
}

interface Pending {
  resolve(reply: Reply): void
  reject(err: Error): void
}

/** Largest payload OpenSSH's sftp-server accepts in one READ/WRITE without the limits extension. */
const SAFE_CHUNK = 32 * 1024

export class SftpSession {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private inbox: Buffer = Buffer.alloc(0)
  private closedError?: Error
  readonly extensions = new Map<string, string>()
  /** Bytes per READ/WRITE request. */
  chunkSize = SAFE_CHUNK

  private constructor(private readonly stream: Duplex) {
    stream.on('data', (chunk: Buffer) => this.receive(chunk))
    stream.on('error', (err: Error) => this.fail(err))
    stream.on('close', () => this.fail(new Error('the SFTP channel closed')))
  }

  /** Sends INIT and waits for the server's VERSION (and its extensions). */
  static async start(stream: Duplex): Promise<SftpSession> {
    const session = new SftpSession(stream)
    // VERSION carries no request id: it is filed under 0.
    const reply = await session.send(0, new WireWriter().u8(PacketType.Init).u32(3))
    if (reply.type !== PacketType.Version) throw new Error(`unexpected SFTP reply ${reply.type} to INIT`)
    reply.body.u32()
    while (reply.body.remaining > 0) session.extensions.set(reply.body.text(), reply.body.text())
    // Not waited for: until the answer comes, transfers use the size every server takes.
    session.negotiateLimits().catch(() => {})
    return session
  }

  get isOpen(): boolean {
    return this.closedError === undefined
  }

  get busy(): boolean {
    return this.pending.size > 0
  }

  end(): void {
    this.stream.end()
  }

  async stat(path: string, follow: boolean): Promise<SftpAttrs> {
    const r = await this.request(follow ? PacketType.Stat : PacketType.Lstat, (w) => w.string(path), 'stat', path)
    return expect(r, PacketType.Attrs, 'stat', path).attrs()
  }

  /** The canonical absolute path, symlinks resolved (OpenSSH's sftp-server uses realpath(3)). */
  async realpath(path: string): Promise<string> {
    const r = expect(await this.request(PacketType.Realpath, (w) => w.string(path), 'resolve', path), PacketType.Name, 'resolve', path)
    r.u32()
    return r.text()
  }

  async opendir(path: string): Promise<Buffer> {
    const r = await this.request(PacketType.Opendir, (w) => w.string(path), 'open directory', path)
    return expect(r, PacketType.Handle, 'open directory', path).bytes()
  }

  /** The next entries of an open folder (name, `ls -l`-like long name, lstat attributes); null at the end. */
  async readdir(handle: Buffer, path: string): Promise<DirEntry[] | null> {
    let body: WireReader
    try {
      body = expect(await this.request(PacketType.Readdir, (w) => w.string(handle), 'read directory', path), PacketType.Name, 'read directory', path)
    } catch (err) {
      if ((err as { sftpStatus?: number }).sftpStatus === StatusCode.Eof) return null
      throw err
    }
    const entries: DirEntry[] = []
    for (let n = body.u32(); n > 0; n--) entries.push({ name: body.text(), longname: body.text(), attrs: body.attrs() })
    return entries
  }

  async readlink(path: string): Promise<string> {
    const r = expect(await this.request(PacketType.Readlink, (w) => w.string(path), 'readlink', path), PacketType.Name, 'readlink', path)
    r.u32()
    return r.text()
  }

  async open(path: string, flags: number, attrs: SftpAttrs = {}): Promise<Buffer> {
    const r = await this.request(PacketType.Open, (w) => w.string(path).u32(flags).attrs(attrs), 'open', path)
    return expect(r, PacketType.Handle, 'open', path).bytes()
  }

  async close(handle: Buffer, path: string): Promise<void> {
    await this.status(PacketType.Close, (w) => w.string(handle), 'close', path)
  }

  /** Closes a handle we only read from without waiting: the server handles requests in order, so nothing later sees it open. */
  closeLater(handle: Buffer, path: string): void {
    this.close(handle, path).catch(() => {})
  }

  /** Up to `length` bytes at `offset`; null at end of file. */
  async read(handle: Buffer, offset: number, length: number, path: string): Promise<Buffer | null> {
    try {
      return expect(await this.request(PacketType.Read, (w) => w.string(handle).u64(offset).u32(length), 'read', path), PacketType.Data, 'read', path).bytes()
    } catch (err) {
      if ((err as { sftpStatus?: number }).sftpStatus === StatusCode.Eof) return null
      throw err
    }
  }

  write(handle: Buffer, offset: number, data: Buffer, path: string): Promise<void> {
    return this.status(PacketType.Write, (w) => w.string(handle).u64(offset).string(data), 'write', path)
  }

  async fstat(handle: Buffer, path: string): Promise<SftpAttrs> {
    return expect(await this.request(PacketType.Fstat, (w) => w.string(handle), 'stat', path), PacketType.Attrs, 'stat', path).attrs()
  }

  fsetstat(handle: Buffer, attrs: SftpAttrs, path: string): Promise<void> {
    return this.status(PacketType.Fsetstat, (w) => w.string(handle).attrs(attrs), 'set attributes of', path)
  }

  /** mkdir(2) with the server's umask; `mode` is then set exactly with SETSTAT (sent together). */
  async mkdir(path: string, mode?: number): Promise<void> {
    const made = this.status(PacketType.Mkdir, (w) => w.string(path).attrs({}), 'create directory', path)
    const chmod = mode === undefined ? undefined : this.status(PacketType.Setstat, (w) => w.string(path).attrs({ mode }), 'set attributes of', path)
    const [first, second] = await Promise.allSettled([made, chmod])
    if (first.status === 'rejected') throw first.reason
    if (second.status === 'rejected') throw second.reason
  }

  remove(path: string): Promise<void> {
    return this.status(PacketType.Remove, (w) => w.string(path), 'remove', path)
  }

  /** rename(2): replaces the target atomically (plain SFTP RENAME refuses an existing target). */
  posixRename(from: string, to: string): Promise<void> {
    return this.status(PacketType.Extended, (w) => w.string('posix-rename@openssh.com').string(from).string(to), 'rename', to)
  }

  fsync(handle: Buffer, path: string): Promise<void> {
    return this.status(PacketType.Extended, (w) => w.string('fsync@openssh.com').string(handle), 'sync', path)
  }

  /** Names of user and group ids as the server's getpwuid/getgrgid give them ('' when unknown). */
  async usersGroupsById(uids: number[], gids: number[]): Promise<{ users: string[]; groups: string[] }> {
    const ids = (list: number[]) => {
      const b = Buffer.alloc(list.length * 4)
      list.forEach((id, i) => b.writeUInt32BE(id >>> 0, i * 4))
      return b
    }
    const what = 'users-groups-by-id@openssh.com'
    const r = await this.request(PacketType.Extended, (w) => w.string(what).string(ids(uids)).string(ids(gids)), 'look up account names on', 'the server')
    const body = expect(r, PacketType.ExtendedReply, 'look up account names on', 'the server')
    const names = (packed: Buffer, count: number) => {
      const reader = new WireReader(packed)
      return Array.from({ length: count }, () => reader.text())
    }
    return { users: names(body.bytes(), uids.length), groups: names(body.bytes(), gids.length) }
  }

  /** OpenSSH tells its read/write size limit through limits@openssh.com; use it when offered. */
  private async negotiateLimits(): Promise<void> {
    if (!this.extensions.has('limits@openssh.com')) return
    const r = await this.request(PacketType.Extended, (w) => w.string('limits@openssh.com'), 'query limits of', 'the server')
    const body = expect(r, PacketType.ExtendedReply, 'query limits of', 'the server')
    body.u64()
    const maxRead = body.u64()
    const maxWrite = body.u64()
    const usable = Math.min(maxRead || SAFE_CHUNK, maxWrite || SAFE_CHUNK, 256 * 1024)
    if (usable >= SAFE_CHUNK) this.chunkSize = usable
  }

  private async status(type: number, fill: (w: WireWriter) => WireWriter, op: string, path: string): Promise<void> {
    expect(await this.request(type, fill, op, path), PacketType.Status, op, path)
  }

  /** One request; a STATUS reply other than OK rejects with an fs-like error. */
  private async request(type: number, fill: (w: WireWriter) => WireWriter, op: string, path: string): Promise<Reply> {
    const id = this.nextId++
    countSsh(`sftp ${op}`)
    const reply = await this.send(id, fill(new WireWriter().u8(type).u32(id)))
    if (reply.type === PacketType.Status) checkStatus(reply.body, op, path)
    return reply
  }

  private send(id: number, packet: WireWriter): Promise<Reply> {
    if (this.closedError) return Promise.reject(this.closedError)
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.stream.write(packet.packet())
    })
  }

  private receive(chunk: Buffer): void {
    this.inbox = this.inbox.length ? Buffer.concat([this.inbox, chunk]) : chunk
    while (this.inbox.length >= 4) {
      const length = this.inbox.readUInt32BE(0)
      if (this.inbox.length < 4 + length) return
      const body = new WireReader(this.inbox.subarray(4, 4 + length))
      this.inbox = this.inbox.subarray(4 + length)
      const type = body.u8()
      const id = type === PacketType.Version ? 0 : body.u32()
      const waiter = this.pending.get(id)
      this.pending.delete(id)
      waiter?.resolve({ type, body })
    }
  }

  private fail(err: Error): void {
    if (this.closedError) return
    this.closedError = err
    for (const waiter of this.pending.values()) waiter.reject(err)
    this.pending.clear()
  }
}

function expect(reply: Reply, type: number, op: string, path: string): WireReader {
  if (reply.type !== type) throw fileError(`cannot ${op} ${path}: unexpected SFTP reply ${reply.type}`, 'EIO', path)
  return reply.body
}

/** Throws unless the STATUS body says OK. */
function checkStatus(body: WireReader, op: string, path: string): void {
  const code = body.u32()
  if (code === StatusCode.Ok) return
  throw statusError(code, body.remaining >= 4 ? body.text() : '', op, path)
}

function statusError(code: number, message: string, op: string, path: string): NodeJS.ErrnoException {
  const errno =
    code === StatusCode.NoSuchFile ? 'ENOENT' : code === StatusCode.PermissionDenied ? 'EACCES' : code === StatusCode.OpUnsupported ? 'ENOTSUP' : 'EIO'
  const text = code === StatusCode.NoSuchFile ? 'No such file or directory' : code === StatusCode.PermissionDenied ? 'Permission denied' : message || 'Failure'
  const err = fileError(`cannot ${op} ${path}: ${text}`, errno, path)
  ;(err as { sftpStatus?: number }).sftpStatus = code
  return err
}
