// Small process helpers for the SSH test hosts: run a setup command, wait for a line
// on a child's stderr, and find the children a daemon forked (sshd's per-connection
// processes call setsid, so they leave the daemon's process group and must be found
// through their parent ids).
import { spawnSync, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/** Runs a setup command; throws with its output when it fails. */
export function run(argv: string[], input?: string): string {
  const [file, ...args] = argv
  const r = spawnSync(file!, args, { input, encoding: 'utf8' })
  if (r.error) throw new Error(`${argv.join(' ')}: ${r.error.message}`)
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with ${r.status}: ${r.stderr.trim() || r.stdout.trim()}`)
  return r.stdout
}

/** True when the command exits 0 (used to probe for users and programs). */
export function succeeds(argv: string[]): boolean {
  const [file, ...args] = argv
  return spawnSync(file!, args, { stdio: 'ignore' }).status === 0
}

/** Resolves when `pattern` shows in the child's stderr; rejects if it exits first or time runs out. */
export function waitForStderr(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 10000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(() => finish(new Error(`${what} did not start within ${timeoutMs} ms:\n${seen}`)), timeoutMs)
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString()
      if (pattern.test(seen)) finish()
    }
    const onExit = (code: number | null): void => finish(new Error(`${what} exited (${code}) before it was ready:\n${seen}`))
    function finish(err?: Error): void {
      clearTimeout(timer)
      child.stderr!.off('data', onData)
      child.off('exit', onExit)
      if (err) reject(err)
      else resolve()
    }
    child.stderr!.on('data', onData)
    child.once('exit', onExit)
  })
}

/** Parent pid of every process, from /proc. */
function parentMap(): Map<number, number[]> {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8')
    } catch {
      continue // exited while we looked
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    const list = children.get(ppid) ?? []
    list.push(Number(name))
    children.set(ppid, list)
  }
  return children
}

/** The pid and all its descendants, parents first. */
export function processTree(pid: number): number[] {
  const children = parentMap()
  const tree: number[] = []
  const queue = [pid]
  while (queue.length) {
    const next = queue.shift()!
    tree.push(next)
    queue.push(...(children.get(next) ?? []))
  }
  return tree
}

/** Sends a signal to each pid given; pids that are gone already are skipped. */
export function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal)
    } catch {
      // exited meanwhile
    }
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Waits until the child process has exited (sending SIGKILL after `graceMs`). */
export async function reap(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
}
