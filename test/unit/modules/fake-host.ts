// A recording stand-in for the Host facade: modules under test read canned files and
// get canned command results, and the test inspects what they asked for.
import type { Command, ExecResult, FileStat, WriteOptions } from '../../../engine/connection/connection.js'
import type { Host, HostExecOptions, ModuleContext } from '../../../engine/module.js'

export type Call =
  | { op: 'exec'; cmd: Command; opts: HostExecOptions }
  | { op: 'read'; path: string }
  | { op: 'write'; path: string; data: string | Buffer; opts: WriteOptions }
  | { op: 'stat'; path: string; follow: boolean }

type Matcher = string | RegExp | ((cmd: Command) => boolean)
type Reply = Partial<ExecResult> | ((cmd: Command, opts: HostExecOptions) => Partial<ExecResult> | Promise<Partial<ExecResult>>)

/** The text a command is matched against: argv joined by spaces, or the script. */
export function commandText(cmd: Command): string {
  return Array.isArray(cmd) ? cmd.join(' ') : cmd.script
}

export class FakeHost implements Host {
  readonly name = 'fakehost'
  facts: Record<string, unknown> = {}
  readonly calls: Call[] = []
  /** Files by path (content); folders are listed in `dirs`. */
  readonly files = new Map<string, string | Buffer>()
  readonly dirs = new Set<string>(['/'])
  private readonly replies: { match: Matcher; reply: Reply; times: number }[] = []

  /** Answer commands that match (first registered wins; `times` limits how often). */
  onExec(match: Matcher, reply: Reply, times = Infinity): this {
    this.replies.push({ match, reply, times })
    return this
  }

  withFile(path: string, content: string | Buffer): this {
    this.files.set(path, content)
    return this
  }

  withDir(path: string): this {
    this.dirs.add(path)
    return this
  }

  get execs(): Command[] {
    return this.calls.flatMap((c) => (c.op === 'exec' ? [c.cmd] : []))
  }

  get ops(): string[] {
    return this.calls.map((c) => c.op)
  }

  async exec(cmd: Command, opts: HostExecOptions = {}): Promise<ExecResult> {
    this.calls.push({ op: 'exec', cmd, opts })
    const entry = this.replies.find((r) => r.times > 0 && matches(r.match, cmd))
    if (!entry) return { rc: 0, stdout: '', stderr: '' }
    entry.times--
    const reply = typeof entry.reply === 'function' ? await entry.reply(cmd, opts) : entry.reply
    const result = { rc: 0, stdout: '', stderr: '', ...reply }
    if (opts.onStdout && result.stdout) opts.onStdout(result.stdout)
    return result
  }

  async read(path: string): Promise<string> {
    return (await this.readBytes(path)).toString('utf8')
  }

  async readBytes(path: string): Promise<Buffer> {
    this.calls.push({ op: 'read', path })
    const content = this.files.get(path)
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
    return Buffer.from(content)
  }

  async write(path: string, data: string | Buffer, opts: WriteOptions = {}): Promise<void> {
    this.calls.push({ op: 'write', path, data, opts })
    this.files.set(path, data)
  }

  async stat(path: string, opts: { follow?: boolean } = {}): Promise<FileStat | null> {
    this.calls.push({ op: 'stat', path, follow: opts.follow ?? false })
    const isdir = this.dirs.has(path)
    const content = this.files.get(path)
    if (!isdir && content === undefined) return null
    return {
      path,
      exists: true,
      isdir,
      isreg: !isdir,
      islnk: false,
      mode: isdir ? 0o755 : 0o644,
      uid: 0,
      gid: 0,
      size: content === undefined ? 4096 : Buffer.byteLength(content),
      mtime: 0,
      atime: 0,
      ctime: 0,
      inode: 1,
      dev: 1,
      nlink: 1,
    }
  }
}

function matches(match: Matcher, cmd: Command): boolean {
  if (typeof match === 'function') return match(cmd)
  const text = commandText(cmd)
  return typeof match === 'string' ? text.startsWith(match) : match.test(text)
}

/** A ModuleContext for tests; override what a test needs. */
export function fakeContext(overrides: Partial<ModuleContext> = {}): ModuleContext & { progressLines: string[] } {
  const progressLines: string[] = []
  return {
    checkMode: false,
    diffMode: false,
    verbosity: 0,
    taskName: 'test task',
    playbookDir: '/tmp',
    searchPaths: [],
    findFile: () => undefined,
    render: (t) => t,
    evaluate: () => undefined,
    condition: () => true,
    vars: {},
    progress: (line) => progressLines.push(line),
    progressLines,
    ...overrides,
  }
}
