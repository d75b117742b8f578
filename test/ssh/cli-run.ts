// Starting the CLI in the background, for tests that act while a play runs (Ctrl-C, killing
// a host's sshd) — test/cli/helpers.ts runs it to the end synchronously.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../cli/helpers.js'
import { processTree } from './processes.js'

/** node + the built CLI, else the TypeScript source through tsx. */
export function cliArgv(args: string[]): string[] {
  const built = join(repoRoot, 'dist', 'bin', 'tsplay.mjs')
  return [process.execPath, ...(existsSync(built) ? [built] : ['--import', 'tsx', join(repoRoot, 'engine', 'cli.ts')]), ...args]
}

export interface Finished {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** From start to exit. */
  ms: number
}

export interface Running {
  child: ChildProcess
  /** Output so far. */
  readonly stdout: string
  done: Promise<Finished>
}

/** Starts tsplay in its own process group (as a shell starts a foreground job). */
export function startTsplay(args: string[], cwd: string, env: Record<string, string> = {}, limitMs = 90_000): Running {
  const [file, ...rest] = cliArgv(args)
  const started = Date.now()
  const child = spawn(file!, rest, { cwd, detached: true, env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_CONFIG: '/dev/null', ...env } })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  // A hang must fail the test, not the whole suite: the run is killed after limitMs.
  const limit = setTimeout(() => child.kill('SIGKILL'), limitMs)
  const done = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(limit)
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started })
    })
  })
  return {
    child,
    get stdout() {
      return stdout
    },
    done,
  }
}

/** True when the process's command line starts with `argv`. */
function runs(pid: number, argv: string[]): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    return argv.every((word, i) => cmdline[i] === word)
  } catch {
    return false // exited meanwhile
  }
}

/** Pids of the processes under `pid` (an sshd) running `argv`. */
export function commandsUnder(pid: number, argv: string[]): number[] {
  return processTree(pid).filter((p) => runs(p, argv))
}

/** Every pid on the machine running `argv` (also those no longer under their sshd). */
export function commandsAnywhere(argv: string[]): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((p) => runs(p, argv))
}

/** Polls `check` every 50 ms until it returns true; false when `ms` passed first. */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (check()) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return check()
}

/** PLAY RECAP lines as host → counts text ("ok=3 changed=0 …"), to compare two tools' recaps. */
export function recapOf(stdout: string): Record<string, string> {
  const recap: Record<string, string> = {}
  const at = stdout.lastIndexOf('PLAY RECAP')
  for (const line of at < 0 ? [] : stdout.slice(at).split('\n').slice(1)) {
    const m = /^(\S+)\s+:\s+(.*\S)\s*$/.exec(line)
    if (m) recap[m[1]!] = m[2]!.split(/\s+/).join(' ')
  }
  return recap
}

export interface TerminalRun {
  code: number
  /** Everything the user saw: under a terminal stdout and stderr are one stream. */
  screen: string
}

/**
 * Runs tsplay on a pseudo-terminal (util-linux `script`), typing each answer when the
 * screen ends with its prompt, in order.
 */
export function runOnTerminal(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; answers: [prompt: string, answer: string][] }): Promise<TerminalRun> {
  const line = cliArgv(args).map((a) => `'${a.replaceAll("'", `'"'"'`)}'`).join(' ')
  const child = spawn('script', ['--quiet', '--return', '--command', line, '/dev/null'], { cwd: opts.cwd, env: opts.env })
  let screen = ''
  // Only output after the last answer can hold the next prompt (one prompt may end another: "confirm X:").
  let answeredAt = 0
  const pending = [...opts.answers]
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString()
    const next = pending[0]
    if (next && screen.slice(answeredAt).trimEnd().endsWith(next[0].trimEnd())) {
      pending.shift()
      answeredAt = screen.length
      child.stdin.write(`${next[1]}\r`)
    }
  })
  child.stderr.on('data', (chunk: Buffer) => (screen += chunk.toString()))
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, screen })
    })
  })
}
