// The shared recording FakeHost, plus what system-module tests need: stat results
// with chosen mode/owner/mtime, and matchers for argv commands and for the fixed
// probe scripts (`sh -c SCRIPT sh ARGS…`) whose positional arguments carry the values.
import type { Command, FileStat } from '../../../../engine/connection/connection.js'
import { FakeHost } from '../fake-host.js'

export { fakeContext } from '../fake-host.js'

/** The positional arguments of a `sh -c SCRIPT sh …` command, or undefined for other commands. */
export function scriptArgs(cmd: Command): string[] | undefined {
  if (!Array.isArray(cmd) || cmd[0] !== 'sh' || cmd[1] !== '-c' || cmd[3] !== 'sh') return undefined
  return cmd.slice(4)
}

/** A command as tests show it: argv words joined, a probe script as `<script> ARGS`. */
export function shown(cmd: Command): string {
  const args = scriptArgs(cmd)
  if (args) return `<script> ${args.join(' ')}`.trimEnd()
  return Array.isArray(cmd) ? cmd.join(' ') : `<sh> ${cmd.script}`
}

/** Matches an argv command whose first words are `prefix`. */
export function argv(...prefix: string[]): (cmd: Command) => boolean {
  return (cmd) => Array.isArray(cmd) && scriptArgs(cmd) === undefined && prefix.every((w, i) => cmd[i] === w)
}

/** Matches a probe script whose script text contains `fragment` (and whose arguments start with `args`). */
export function script(fragment: string, ...args: string[]): (cmd: Command) => boolean {
  return (cmd) => {
    const positional = scriptArgs(cmd)
    return positional !== undefined && (cmd as string[])[2]!.includes(fragment) && args.every((a, i) => positional[i] === a)
  }
}

export class SystemHost extends FakeHost {
  private readonly statOverrides = new Map<string, Partial<FileStat>>()

  /** A file or folder whose stat shows these fields. */
  withStat(path: string, fields: Partial<FileStat>): this {
    this.statOverrides.set(path, fields)
    if (fields.isdir) this.dirs.add(path)
    else if (!this.files.has(path)) this.files.set(path, '')
    return this
  }

  /** The commands that ran, as `shown` prints them. */
  get commands(): string[] {
    return this.execs.map(shown)
  }

  /** Commands other than probe scripts. */
  get argvCommands(): string[] {
    return this.execs.filter((c) => scriptArgs(c) === undefined).map(shown)
  }

  override async stat(path: string, opts: { follow?: boolean } = {}): Promise<FileStat | null> {
    const base = await super.stat(path, opts)
    const extra = this.statOverrides.get(path)
    return base && extra ? { ...base, ...extra } : base
  }
}
