// Privilege escalation, shared by the local and ssh connections: turn an argv into
// the sudo / su command that runs it as another user, and watch stderr for the
// password prompt. Values are only ever quoted by shellQuote/shellJoin.
import { randomBytes } from 'node:crypto'
import { TsplayError } from '../errors.js'
import { shellJoin, shellQuote, type BecomeSpec } from './connection.js'

/** Ansible's default become_flags for sudo. */
export const DEFAULT_SUDO_FLAGS = '-H -S -n'
/** su starts a login shell of the become user unless flags say otherwise. */
export const DEFAULT_SU_FLAGS = '-'

export interface BecomePlan {
  /** The command to start instead of the original argv. */
  argv: string[]
  /** Set when a password must be answered: it is sent on stdin when `prompt` shows on stderr. */
  password?: string
  prompt?: string
  /** Printed on stderr by the wrapped command once it really starts (the password was accepted). */
  marker?: string
  /** The command changes to the working folder itself (a login shell starts in the user's home). */
  cwdInside?: boolean
}

export interface BecomeContext {
  env?: Record<string, string>
  cwd?: string
}

/** The user a connection runs as, to skip become when it would change nothing. */
export interface CurrentUser {
  name: string
  uid: number
}

export function becomeIsNoop(spec: BecomeSpec, current: CurrentUser): boolean {
  return spec.user === current.name || spec.user === String(current.uid) || spec.user === `#${current.uid}`
}

export function planBecome(argv: string[], spec: BecomeSpec, ctx: BecomeContext = {}): BecomePlan {
  switch (spec.method) {
    case 'sudo':
      return planSudo(withEnv(argv, ctx.env), spec)
    case 'su':
      return planSu(withEnv(argv, ctx.env), spec, ctx.cwd)
    default:
      throw new TsplayError(`unsupported become method '${String((spec as { method: unknown }).method)}'`, {
        hint: 'tsplay supports become_method sudo and su',
      })
  }
}

/** sudo and `su -` reset the environment, so variables travel inside the command. */
function withEnv(argv: string[], env: Record<string, string> | undefined): string[] {
  const pairs = Object.entries(env ?? {}).map(([k, v]) => `${k}=${v}`)
  return pairs.length ? ['env', ...pairs, ...argv] : argv
}

function planSudo(inner: string[], spec: BecomeSpec): BecomePlan {
  const flags = splitFlags(spec.flags ?? DEFAULT_SUDO_FLAGS)
  if (spec.password === undefined) return { argv: ['sudo', ...flags, '-u', spec.user, '--', ...inner] }
  const { prompt, marker } = handshakeStrings('sudo')
  // -n would refuse to ask; -S reads the answer from stdin; -p makes the prompt recognisable.
  const passwordFlags = [...flags.filter((f) => f !== '-n'), ...(flags.includes('-S') ? [] : ['-S']), '-p', prompt]
  return {
    argv: ['sudo', ...passwordFlags, '-u', spec.user, '--', 'sh', '-c', `echo ${marker} >&2; exec "$@"`, 'sh', ...inner],
    password: spec.password,
    prompt,
    marker,
  }
}

function planSu(inner: string[], spec: BecomeSpec, cwd: string | undefined): BecomePlan {
  const flags = splitFlags(spec.flags ?? DEFAULT_SU_FLAGS)
  // A login shell starts in the user's home: change to the requested folder inside it.
  const cd = cwd ? `cd ${shellQuote(cwd)} && ` : ''
  if (spec.password === undefined) return { argv: ['su', ...flags, spec.user, '-c', `${cd}exec ${shellJoin(inner)}`], cwdInside: true }
  const { marker } = handshakeStrings('su')
  return {
    argv: ['su', ...flags, spec.user, '-c', `echo ${marker} >&2; ${cd}exec ${shellJoin(inner)}`],
    password: spec.password,
    // su prints its own (localised) prompt on the terminal; callers that can answer it use a pty.
    marker,
    cwdInside: true,
  }
}

function splitFlags(flags: string): string[] {
  return flags.split(/\s+/).filter(Boolean)
}

function handshakeStrings(method: string): { prompt: string; marker: string } {
  const key = randomBytes(12).toString('hex')
  return { prompt: `[${method} via tsplay, key=${key}] password:`, marker: `BECOME-SUCCESS-${key}` }
}

/** The password was asked for again: wrong. Ansible fails the task with this message, not sudo's output. */
export function incorrectBecomePassword(method: string | undefined): TsplayError {
  return new TsplayError(`Incorrect ${method ?? 'sudo'} password`)
}

export interface HandshakeHooks {
  /** Write the password (and a newline) to the process's stdin. */
  sendPassword(): void
  /** The command started: its own stdin may be written now. */
  started(): void
  /** The prompt came back after the password was sent. */
  rejected(): void
}

/**
 * Follows sudo's stderr until the wrapped command announces itself: answers the
 * password prompt once, and removes prompts and the marker from what the user sees.
 */
export class BecomeHandshake {
  private pending = Buffer.alloc(0)
  private passwordSent = false
  private isStarted = false

  constructor(private readonly plan: BecomePlan, private readonly hooks: HandshakeHooks) {}

  get hasStarted(): boolean {
    return this.isStarted
  }

  /** Feed a chunk of stderr; returns the bytes that belong to the real stderr. */
  feed(chunk: Buffer): Buffer {
    if (this.isStarted) return chunk
    this.pending = Buffer.concat([this.pending, chunk])
    this.answerPrompts()
    const marker = this.plan.marker ? Buffer.from(`${this.plan.marker}\n`) : undefined
    const at = marker ? this.pending.indexOf(marker) : -1
    if (at < 0 || !marker) return Buffer.alloc(0)
    const out = Buffer.concat([this.pending.subarray(0, at), this.pending.subarray(at + marker.length)])
    this.pending = Buffer.alloc(0)
    this.isStarted = true
    this.hooks.started()
    return out
  }

  /** What is still held back when the process ends (sudo's error messages). */
  flush(): Buffer {
    const rest = this.pending
    this.pending = Buffer.alloc(0)
    return rest
  }

  private answerPrompts(): void {
    const prompt = this.plan.prompt
    if (!prompt) return
    let at: number
    while ((at = this.pending.indexOf(prompt)) >= 0) {
      this.pending = Buffer.concat([this.pending.subarray(0, at), this.pending.subarray(at + Buffer.byteLength(prompt))])
      if (this.passwordSent) this.hooks.rejected()
      else {
        this.passwordSent = true
        this.hooks.sendPassword()
      }
    }
  }
}
