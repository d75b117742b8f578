// zip archives through unzip on the target. "Already unpacked" compares each member
// of `unzip -Z -T -s` (type, size, mtime, Unix permissions) with what is in dest, read
// with one GNU find over just those paths.
import { fnmatch } from '../../../engine/template/filters/python-glob.js'
import { C_LOCALE, type ArchiveHandler, type ArchiveJob } from './archive-job.js'
import { runScript } from './target.js'

export interface ZipMember {
  type: 'd' | 'f' | 'L'
  /** Unix permission bits, when the archive stores Unix permissions. */
  mode?: number
  size: number
  /** Local time as yyyymmdd.hhmmss. */
  mtime: string
  path: string
}

/** A `unzip -Z -T -s` line: "-rw-r--r--  3.0 unx  6 tx stor 20240101.120000 a.txt". */
export function parseZipInfoLine(line: string): ZipMember | undefined {
  const m = /^(\S+)\s+(\S+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\d{8}\.\d{6})\s(.*)$/.exec(line)
  if (!m) return undefined
  const perms = m[1]!
  if ((perms.length !== 10 && perms.length !== 7) || !'dl-?'.includes(perms[0]!) || !/^[rwxstah-]+$/.test(perms.slice(1))) return undefined
  const path = m[8]!
  const type = path.endsWith('/') ? 'd' : perms[0] === 'l' ? 'L' : 'f'
  return { type, mode: perms.length === 10 ? permBits(perms.slice(1)) : undefined, size: Number(m[4]), mtime: m[7]!, path }
}

/** "rwxr-sr-x" → 0o2755. */
function permBits(perm: string): number {
  let mode = 0
  const special = [0o4000, 0o2000, 0o1000]
  for (let who = 0; who < 3; who++) {
    const [r, w, x] = perm.slice(who * 3, who * 3 + 3)
    const shift = 6 - who * 3
    if (r === 'r') mode |= 0o4 << shift
    if (w === 'w') mode |= 0o2 << shift
    if (x === 'x' || x === 's' || x === 't') mode |= 0o1 << shift
    if (x === 's' || x === 'S' || x === 't' || x === 'T') mode |= special[who]!
  }
  return mode
}

// For each path on stdin (relative to dest): type, size, mode (octal) and local mtime.
const STAT_PATHS = `cd "$1" || exit 1
tr '\\n' '\\0' | xargs -0 -r sh -c 'find "$@" -maxdepth 0 -printf "%y %s %m %TY%Tm%Td.%TH%TM%TS %p\\n" 2>/dev/null; exit 0' sh
exit 0`

interface OnDisk {
  type: string
  size: number
  mode: number
  mtime: string
}

export class ZipHandler implements ArchiveHandler {
  readonly name = 'ZipArchive'
  private listed?: string[]

  constructor(private readonly job: ArchiveJob) {}

  private wanted(name: string): boolean {
    if (this.job.include.length) return this.job.include.some((i) => fnmatch(name, i))
    return !this.job.exclude.some((e) => fnmatch(name, e))
  }

  async tryList(): Promise<string[] | string> {
    const r = await this.job.host.exec(['unzip', '-Z1', this.job.src], { env: C_LOCALE })
    if (r.rc !== 0) return `Command "unzip" could not handle archive: ${r.stderr.trim() || r.stdout.trim()}`
    this.listed = r.stdout.split('\n').filter((n) => n !== '' && this.wanted(n))
    if (this.listed.length === 0) return 'Command "unzip" found no files in archive. Empty archive files are not supported.'
    return this.listed
  }

  async files(): Promise<string[]> {
    if (!this.listed) await this.tryList()
    return this.listed ?? []
  }

  async isUnarchived(): Promise<boolean> {
    const r = await this.job.host.exec(['unzip', '-Z', '-T', '-s', this.job.src], { env: C_LOCALE })
    if (r.rc !== 0) return false
    const members = r.stdout.split('\n').map(parseZipInfoLine).filter((m): m is ZipMember => m !== undefined && this.wanted(m.path))
    const onDisk = await this.statMembers(members.map((m) => m.path))
    return members.every((m) => this.matches(m, onDisk.get(m.path.replace(/\/+$/, ''))))
  }

  private matches(member: ZipMember, disk: OnDisk | undefined): boolean {
    if (!disk) return false
    if (member.type === 'd') return disk.type === 'd'
    if (member.type === 'L') return disk.type === 'l'
    if (disk.type !== 'f' || disk.size !== member.size) return false
    if (this.job.keepNewer ? member.mtime > disk.mtime : member.mtime !== disk.mtime) return false
    return this.job.mode !== undefined || member.mode === undefined || member.mode === disk.mode
  }

  private async statMembers(paths: string[]): Promise<Map<string, OnDisk>> {
    const stdin = paths.map((p) => `./${p.replace(/\/+$/, '')}`).join('\n')
    const r = await runScript(this.job.host, STAT_PATHS, [this.job.dest], { stdin, env: C_LOCALE })
    const found = new Map<string, OnDisk>()
    for (const line of r.stdout.split('\n')) {
      const m = /^(\S) (\d+) ([0-7]+) (\d{8}\.\d{6})\S* \.\/(.*)$/.exec(line)
      if (m) found.set(m[5]!, { type: m[1]!, size: Number(m[2]), mode: parseInt(m[3]!, 8), mtime: m[4]! })
    }
    return found
  }

  extractArgv(): string[] {
    const j = this.job
    return ['unzip', '-o', ...j.extraOpts, j.src, ...(j.exclude.length ? ['-x', ...j.exclude] : []), ...j.include, '-d', j.dest]
  }
}
