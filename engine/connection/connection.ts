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
  /**
   * Run in a pseudo-terminal where the transport has one (ssh, as Ansible runs `raw` with
   * `ssh -tt`): output gets CRLF line ends and stderr goes to stdout. Local runs ignore it.
   */
  terminal?: boolean
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

export interface StatOptions {
  /** Resolve symlinks (stat); default false (lstat). */
  follow?: boolean
  become?: BecomeSpec
  /**
   * 'attributes': only type, mode, owner, group, size, link target and a regular file's
   * link count are needed; inode, dev and ctime may then be 0 and times whole seconds.
   * The ssh transport answers that without starting a process on the target. Default 'all'.
   */
  need?: 'all' | 'attributes'
}

/** Account names by id, in the order asked; undefined where the target has no such account. */
export interface AccountNames {
  users: (string | undefined)[]
  groups: (string | undefined)[]
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
  /** A controller file to `path`, as writeFile does but a chunk at a time: large files are never whole in memory. */
  upload(localPath: string, path: string, opts?: WriteOptions): Promise<void>
  /** A target file to a controller file, a chunk at a time; atomic on the controller (temp + rename). */
  download(path: string, localPath: string, opts?: { become?: BecomeSpec }): Promise<void>
  /**
   * Creates one folder (its parent must exist), with exactly `mode` when given (else the
   * umask decides), without starting a process where the transport can. Resolves false when
   * it cannot do it that way (the caller runs mkdir itself); rejects with an fs-like code.
   */
  mkdir?(path: string, opts?: { mode?: number; become?: BecomeSpec }): Promise<boolean>
  /** null when the path does not exist. `follow` resolves symlinks (default false = lstat). */
  stat(path: string, opts?: StatOptions): Promise<FileStat | null>
  /**
   * The names of user and group ids as the target's getpwuid/getgrgid give them, when the
   * transport can ask without starting a process; resolves undefined when it cannot.
   */
  accountNames?(uids: number[], gids: number[], opts?: { become?: BecomeSpec }): Promise<AccountNames | undefined>
  /**
   * What `file --mime-type --mime-encoding -- PATH` prints on the target, from a `file`
   * process kept running for the purpose. Returns undefined (at once) when no such
   * process is kept for this call: the caller runs `file` itself; the promise resolves
   * undefined when the kept process failed (the caller runs `file` itself then too).
   */
  fileType?(path: string, opts?: { become?: BecomeSpec }): Promise<string | undefined> | undefined
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
