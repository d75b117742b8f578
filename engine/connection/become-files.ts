// File operations done by running commands, for when they must happen as another
// user (become) and the connection's own file API would act as the login user.
// Paths and values are passed as positional parameters of fixed scripts, never pasted in.
import { basename, dirname } from 'node:path'
import { randomBytes } from 'node:crypto'
import type { FileStat, WriteOptions } from './connection.js'

/** Runs argv (as the become user), feeding stdin, returning raw bytes. */
export type RawRunner = (argv: string[], stdin?: Buffer) => Promise<{ rc: number; stdout: Buffer; stderr: Buffer }>

/** An error shaped like Node's fs errors, so callers can test `code`. */
export function fileError(message: string, code: string, path: string): NodeJS.ErrnoException {
  const err = new Error(message) as NodeJS.ErrnoException
  err.code = code
  err.path = path
  return err
}

/** Map the stderr of cat/stat/mv to an fs-like error code. */
function errorFromStderr(op: string, path: string, stderr: string): NodeJS.ErrnoException {
  const text = stderr.trim()
  const code = /No such file or directory/i.test(text)
    ? 'ENOENT'
    : /Permission denied/i.test(text)
      ? 'EACCES'
      : /Is a directory/i.test(text)
        ? 'EISDIR'
        : /Not a directory/i.test(text)
          ? 'ENOTDIR'
          : 'EIO'
  return fileError(`${op} ${path}: ${text || 'failed'}`, code, path)
}

export async function readViaExec(run: RawRunner, path: string): Promise<Buffer> {
  const r = await run(['cat', '--', path])
  if (r.rc !== 0) throw errorFromStderr('cannot read', path, r.stderr.toString())
  return r.stdout
}

// GNU stat: raw mode in hex, ids, size, times with nanoseconds, inode, device, links.
export const STAT_FORMAT = '%f %u %g %s %.9Y %.9X %.9Z %i %d %h'
// $1 path, $2 "-L" to follow links (or empty), $3 the format.
const STAT_SCRIPT = 'stat $2 -c "$3" -- "$1" || exit $?; if [ -L "$1" ]; then readlink -- "$1"; fi'

export async function statViaExec(run: RawRunner, path: string, follow: boolean): Promise<FileStat | null> {
  const r = await run(['sh', '-c', STAT_SCRIPT, 'sh', path, follow ? '-L' : '', STAT_FORMAT])
  if (r.rc !== 0) {
    const err = errorFromStderr('cannot stat', path, r.stderr.toString())
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return null
    throw err
  }
  const [line = '', link] = r.stdout.toString().split('\n')
  return parseStatLine(path, line, link)
}

export function parseStatLine(path: string, line: string, linkTarget?: string): FileStat {
  const [rawMode, uid, gid, size, mtime, atime, ctime, inode, dev, nlink] = line.trim().split(/\s+/)
  const mode = parseInt(rawMode ?? '0', 16)
  const type = mode & 0o170000
  const stat: FileStat = {
    path,
    exists: true,
    isdir: type === 0o040000,
    isreg: type === 0o100000,
    islnk: type === 0o120000,
    mode: mode & 0o7777,
    uid: Number(uid),
    gid: Number(gid),
    size: Number(size),
    mtime: Number(mtime),
    atime: Number(atime),
    ctime: Number(ctime),
    inode: Number(inode),
    dev: Number(dev),
    nlink: Number(nlink),
  }
  if (stat.islnk && linkTarget !== undefined) stat.linkTarget = linkTarget
  return stat
}

// $1 temp, $2 destination, $3 octal mode or '', $4 owner or '', $5 group or ''.
// Without a mode the file keeps the old file's mode, or gets the user's umask default.
const WRITE_SCRIPT = `
set -e
tmp=$1 dest=$2
trap 'rm -f -- "$tmp"' EXIT
(umask 077; cat > "$tmp")
if [ -n "$3" ]; then chmod "$3" "$tmp"
elif [ -e "$dest" ]; then chmod --reference="$dest" "$tmp"
else chmod "$(printf '%o' $((0666 & ~0$(umask))))" "$tmp"
fi
if [ -n "$4$5" ]; then chown "$4\${5:+:$5}" "$tmp"
elif [ -e "$dest" ] && [ "$(id -u)" = 0 ]; then chown --reference="$dest" "$tmp"
fi
mv -f -- "$tmp" "$dest"
trap - EXIT
`

export function tempPathFor(path: string): string {
  return `${dirname(path)}/.${basename(path)}.tsplay-${randomBytes(6).toString('hex')}.tmp`
}

export async function writeViaExec(run: RawRunner, path: string, data: Buffer, opts: WriteOptions): Promise<void> {
  const mode = opts.mode === undefined ? '' : opts.mode.toString(8)
  const args = [tempPathFor(path), path, mode, opts.owner === undefined ? '' : String(opts.owner), opts.group === undefined ? '' : String(opts.group)]
  const r = await run(['sh', '-c', WRITE_SCRIPT, 'sh', ...args], data)
  if (r.rc !== 0) throw errorFromStderr('cannot write', path, r.stderr.toString())
}
