// The SFTP version 3 wire format (draft-ietf-secsh-filexfer-02, as OpenSSH's
// sftp-server speaks it): packet types, status codes, attribute encoding, and a
// small reader and writer for the big-endian fields.

export const PacketType = {
  Init: 1,
  Version: 2,
  Open: 3,
  Close: 4,
  Read: 5,
  Write: 6,
  Lstat: 7,
  Fstat: 8,
  Setstat: 9,
  Fsetstat: 10,
  Opendir: 11,
  Readdir: 12,
  Remove: 13,
  Mkdir: 14,
  Realpath: 16,
  Stat: 17,
  Rename: 18,
  Readlink: 19,
  Status: 101,
  Handle: 102,
  Data: 103,
  Name: 104,
  Attrs: 105,
  Extended: 200,
  ExtendedReply: 201,
} as const

export const StatusCode = {
  Ok: 0,
  Eof: 1,
  NoSuchFile: 2,
  PermissionDenied: 3,
  Failure: 4,
  OpUnsupported: 8,
} as const

export const OpenFlag = { read: 0x01, write: 0x02, append: 0x04, create: 0x08, truncate: 0x10, exclusive: 0x20 } as const

const AttrFlag = { size: 0x1, uidgid: 0x2, permissions: 0x4, times: 0x8, extended: 0x80000000 } as const

/** File attributes; absent fields are left out of the packet (SETSTAT leaves them unchanged). */
export interface SftpAttrs {
  size?: number
  uid?: number
  gid?: number
  /** Type and permission bits, as st_mode. */
  mode?: number
  atime?: number
  mtime?: number
}

export class WireWriter {
  private readonly parts: Buffer[] = []

  u8(v: number): this {
    this.parts.push(Buffer.from([v]))
    return this
  }

  u32(v: number): this {
    const b = Buffer.alloc(4)
    b.writeUInt32BE(v >>> 0)
    this.parts.push(b)
    return this
  }

  u64(v: number): this {
    const b = Buffer.alloc(8)
    b.writeBigUInt64BE(BigInt(v))
    this.parts.push(b)
    return this
  }

  string(v: string | Buffer): this {
    const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : v
    this.u32(bytes.length)
    this.parts.push(bytes)
    return this
  }

  attrs(a: SftpAttrs): this {
    const hasIds = a.uid !== undefined || a.gid !== undefined
    const hasTimes = a.atime !== undefined || a.mtime !== undefined
    const flags =
      (a.size !== undefined ? AttrFlag.size : 0) |
      (hasIds ? AttrFlag.uidgid : 0) |
      (a.mode !== undefined ? AttrFlag.permissions : 0) |
      (hasTimes ? AttrFlag.times : 0)
    this.u32(flags)
    if (a.size !== undefined) this.u64(a.size)
    // uid/gid go together; -1 (0xffffffff) is chown's "leave unchanged".
    if (hasIds) this.u32(a.uid ?? 0xffffffff).u32(a.gid ?? 0xffffffff)
    if (a.mode !== undefined) this.u32(a.mode)
    if (hasTimes) this.u32(Math.floor(a.atime ?? a.mtime!)).u32(Math.floor(a.mtime ?? a.atime!))
    return this
  }

  /** The packet with its length prefix. */
  packet(): Buffer {
    const body = Buffer.concat(this.parts)
    const head = Buffer.alloc(4)
    head.writeUInt32BE(body.length)
    return Buffer.concat([head, body])
  }
}

export class WireReader {
  private at = 0

  constructor(private readonly buf: Buffer) {}

  get remaining(): number {
    return this.buf.length - this.at
  }

  u8(): number {
    this.need(1)
    return this.buf[this.at++]!
  }

  u32(): number {
    this.need(4)
    const v = this.buf.readUInt32BE(this.at)
    this.at += 4
    return v
  }

  u64(): number {
    this.need(8)
    const v = this.buf.readBigUInt64BE(this.at)
    this.at += 8
    return Number(v)
  }

  bytes(): Buffer {
    const length = this.u32()
    this.need(length)
    const v = this.buf.subarray(this.at, this.at + length)
    this.at += length
    return v
  }

  text(): string {
    return this.bytes().toString('utf8')
  }

  attrs(): SftpAttrs {
    const flags = this.u32()
    const a: SftpAttrs = {}
    if (flags & AttrFlag.size) a.size = this.u64()
    if (flags & AttrFlag.uidgid) {
      a.uid = this.u32()
      a.gid = this.u32()
    }
    if (flags & AttrFlag.permissions) a.mode = this.u32()
    if (flags & AttrFlag.times) {
      a.atime = this.u32()
      a.mtime = this.u32()
    }
    if (flags & AttrFlag.extended) {
      for (let n = this.u32(); n > 0; n--) {
        this.bytes()
        this.bytes()
      }
    }
    return a
  }

  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new Error('malformed SFTP packet (truncated)')
  }
}
