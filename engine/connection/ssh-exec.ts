// One command on one exec channel. The command line is built only from argv words
// quoted by shellQuote: environment as `env K=V …` (sshd usually refuses setenv
// requests), the working folder as `cd DIR && …`, become as the same sudo/su argv the
// local transport uses. Timeouts and aborts send a signal over the channel (sshd
// delivers it to the command's whole process group), then KILL, then close it.
import { constants as osConstants } from 'node:os'
import { StringDecoder } from 'node:string_decoder'
import type { ClientChannel } from 'ssh2'
import { TsplayError } from '../errors.js'
import { BecomeHandshake, incorrectBecomePassword, planBecome, type BecomePlan } from './become.js'
import { shellJoin, shellQuote, type BecomeSpec } from './connection.js'
import { abortError, KILL_GRACE_MS, type RawResult } from './process.js'

/** How long a stopped command may take to go away (TERM, KILL, close) before we give up on its channel. */
export const STOP_GRACE_MS = KILL_GRACE_MS + 3000

/** Printed (on stderr) when the working folder cannot be entered; the command never ran. */
const CWD_FAILED = 'tsplay: cannot change to the working directory'

export interface RemoteCommand {
  line: string
  plan?: BecomePlan
  becomeMethod?: string
  cwd?: string
  /** Ask sshd for a pseudo-terminal. */
  terminal?: boolean
}

export interface RemoteIo {
  stdin?: string | Buffer
  timeoutMs?: number
  signal?: AbortSignal
  onStdout?: (chunk: Buffer) => void
}

/** The channel closed without an exit status, or never closed: the connection went away under it. */
export class ChannelLostError extends Error {
  constructor(message = 'the channel closed before the command finished') {
    super(message)
    this.name = 'ChannelLostError'
  }
}

export function remoteCommand(argv: string[], opts: { env?: Record<string, string>; cwd?: string; become?: BecomeSpec; terminal?: boolean }): RemoteCommand {
  // sudo keeps the caller's folder, which the login user may not be allowed to enter: the
  // become user changes to it.
  const cdAsBecomeUser = opts.cwd !== undefined && opts.become?.method === 'sudo'
  const inner = cdAsBecomeUser ? changeDirectoryFirst(opts.cwd!, argv) : argv
  const plan = opts.become ? planBecome(inner, opts.become, { env: opts.env, cwd: opts.cwd }) : undefined
  if (plan?.password !== undefined && !plan.prompt) {
    throw new TsplayError(`become_method ${opts.become!.method} with a password needs a terminal, which tsplay's ssh transport does not request`, {
      hint: 'use become_method: sudo, or passwordless su',
    })
  }
  const pairs = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`)
  const words = plan ? plan.argv : pairs.length ? ['env', ...pairs, ...argv] : argv
  const cd = opts.cwd && !plan?.cwdInside && !cdAsBecomeUser ? `cd ${shellQuote(opts.cwd)} 2>/dev/null || { echo ${shellQuote(CWD_FAILED)} >&2; exit 1; }; ` : ''
  // exec: the login shell becomes the command, so signals and exit status are its own.
  // A password prompt would go to the terminal, where the become handshake does not look for it.
  const terminal = opts.terminal === true && plan?.password === undefined
  return { line: `${cd}exec ${shellJoin(words)}`, plan, becomeMethod: opts.become?.method, cwd: opts.cwd, terminal }
}

function changeDirectoryFirst(cwd: string, argv: string[]): string[] {
  return ['sh', '-c', `cd "$1" 2>/dev/null || { echo ${shellQuote(CWD_FAILED)} >&2; exit 1; }; shift; exec "$@"`, 'sh', cwd, ...argv]
}

/** Runs the command on an open exec channel and collects its output as bytes. */
export function runOnChannel(channel: ClientChannel, cmd: RemoteCommand, io: RemoteIo): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const output = new ChannelOutput(channel, cmd.plan, io)
    let timedOut = false
    // The last resort when a stopped command's channel never closes (the host stopped answering).
    const stopper = new ChannelStopper(channel, () => {
      cleanup()
      reject(new ChannelLostError('the host stopped answering while a command was being stopped'))
    })
    const timer = io.timeoutMs ? setTimeout(() => ((timedOut = true), stopper.stop()), io.timeoutMs) : undefined
    const onAbort = (): void => stopper.stop()
    io.signal?.addEventListener('abort', onAbort, { once: true })
    if (io.signal?.aborted) stopper.stop()

    function cleanup(): void {
      if (timer) clearTimeout(timer)
      stopper.cancel()
      io.signal?.removeEventListener('abort', onAbort)
    }
    channel.once('close', () => {
      cleanup()
      if (io.signal?.aborted) return reject(abortError(io.signal))
      if (!output.exit && !stopper.stopping) return reject(new ChannelLostError())
      if (output.becomeRejected) return reject(incorrectBecomePassword(cmd.becomeMethod))
      const result = output.result(timedOut)
      if (result.rc === 1 && result.stderr.toString() === `${CWD_FAILED}\n`) {
        return reject(new TsplayError(`cannot change directory to ${cmd.cwd}: no such directory`))
      }
      resolve(result)
    })
  })
}

/** What a command's channel produced: stdout, stderr without become prompts, exit status. */
class ChannelOutput {
  exit?: { code?: number; signal?: string }
  private readonly stdout: Buffer[] = []
  private readonly stderr: Buffer[] = []
  private readonly handshake?: BecomeHandshake
  /** The password was asked for again: it was wrong. */
  becomeRejected = false

  constructor(channel: ClientChannel, plan: BecomePlan | undefined, io: RemoteIo) {
    // With a become password, stdin waits until sudo has taken the password and the command runs.
    if (plan?.password !== undefined) {
      this.handshake = new BecomeHandshake(plan, {
        sendPassword: () => channel.write(`${plan.password}\n`),
        started: () => channel.end(io.stdin ?? ''),
        rejected: () => {
          this.becomeRejected = true
          channel.end()
        },
      })
    } else {
      channel.end(io.stdin ?? '')
    }
    channel.on('data', (chunk: Buffer) => {
      this.stdout.push(chunk)
      io.onStdout?.(chunk)
    })
    channel.stderr.on('data', (chunk: Buffer) => this.stderr.push(this.handshake ? this.handshake.feed(chunk) : chunk))
    channel.on('exit', (code: number | null, signalName?: string) => {
      // ssh2 names signals as Node does (SIGTERM); the protocol itself says TERM.
      this.exit = code === null || code === undefined ? { signal: signalName?.startsWith('SIG') ? signalName : `SIG${signalName ?? 'KILL'}` } : { code }
    })
  }

  /** A channel we had to close ourselves reports no status: the command was killed. */
  result(timedOut: boolean): RawResult {
    const exit = this.exit ?? { signal: 'SIGKILL' }
    const stderr = Buffer.concat(this.handshake ? [...this.stderr, this.handshake.flush()] : this.stderr)
    const result: RawResult = { rc: exit.code ?? 128 + signalNumber(exit.signal!), stdout: Buffer.concat(this.stdout), stderr }
    if (exit.signal) result.signal = exit.signal
    if (timedOut) result.timedOut = true
    return result
  }
}

/**
 * TERM now, KILL after the grace period, then close the channel if the command still
 * holds it; if even the close is not answered, give up on the channel.
 */
class ChannelStopper {
  stopping = false
  private timers: NodeJS.Timeout[] = []

  constructor(private readonly channel: ClientChannel, private readonly giveUp: () => void) {}

  stop(): void {
    if (this.stopping) return
    this.stopping = true
    this.send('TERM')
    this.timers.push(setTimeout(() => this.send('KILL'), KILL_GRACE_MS))
    this.timers.push(setTimeout(() => this.channel.close(), KILL_GRACE_MS + 1000))
    this.timers.push(setTimeout(this.giveUp, STOP_GRACE_MS))
  }

  cancel(): void {
    for (const t of this.timers) clearTimeout(t)
  }

  private send(name: string): void {
    try {
      sendSignal(this.channel, name)
    } catch {
      // the channel is already closing
    }
  }
}

interface ChannelInternals {
  outgoing?: { id: number; state: string }
  _client?: { _protocol?: { signal(id: number, name: string): void } }
}

/**
 * ssh2's channel.signal() does nothing once stdin has been closed, although the
 * protocol (and sshd) accept signals until the channel closes; every command here has
 * its stdin closed. So the request goes out one level down, through ssh2's protocol
 * object; test/ssh/exec.test.ts fails if a new ssh2 changes that.
 */
function sendSignal(channel: ClientChannel, name: string): void {
  const { outgoing, _client } = channel as unknown as ChannelInternals
  const protocol = _client?._protocol
  if (outgoing && protocol && (outgoing.state === 'open' || outgoing.state === 'eof')) protocol.signal(outgoing.id, name)
  else channel.signal(name)
}

/** Targets are Linux, like this machine: the same signal numbers. */
function signalNumber(name: string): number {
  return (osConstants.signals as Record<string, number>)[name] ?? 0
}

/** Decodes streamed stdout bytes into text without splitting UTF-8 sequences. */
export function textStream(onText: ((text: string) => void) | undefined): ((chunk: Buffer) => void) | undefined {
  if (!onText) return undefined
  const decoder = new StringDecoder('utf8')
  return (chunk) => {
    const text = decoder.write(chunk)
    if (text) onText(text)
  }
}
