// Everything the stat module reports about a path, gathered by one shell script on the
// target (GNU stat, test -r/-w/-x for the user the task runs as, readlink, the
// checksum tool, `file` for the MIME type, lsattr) and parsed here into Ansible's keys.
// The MIME type comes from the transport's kept `file` process when it has one.
import type { Host, ModuleResult } from '../../../engine/module.js'
import { FileModuleFailure } from './failure.js'
import { formatStatMode } from './mode.js'

export interface ProbeOptions {
  follow: boolean
  /** sha1, md5, sha256 …; undefined: no checksum. */
  checksumAlgorithm?: string
  md5: boolean
  mime: boolean
  attributes: boolean
}

const STAT_FORMAT = '%f %u %g %s %i %d %h %.9X %.9Y %.9Z %b %o %t %T %U %G'

// $1 path, $2 "-L" or "", $3 checksum tool or "", $4 "md5" or "", $5 "mime" or "", $6 "attr" or "".
// Every answer is printed as "key\0value\0"; a path that cannot be stat'ed prints only "error".
const PROBE_SCRIPT = `p=$1
out() { printf '%s\\0%s\\0' "$1" "$2"; }
st=$(LC_ALL=C stat $2 -c '${STAT_FORMAT}' -- "$p" 2>&1) || { out error "$st"; exit 0; }
out stat "$st"
r=0; w=0; x=0
[ -r "$p" ] && r=1; [ -w "$p" ] && w=1; [ -x "$p" ] && x=1
out access "$r$w$x"
if [ -z "$2" ] && [ -L "$p" ]; then out lnk_target "$(readlink -- "$p")"; out lnk_source "$(readlink -f -- "$p")"; fi
case \${st%% *} in 8???) regular=1;; *) regular=;; esac
if [ -n "$regular" ] && [ $r = 1 ]; then
  [ -n "$3" ] && out checksum "$("$3" -- "$p" 2>/dev/null)"
  [ -n "$4" ] && out md5 "$(md5sum -- "$p" 2>/dev/null)"
fi
[ -n "$5" ] && command -v file >/dev/null && out mime "$(file --mime-type --mime-encoding -- "$p" 2>/dev/null)"
[ -n "$6" ] && command -v lsattr >/dev/null && out attr "$(lsattr -vd -- "$p" 2>/dev/null)"
exit 0`

const ALGORITHM_TOOLS: Record<string, string> = { md5: 'md5sum', sha1: 'sha1sum', sha224: 'sha224sum', sha256: 'sha256sum', sha384: 'sha384sum', sha512: 'sha512sum' }

const FILE_ATTRIBUTES: Record<string, string> = {
  A: 'noatime', a: 'append', c: 'compressed', C: 'nocow', d: 'nodump', D: 'dirsync', e: 'extents', E: 'encrypted', h: 'blocksize',
  i: 'immutable', I: 'indexed', j: 'journalled', N: 'inline', s: 'zero', S: 'synchronous', t: 'notail', T: 'blockroot',
  u: 'undelete', X: 'compressedraw', Z: 'compresseddirty',
}

/** The stat dictionary of `path`, or `{ exists: false }`. */
export async function probePath(host: Host, path: string, opts: ProbeOptions): Promise<ModuleResult> {
  const tool = opts.checksumAlgorithm === undefined ? '' : ALGORITHM_TOOLS[opts.checksumAlgorithm]!
  // `file` loads its magic database for every run: a transport that keeps one running answers alongside the probe.
  const kept = opts.mime ? host.fileType?.(path)?.catch(() => undefined) : undefined
  const argv = ['sh', '-c', PROBE_SCRIPT, 'sh', path, opts.follow ? '-L' : '', tool, opts.md5 ? 'md5' : '', opts.mime && !kept ? 'mime' : '', opts.attributes ? 'attr' : '']
  const r = await host.exec(argv)
  const answers = parseAnswers(r.stdout)
  const error = answers.get('error')
  if (error !== undefined) {
    if (/No such file or directory/.test(error)) return { exists: false }
    // Python's e.strerror: the reason after the last colon ("Not a directory", "Permission denied").
    throw new FileModuleFailure(error.slice(error.lastIndexOf(':') + 1).trim())
  }
  const out = statFields(path, answers.get('stat') ?? '')
  addAccess(out, answers)
  addNames(out, answers.get('stat') ?? '')
  const digest = (text: string | undefined) => text?.split(/\s/)[0]?.replace(/^\\/, '')
  if (answers.has('md5')) out.md5 = digest(answers.get('md5'))
  if (answers.has('checksum')) out.checksum = digest(answers.get('checksum'))
  if (opts.mime) addMime(out, kept ? await fileTypeLine(host, path, kept) : answers.get('mime'))
  if (opts.attributes) addAttributes(out, answers.get('attr'))
  return out
}

/** The kept `file` process's line, or (when it had none) the probe's own `file` run. */
async function fileTypeLine(host: Host, path: string, kept: Promise<string | undefined>): Promise<string | undefined> {
  const line = await kept
  if (line !== undefined) return line
  const r = await host.exec(['sh', '-c', 'command -v file >/dev/null && file --mime-type --mime-encoding -- "$1"', 'sh', path])
  return r.stdout ? r.stdout.replace(/\n$/, '') : undefined
}

function parseAnswers(stdout: string): Map<string, string> {
  const fields = stdout.split('\0')
  const answers = new Map<string, string>()
  for (let i = 0; i + 1 < fields.length; i += 2) answers.set(fields[i]!, fields[i + 1]!)
  return answers
}

/** Python's os.stat_result turned into the module's keys. */
function statFields(path: string, line: string): ModuleResult {
  const [rawMode, uid, gid, size, inode, dev, nlink, atime, mtime, ctime, blocks, blockSize, major, minor] = line.trim().split(' ')
  const mode = parseInt(rawMode ?? '0', 16)
  const type = mode & 0o170000
  const has = (bit: number) => (mode & bit) !== 0
  return {
    exists: true,
    path,
    mode: formatStatMode(mode & 0o7777),
    isdir: type === 0o040000,
    ischr: type === 0o020000,
    isblk: type === 0o060000,
    isreg: type === 0o100000,
    isfifo: type === 0o010000,
    islnk: type === 0o120000,
    issock: type === 0o140000,
    uid: Number(uid),
    gid: Number(gid),
    size: Number(size),
    inode: Number(inode),
    dev: Number(dev),
    nlink: Number(nlink),
    atime: Number(atime),
    mtime: Number(mtime),
    ctime: Number(ctime),
    wusr: has(0o200), rusr: has(0o400), xusr: has(0o100),
    wgrp: has(0o020), rgrp: has(0o040), xgrp: has(0o010),
    woth: has(0o002), roth: has(0o004), xoth: has(0o001),
    isuid: has(0o4000),
    isgid: has(0o2000),
    blocks: Number(blocks),
    block_size: Number(blockSize),
    device_type: deviceNumber(parseInt(major ?? '0', 16), parseInt(minor ?? '0', 16)),
  }
}

/** glibc's makedev: st_rdev from major and minor. */
function deviceNumber(major: number, minor: number): number {
  return (major & 0xfff) * 256 + (minor & 0xff) + (minor & ~0xff) * 4096 + (major & ~0xfff) * 2 ** 32
}

function addAccess(out: ModuleResult, answers: Map<string, string>): void {
  const bits = answers.get('access') ?? '000'
  out.readable = bits[0] === '1'
  out.writeable = bits[1] === '1'
  out.executable = bits[2] === '1'
  if (answers.has('lnk_source')) {
    out.lnk_source = answers.get('lnk_source')
    out.lnk_target = answers.get('lnk_target')
  }
}

/** pw_name and gr_name, left out (as by Python) when the id has no account. */
function addNames(out: ModuleResult, statLine: string): void {
  const [user, group] = statLine.trim().split(' ').slice(14)
  if (user && user !== 'UNKNOWN') out.pw_name = user
  if (group && group !== 'UNKNOWN') out.gr_name = group
}

/** "path: text/plain; charset=us-ascii" → mimetype and charset ('unknown' when file is missing or fails). */
function addMime(out: ModuleResult, text: string | undefined): void {
  out.mimetype = 'unknown'
  out.charset = 'unknown'
  const tail = text?.slice(text.lastIndexOf(':') + 1)
  const [mimetype, charset] = tail?.split(';') ?? []
  if (mimetype && charset?.includes('=')) {
    out.mimetype = mimetype.trim()
    out.charset = charset.split('=')[1]!.trim()
  }
}

/** lsattr -vd: "<version> <flags> <path>". */
function addAttributes(out: ModuleResult, text: string | undefined): void {
  out.version = null
  out.attributes = []
  out.attr_flags = ''
  const [version, flags] = text?.trim().split(/\s+/) ?? []
  if (!version || flags === undefined) return
  out.version = version
  out.attr_flags = flags.replaceAll('-', '')
  out.attributes = [...out.attr_flags as string].filter((f) => f in FILE_ATTRIBUTES).map((f) => FILE_ATTRIBUTES[f])
}
