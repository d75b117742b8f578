// Small conveniences for talking to a target: fixed probe scripts that take their
// values as positional parameters (so nothing from a playbook is pasted into shell
// text), section splitting of their output, and Ansible's *_lines result keys.
import type { ExecResult } from '../../../engine/connection/connection.js'
import type { Host, HostExecOptions, ModuleResult } from '../../../engine/module.js'
import { pySplitLines } from '../pytext.js'

/** Printed between the parts of a probe script's output. */
export const SECTION = '@@tsplay-section@@'

/** Run a fixed POSIX sh script; `args` arrive as "$1", "$2", … and are never parsed by the shell. */
export function runScript(host: Host, script: string, args: readonly string[] = [], opts: HostExecOptions = {}): Promise<ExecResult> {
  return host.exec(['sh', '-c', script, 'sh', ...args], opts)
}

/** The parts of an output separated by SECTION lines. */
export function splitSections(stdout: string): string[] {
  return stdout.split(`${SECTION}\n`)
}

/** Ansible's action layer adds stdout_lines/stderr_lines next to stdout/stderr. */
export function withOutputLines(result: ModuleResult): ModuleResult {
  const out = { ...result }
  if ('stdout' in out && !('stdout_lines' in out)) out.stdout_lines = pySplitLines(String(out.stdout ?? ''))
  if ('stderr' in out && !('stderr_lines' in out)) out.stderr_lines = pySplitLines(String(out.stderr ?? ''))
  return out
}

/** What `apply` returns when a command it runs fails: the task fails and reports no change. */
export function applyFailure(msg: string, result: ModuleResult = {}): ModuleResult {
  return withOutputLines({ ...result, msg, failed: true, changed: false })
}

/** Whether `name` can be run on the target (command -v). */
export async function hasCommand(host: Host, name: string): Promise<boolean> {
  const r = await runScript(host, 'command -v "$1" >/dev/null 2>&1', [name])
  return r.rc === 0
}

/** The first of `names` that the target can run, or undefined. */
export async function firstCommand(host: Host, names: readonly string[]): Promise<string | undefined> {
  const r = await runScript(host, 'for c in "$@"; do if command -v "$c" >/dev/null 2>&1; then echo "$c"; exit 0; fi; done; exit 1', names)
  return r.rc === 0 ? r.stdout.trim() : undefined
}

/** Error text of a missing file (host.read rejects with code ENOENT). */
export function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(host: Host, path: string): Promise<string | undefined> {
  try {
    return await host.read(path)
  } catch (err) {
    if (isMissing(err)) return undefined
    throw err
  }
}
