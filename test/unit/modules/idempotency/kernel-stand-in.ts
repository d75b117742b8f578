// A Host for the modprobe scenario: files and every other command are real (inside the
// isolated root), but the kernel is a stand-in. Tests never load or unload kernel
// modules, and this machine has neither modprobe nor /proc/modules; so `modprobe` commands
// and the module's read of /proc/modules are answered from a set of "loaded" modules
// that `modprobe NAME` adds to and `modprobe -r NAME` removes from.
import type { Command, ExecResult, FileStat, WriteOptions } from '../../../../engine/connection/connection.js'
import type { Host, HostExecOptions } from '../../../../engine/module.js'

const SECTION = '@@tsplay-section@@'

export class KernelStandInHost implements Host {
  readonly loaded = new Set<string>()

  constructor(private readonly real: Host) {}

  get name(): string {
    return this.real.name
  }

  get facts(): Record<string, unknown> {
    return this.real.facts
  }

  async exec(cmd: Command, opts?: HostExecOptions): Promise<ExecResult> {
    if (Array.isArray(cmd) && cmd[0] === 'modprobe') return this.modprobe(cmd.slice(1))
    if (Array.isArray(cmd) && cmd[0] === 'sh' && cmd[2]?.includes('cat /proc/modules')) return this.procModules()
    return this.real.exec(cmd, opts)
  }

  /** `modprobe [-n] [-r] [--first-time] NAME [params]`: -n only checks that the module exists. */
  private modprobe(args: string[]): ExecResult {
    const flags = args.filter((a) => a.startsWith('-'))
    const name = args.find((a) => !a.startsWith('-'))
    if (!name) return { rc: 1, stdout: '', stderr: 'modprobe: ERROR: missing module name\n' }
    if (!flags.includes('-n')) {
      if (flags.includes('-r')) this.loaded.delete(name)
      else this.loaded.add(name)
    }
    return { rc: 0, stdout: '', stderr: '' }
  }

  /** What the module's probe script prints: /proc/modules lines, then (empty) modules.builtin. */
  private procModules(): ExecResult {
    const lines = [...this.loaded].map((name) => `${name.replaceAll('-', '_')} 16384 0 - Live 0x0000000000000000\n`)
    return { rc: 0, stdout: `${lines.join('')}${SECTION}\n`, stderr: '' }
  }

  read(path: string): Promise<string> {
    return this.real.read(path)
  }

  readBytes(path: string): Promise<Buffer> {
    return this.real.readBytes(path)
  }

  write(path: string, data: string | Buffer, opts?: WriteOptions): Promise<void> {
    return this.real.write(path, data, opts)
  }

  stat(path: string, opts?: { follow?: boolean }): Promise<FileStat | null> {
    return this.real.stat(path, opts)
  }
}
