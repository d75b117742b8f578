// Run one local process from an argv array (never through a shell), collecting its
// output as bytes. Timeouts end the whole process group (SIGTERM, then SIGKILL) so a
// shell's children cannot keep the pipes open after their parent is gone.
import { spawn, type ChildProcess } from 'node:child_process'
import { constants as osConstants } from 'node:os'
import type { Writable } from 'node:stream'

/** Grace period between SIGTERM and SIGKILL when a process must end. */
export const KILL_GRACE_MS = 2000

export interface ProcessSpec {
  argv: string[]
  /** The complete environment of the child. */
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Written and closed right away unless `holdStdin` is set. */
  stdin?: string | Buffer
  /** Leave stdin open for the caller (become answers a password prompt first). */
  holdStdin?: boolean
  timeoutMs?: number
  signal?: AbortSignal
  onStdout?: (chunk: Buffer) => void
  onStderr?: (chunk: Buffer) => void
}

export interface RawResult {
  rc: number
  stdout: Buffer
  stderr: Buffer
  signal?: string
  timedOut?: boolean
}

export interface RunningProcess {
  /** The child's stdin (already closed unless `holdStdin`). */
  stdin: Writable
  done: Promise<RawResult>
  /** End the process group: SIGTERM now, SIGKILL after the grace period. */
  terminate(): void
}

/** Raised when the program itself cannot be started (missing file, bad cwd). */
export class SpawnError extends Error {
  constructor(message: string, readonly code: string | undefined, readonly syscallPath?: string) {
    super(message)
    this.name = 'SpawnError'
  }
}

export function abortError(signal: AbortSignal): Error {
  const err = new Error('the operation was aborted', { cause: signal.reason })
  err.name = 'AbortError'
  ;(err as NodeJS.ErrnoException).code = 'ABORT_ERR'
  return err
}

export function startProcess(spec: ProcessSpec): RunningProcess {
  const [file, ...args] = spec.argv
  if (!file) throw new Error('startProcess: empty argv')
  // detached: the child leads its own process group, which we can signal as a whole.
  const child = spawn(file, args, { env: spec.env, cwd: spec.cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
  const stdout: Buffer[] = []
  const stderr: Buffer[] = []
  child.stdout!.on('data', (chunk: Buffer) => { stdout.push(chunk); spec.onStdout?.(chunk) })
  child.stderr!.on('data', (chunk: Buffer) => { stderr.push(chunk); spec.onStderr?.(chunk) })
  // A child that exits without reading its stdin makes our write fail with EPIPE: not our error.
  child.stdin!.on('error', () => {})
  if (!spec.holdStdin) child.stdin!.end(spec.stdin ?? '')

  let timedOut = false
  let killTimer: NodeJS.Timeout | undefined
  const terminate = (): void => {
    if (killTimer || child.exitCode !== null || child.signalCode !== null) return
    signalGroup(child, 'SIGTERM')
    killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS)
    killTimer.unref()
  }
  const timeout = spec.timeoutMs ? setTimeout(() => { timedOut = true; terminate() }, spec.timeoutMs) : undefined
  const onAbort = (): void => terminate()
  spec.signal?.addEventListener('abort', onAbort, { once: true })

  const done = new Promise<RawResult>((resolve, reject) => {
    child.once('error', (err: NodeJS.ErrnoException) => {
      cleanup()
      reject(new SpawnError(err.message, err.code, file))
    })
    // 'close' (not 'exit'): all output has been read by then.
    child.once('close', (code, signalName) => {
      cleanup()
      if (spec.signal?.aborted) return reject(abortError(spec.signal))
      const result: RawResult = { rc: code ?? 128 + signalNumber(signalName), stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) }
      if (signalName) result.signal = signalName
      if (timedOut) result.timedOut = true
      resolve(result)
    })
  })
  function cleanup(): void {
    if (timeout) clearTimeout(timeout)
    if (killTimer) clearTimeout(killTimer)
    spec.signal?.removeEventListener('abort', onAbort)
  }
  if (spec.signal?.aborted) terminate()
  return { stdin: child.stdin!, done, terminate }
}

export function runProcess(spec: ProcessSpec): Promise<RawResult> {
  return startProcess(spec).done
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group may be gone already, or partly owned by another user (sudo): signal the leader.
    try { child.kill(signal) } catch { /* already exited */ }
  }
}

function signalNumber(name: NodeJS.Signals | null): number {
  return name ? (osConstants.signals[name] ?? 0) : 0
}
