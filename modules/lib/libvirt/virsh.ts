// Talking to libvirt through virsh on the target. Reads are batched: several virsh
// commands run in one exec, each with its own exit code and error text. The values
// (URI, names) travel as positional parameters of a generated sh script, so nothing
// from a playbook is ever part of the script text.
import type { ExecResult } from '../../../engine/connection/connection.js'
import { TsplayError } from '../../../engine/errors.js'
import type { Host } from '../../../engine/module.js'

export interface VirshReply {
  rc: number
  stdout: string
  stderr: string
}

export const RC_MARK = '@@tsplay-rc '
export const END_MARK = '@@tsplay-end@@'

/** The argv that runs each of `commands` (virsh arguments) against `uri` in one process. */
export function batchArgv(uri: string, commands: readonly (readonly string[])[]): string[] {
  const args = [uri]
  const lines = commands.map((words) => {
    const refs = words.map((word) => {
      args.push(word)
      return `"\${${args.length}}"`
    })
    // stdout goes straight out (fd 3); stderr is captured so it can follow the exit code.
    return [
      `{ err=$(virsh -c "$1" ${refs.join(' ')} 2>&1 1>&3 3>&-); rc=$?; } 3>&1`,
      `printf '\\n${RC_MARK}%s\\n%s\\n${END_MARK}\\n' "$rc" "$err"`,
    ].join('\n')
  })
  return ['sh', '-c', lines.join('\n'), 'sh', ...args]
}

/** Split a batch's output into one reply per command. */
export function parseBatch(stdout: string, count: number): VirshReply[] {
  // Only parts followed by an end mark are complete; what trails the last one is not a reply.
  const parts = stdout.split(`${END_MARK}\n`).slice(0, -1).slice(0, count)
  return parts.map((part) => {
    const mark = part.lastIndexOf(`\n${RC_MARK}`)
    if (mark < 0) return { rc: -1, stdout: '', stderr: part }
    const rest = part.slice(mark + 1 + RC_MARK.length)
    const newline = rest.indexOf('\n')
    return {
      rc: Number(rest.slice(0, newline)),
      stdout: part.slice(0, mark),
      stderr: rest.slice(newline + 1).replace(/\n$/, ''),
    }
  })
}

/** Run virsh commands in one exec. Throws VirshUnavailable when virsh cannot run at all. */
export async function virshBatch(host: Host, uri: string, commands: readonly (readonly string[])[]): Promise<VirshReply[]> {
  const r = await host.exec(batchArgv(uri, commands))
  const replies = parseBatch(r.stdout, commands.length)
  if (replies.length !== commands.length) {
    throw new VirshUnavailable(`could not run virsh on the target: ${(r.stderr || r.stdout).trim() || `exit code ${r.rc}`}`)
  }
  if (replies[0]!.rc === 127) throw new VirshUnavailable('virsh was not found on the target; install libvirt-clients (Debian/Ubuntu) or libvirt-client (RHEL)')
  return replies
}

/** virsh cannot run or cannot reach libvirt: the task fails with this message. */
export class VirshUnavailable extends TsplayError {
  constructor(message: string) {
    super(message)
    this.name = 'VirshUnavailable'
  }
}

/** One virsh command, for the changes. */
export function virsh(host: Host, uri: string, args: readonly string[]): Promise<ExecResult> {
  return host.exec(['virsh', '-c', uri, ...args])
}

/** The message of a failed virsh command: its error text without the "error: " prefixes. */
export function virshError(reply: { stderr: string; stdout: string; rc: number }): string {
  const text = (reply.stderr || reply.stdout).trim()
  return text.split('\n').map((line) => line.replace(/^error: /, '')).filter(Boolean).join(': ') || `virsh exited with ${reply.rc}`
}

/** Names printed by `list --name` / `net-list --name`, one a line. */
export function parseNames(stdout: string): string[] {
  return stdout.split('\n').map((line) => line.trim()).filter(Boolean)
}

/** `net-info` / `dominfo` output: "Key:   value" lines. */
export function parseInfo(stdout: string): Record<string, string> {
  const info: Record<string, string> = {}
  for (const line of stdout.split('\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) info[line.slice(0, colon).trim()] = line.slice(colon + 1).trim()
  }
  return info
}

/**
 * `virsh SUBCOMMAND FILE` (define, net-define) with the XML in a temporary file on the
 * target, removed afterwards.
 */
export async function defineFromTempFile(host: Host, uri: string, subcommand: 'define' | 'net-define', xml: string): Promise<ExecResult> {
  const made = await host.exec(['mktemp', '-t', 'tsplay-libvirt.XXXXXXXX'])
  if (made.rc !== 0) return made
  const file = made.stdout.trim()
  try {
    await host.write(file, xml, { mode: 0o600 })
    return await virsh(host, uri, [subcommand, file])
  } finally {
    await host.exec(['rm', '-f', '--', file])
  }
}

/** virsh's error when no libvirtd answers at the URI (socket missing or refused). */
function daemonDown(err: unknown): boolean {
  return err instanceof VirshUnavailable && /failed to connect socket|connection refused|no such file or directory/i.test(err.message)
}

/**
 * What `probe` reads — or, in check mode on a host whose libvirtd is not running yet (a
 * fresh hypervisor, where an earlier task of the same run would start it), `absent`:
 * nothing can be read, so the object is taken as not defined (the run would create it)
 * and a warning says why. Any other failure is the caller's.
 */
export async function probeOrAssumeAbsent<F>(probe: () => Promise<F>, absent: F, how: { checkMode: boolean; uri: string; kind: string; warnings: string[] }): Promise<F> {
  try {
    return await probe()
  } catch (err) {
    if (!how.checkMode || !daemonDown(err)) throw err
    const why = (err as VirshUnavailable).message.replace(/^cannot list [^:]*: /, '')
    how.warnings.push(`libvirtd does not answer at ${how.uri} (${why}); check mode assumes the ${how.kind} is not defined yet and would be created once libvirtd runs`)
    return absent
  }
}
