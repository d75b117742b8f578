// The transport to one target. `local` runs on this machine; `ssh` (ssh2) comes later
// and implements the same interface. Modules never see a Connection: they get a Host
// (engine/module.ts), which adds become, environment and the task's defaults.

/** A command: an argv array (never re-split) or a shell script run by /bin/sh -c. */
export type Command = string[] | { script: string; shell?: string }

export interface BecomeSpec {
  method: 'sudo' | 'su'
  user: string
  flags?: string
  /** Sent on stdin to sudo -S / su, never in argv. */
  password?: string
}

export interface ExecOptions {
  stdin?: string | Buffer
  env?: Record<string, string>
  cwd?: string
  /** Milliseconds; the process is killed (SIGTERM, then SIGKILL) when it runs longer. */
  timeoutMs?: number
  become?: BecomeSpec
  /** Called with each chunk of stdout as it arrives (progress of long commands). */
  onStdout?: (chunk: string) => void
  signal?: AbortSignal
}

export interface ExecResult {
  rc: number
  stdout: string
  stderr: string
  /** Set when the process was ended by a signal (rc is then 128+n like a shell shows). */
  signal?: string
  timedOut?: boolean
}

export interface FileStat {
  path: string
  exists: true
  isdir: boolean
  isreg: boolean
  islnk: boolean
  /** Permission bits and setuid/setgid/sticky (mode & 0o7777). */
  mode: number
  uid: number
  gid: number
  size: number
  mtime: number // seconds, fractional
  atime: number
  ctime: number
  inode: number
  dev: number
  nlink: number
  /** Target of a symlink (when islnk). */
  linkTarget?: string
}

export interface WriteOptions {
  mode?: number
  owner?: string | number
  group?: string | number
  become?: BecomeSpec
}

export interface Connection {
  readonly transport: 'local' | 'ssh'
  /** The host this connection reaches (for messages). */
  readonly target: string
  exec(cmd: Command, opts?: ExecOptions): Promise<ExecResult>
  /** Whole file; rejects with an error whose `code` is 'ENOENT' when missing. */
  readFile(path: string, opts?: { become?: BecomeSpec }): Promise<Buffer>
  /** Atomic: a temp file in the same folder, then rename; mode/owner set before the rename. */
  writeFile(path: string, data: string | Buffer, opts?: WriteOptions): Promise<void>
  /** null when the path does not exist. `follow` resolves symlinks (default false = lstat). */
  stat(path: string, opts?: { follow?: boolean; become?: BecomeSpec }): Promise<FileStat | null>
  close(): Promise<void>
}

/** Quote one word for a POSIX shell. The single place where shell quoting happens. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word
  return `'${word.replaceAll("'", `'"'"'`)}'`
}

export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ')
}
