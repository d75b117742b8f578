// A Host whose every command and file access runs inside a network namespace the test
// creates: /proc/sys/net/* there belongs to that namespace only, so real `sysctl -w`
// and `sysctl -p` on net.* keys cannot change this machine's network settings.
import { execFileSync } from 'node:child_process'
import type { Command, ExecResult, FileStat, WriteOptions } from '../../../../engine/connection/connection.js'
import { LocalConnection } from '../../../../engine/connection/local.js'
import type { Host, HostExecOptions } from '../../../../engine/module.js'

export class NetnsHost implements Host {
  readonly facts: Record<string, unknown> = {}
  readonly commands: string[][] = []
  private readonly local = new LocalConnection()

  private constructor(readonly name: string) {}

  /** Creates the namespace; throws when this machine cannot (no ip, no privilege). */
  static create(): NetnsHost {
    const name = `tsplay-lab-${process.pid}-${Date.now() % 100000}`
    execFileSync('ip', ['netns', 'add', name], { stdio: 'pipe' })
    return new NetnsHost(name)
  }

  remove(): void {
    execFileSync('ip', ['netns', 'delete', this.name], { stdio: 'pipe' })
  }

  exec(cmd: Command, opts: HostExecOptions = {}): Promise<ExecResult> {
    const argv = Array.isArray(cmd) ? cmd : [cmd.shell ?? '/bin/sh', '-c', cmd.script]
    this.commands.push(argv)
    const { become: _become, ...rest } = opts
    return this.local.exec(['ip', 'netns', 'exec', this.name, ...argv], rest)
  }

  async read(path: string): Promise<string> {
    return (await this.readBytes(path)).toString('utf8')
  }

  async readBytes(path: string): Promise<Buffer> {
    const r = await this.inside(['cat', '--', path])
    if (r.rc !== 0) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
    return Buffer.from(r.stdout)
  }

  async write(path: string, data: string | Buffer, opts: WriteOptions = {}): Promise<void> {
    const mode = (opts.mode ?? 0o644).toString(8)
    const r = await this.inside(['sh', '-c', 'cat > "$1" && chmod "$2" "$1"', 'sh', path, mode], data)
    if (r.rc !== 0) throw new Error(`cannot write ${path}: ${r.stderr}`)
  }

  async stat(path: string): Promise<FileStat | null> {
    const r = await this.inside(['stat', '-L', '-c', '%F|%a|%s', '--', path])
    if (r.rc !== 0) return null
    const [type, mode, size] = r.stdout.trim().split('|')
    const isdir = type === 'directory'
    return {
      path, exists: true, isdir, isreg: !isdir, islnk: false, mode: parseInt(mode!, 8), uid: 0, gid: 0, size: Number(size),
      mtime: 0, atime: 0, ctime: 0, inode: 0, dev: 0, nlink: 1,
    }
  }

  /** File access: not recorded as a module command. */
  private inside(argv: string[], stdin?: string | Buffer): Promise<ExecResult> {
    return this.local.exec(['ip', 'netns', 'exec', this.name, ...argv], { stdin })
  }
}
