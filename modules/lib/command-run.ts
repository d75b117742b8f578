// What the command and shell modules share: argument checks, creates/removes,
// check mode as ansible-core 2.14 does it, and the result shape (cmd, rc, stdout,
// stderr and their _lines, start, end, delta, msg).
import { change, fail, ok, type Host, type ModuleContext, type ModuleOutcome, type ModuleResult } from '../../engine/module.js'
import type { Command } from '../../engine/connection/connection.js'
import { shellJoin } from '../../engine/connection/connection.js'
import { nowMicros, pySplitLines, pythonDateTime, pythonTimedelta, rstripChars } from './pytext.js'
import { globMatches } from './remote-paths.js'
import { ShellSplitError, shellSplit } from '../../engine/util/shlex.js'

export interface CommandParams {
  _raw_params?: string
  cmd?: string
  argv?: string[]
  chdir?: string
  creates?: string
  removes?: string
  stdin?: string
  stdin_add_newline: boolean
  strip_empty_ends: boolean
  executable?: string
}

/** Parameters both modules take; `executable` is added by shell. */
export const commandParamProperties = {
  _raw_params: { type: 'string', description: 'The command to run (free form).' },
  cmd: { type: 'string', description: 'The command to run, as a parameter instead of free form.' },
  argv: {
    type: 'array',
    items: { type: 'string' },
    description: 'The command as a list of words; no splitting or quoting takes place. Use either this or cmd/free form.',
  },
  chdir: { type: 'string', description: 'Change into this folder on the target before running the command.' },
  creates: { type: 'string', description: 'A path or glob on the target; when it matches, the command is not run.' },
  removes: { type: 'string', description: 'A path or glob on the target; when it does not match, the command is not run.' },
  stdin: { type: 'string', description: 'Text sent to the command on its standard input.' },
  stdin_add_newline: { type: 'boolean', default: true, description: 'Append a newline to stdin.' },
  strip_empty_ends: { type: 'boolean', default: true, description: 'Remove trailing line breaks from stdout and stderr.' },
} as const

/** Keys every command result carries, as ansible-core 2.14 promises them. */
function baseResult(cmd: unknown): ModuleResult {
  return { cmd, stdout: '', stderr: '', rc: null, start: null, end: null, delta: null, msg: '' }
}

/** Adds stdout_lines / stderr_lines, which Ansible's action layer derives from the text. */
export function withLines(result: ModuleResult): ModuleResult {
  return {
    ...result,
    stdout_lines: pySplitLines(String(result.stdout ?? '')),
    stderr_lines: pySplitLines(String(result.stderr ?? '')),
  }
}

/** A failure whose msg replaces the result's own (always present) msg. */
function failed(msg: string, result: ModuleResult): ModuleOutcome {
  return fail(msg, withLines({ ...result, msg }))
}

export async function runCommandModule(host: Host, p: CommandParams, ctx: ModuleContext, useShell: boolean): Promise<ModuleOutcome> {
  const given = p._raw_params ?? p.cmd
  const raw = given !== undefined && given.trim() !== '' ? given : undefined
  if (raw === undefined && !p.argv?.length) return failed('no command given', { ...baseResult(null), rc: 256 })
  if (raw !== undefined && p.argv?.length) return failed('only command or argv can be given, not both', { ...baseResult(null), rc: 256 })

  let command: Command
  let shown: unknown
  try {
    ;({ command, shown } = buildCommand(raw, p, useShell))
  } catch (err) {
    if (err instanceof ShellSplitError) return failed(`cannot split the command into words: ${err.message}`, { ...baseResult(raw), rc: 256 })
    throw err
  }
  const result = baseResult(shown)

  if (p.chdir) {
    const problem = await chdirProblem(host, p.chdir)
    if (problem) return failed(`Unable to change directory before execution: ${problem}`, result)
  }
  const reason = await skipReason(host, p, ctx.checkMode)
  if (reason) return ok(withLines({ ...result, ...reason, rc: 0 }))

  if (ctx.checkMode) {
    const would = withLines({ ...result, rc: 0, msg: 'Command would have run if not in check mode' })
    // With creates/removes the check decided: the command would run, so it would change.
    if (p.creates !== undefined || p.removes !== undefined) return change(would)
    return { kind: 'skip', result: would }
  }
  return execute(host, command, p, result)
}

/** What runs (argv, or a script for the shell) and what the result shows as `cmd`. */
function buildCommand(raw: string | undefined, p: CommandParams, useShell: boolean): { command: Command; shown: unknown } {
  if (useShell) return { command: { script: raw ?? shellJoin(p.argv!), shell: p.executable }, shown: raw ?? p.argv }
  const argv = raw !== undefined ? shellSplit(raw) : p.argv!.map(String)
  return { command: argv, shown: argv }
}

/** Python's OSError text for a chdir that cannot happen, or undefined when it can. */
async function chdirProblem(host: Host, dir: string): Promise<string | undefined> {
  const st = await host.stat(dir, { follow: true })
  if (!st) return `[Errno 2] No such file or directory: b'${dir}'`
  if (!st.isdir) return `[Errno 20] Not a directory: b'${dir}'`
  return undefined
}

async function skipReason(host: Host, p: CommandParams, checkMode: boolean): Promise<ModuleResult | undefined> {
  const verb = checkMode ? 'Would' : 'Did'
  if (p.creates && (await globMatches(host, p.creates, p.chdir))) {
    return { msg: `${verb} not run command since '${p.creates}' exists`, stdout: `skipped, since ${p.creates} exists` }
  }
  if (p.removes && !(await globMatches(host, p.removes, p.chdir))) {
    return { msg: `${verb} not run command since '${p.removes}' does not exist`, stdout: `skipped, since ${p.removes} does not exist` }
  }
  return undefined
}

async function execute(host: Host, command: Command, p: CommandParams, base: ModuleResult): Promise<ModuleOutcome> {
  const stdin = p.stdin === undefined ? undefined : p.stdin_add_newline ? `${p.stdin}\n` : p.stdin
  const start = nowMicros()
  const r = await host.exec(command, { cwd: p.chdir, stdin })
  const end = nowMicros()
  const strip = (text: string): string => (p.strip_empty_ends ? rstripChars(text, '\r\n') : text)
  const result = withLines({
    ...base,
    rc: r.rc,
    stdout: strip(r.stdout),
    stderr: strip(r.stderr),
    start: pythonDateTime(start),
    end: pythonDateTime(end),
    delta: pythonTimedelta(end - start),
  })
  if (r.rc !== 0) return failed('non-zero return code', { ...result, changed: true })
  return change(result)
}
