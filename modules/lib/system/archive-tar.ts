// tar archives (plain, gzip, bzip2, xz, zstd) through GNU tar on the target: members from
// --list, "already unpacked" from --diff, as ansible-core's TgzArchive decides them.
import { fnmatch } from '../../../engine/template/filters/python-glob.js'
import { C_LOCALE, type ArchiveHandler, type ArchiveJob } from './archive-job.js'

/** Handler name → tar's compression option. */
export const TAR_KINDS: [string, string[]][] = [
  ['TgzArchive', ['-z']],
  ['TarArchive', []],
  ['TarBzipArchive', ['-j']],
  ['TarXzArchive', ['-J']],
  ['TarZstdArchive', ['--use-compress-program=zstd']],
]

// --diff lines that mean the content on disk is not what the archive holds.
const MISSING = /: Warning: Cannot stat: No such file or directory$/
const EMPTY_NAME = /: : Warning: Cannot stat: No such file or directory$/
const ALWAYS = [/: Mod time differs$/, MISSING, /: Invalid owner/, /: Invalid group/]

export class TarHandler implements ArchiveHandler {
  private listed?: string[]

  constructor(
    readonly name: string,
    private readonly job: ArchiveJob,
    private readonly compression: string[],
    /** uid the target runs tar as: ownership differences only matter for root. */
    private readonly runUid: number,
  ) {}

  /** Options shared by list, diff and extract. */
  private common(verb: string, withOwnership: boolean): string[] {
    const j = this.job
    const argv = ['tar', verb, '-C', j.dest, ...this.compression]
    if (j.extraOpts.length) argv.push('--show-transformed-names', ...j.extraOpts)
    if (withOwnership) {
      if (j.owner) argv.push(`--owner=${j.owner}`)
      if (j.group) argv.push(`--group=${j.group}`)
      if (j.keepNewer) argv.push('--keep-newer-files')
    }
    argv.push(...j.exclude.map((e) => `--exclude=${e.replace(/\/+$/, '')}`), '-f', j.src, ...j.include)
    return argv
  }

  /** Listing works (so this handler can read the archive): the member list, or the reason it cannot. */
  async tryList(): Promise<string[] | string> {
    // Names as they are (tar would otherwise print octal escapes for non-ASCII bytes).
    const argv = ['tar', '--quoting-style=literal', ...this.common('--list', false).slice(1)]
    const r = await this.job.host.exec(argv, { cwd: this.job.dest, env: C_LOCALE })
    if (r.rc !== 0) return `Command "tar" could not handle archive: Unable to list files in the archive: ${r.stderr.trim()}`
    const excludes = this.job.exclude.map((e) => e.replace(/\/+$/, ''))
    this.listed = r.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((name) => name.replace(/^\/+/, ''))
      .filter((name) => !excludes.some((e) => fnmatch(name, e)))
    if (this.listed.length === 0) return 'Command "tar" found no files in archive. Empty archive files are not supported.'
    return this.listed
  }

  async files(): Promise<string[]> {
    if (!this.listed) await this.tryList()
    return this.listed ?? []
  }

  async isUnarchived(): Promise<boolean> {
    const r = await this.job.host.exec(this.common('--diff', true), { cwd: this.job.dest, env: C_LOCALE })
    const root = this.runUid === 0
    const relevant = (line: string): boolean => {
      if (EMPTY_NAME.test(line)) return false
      if (ALWAYS.some((re) => re.test(line))) return true
      if (root && !this.job.owner && /: Uid differs$/.test(line)) return true
      if (root && !this.job.group && /: Gid differs$/.test(line)) return true
      return this.job.mode === undefined && /: Mode differs$/.test(line)
    }
    return ![...r.stdout.split('\n'), ...r.stderr.split('\n')].some(relevant)
  }

  extractArgv(): string[] {
    return this.common('--extract', true)
  }
}
