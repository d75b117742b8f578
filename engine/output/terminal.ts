// The screen: messages to stdout/stderr, coloured when asked, and one live status line
// at the bottom (on a terminal only) that is wiped before any normal line is written.
import type { Writable } from 'node:stream'
import { stringc, type ColorName } from './colors.js'
import type { DisplaySink } from './display.js'

export interface TerminalOptions {
  out: Writable
  /** Where warnings go; the same stream as `out` when not given. */
  err?: Writable
  /** Colours; default: only when `out` is a TTY. */
  color?: boolean
  /** Width; default: the TTY's width, 80 columns when not a TTY (Ansible's rule). */
  columns?: number
}

const CLEAR_LINE = '\r\x1b[K'

export class TerminalSink implements DisplaySink {
  readonly kind = 'screen' as const
  readonly columns: number
  readonly color: boolean
  /** Only a terminal can redraw a line in place. */
  readonly isTTY: boolean
  private readonly out: Writable
  private readonly err: Writable
  private status: string | undefined

  constructor(opts: TerminalOptions) {
    this.out = opts.out
    this.err = opts.err ?? opts.out
    this.isTTY = isTTY(opts.out)
    this.color = opts.color ?? this.isTTY
    const ttyWidth = this.isTTY ? ((opts.out as { columns?: number }).columns ?? 0) : 0
    this.columns = opts.columns ?? Math.max(79, ttyWidth - 1)
  }

  write(msg: string, opts: { color?: ColorName; stderr?: boolean }): void {
    // One trailing newline is the message's own; exactly one is written after it.
    const body = msg.endsWith('\n') ? msg.slice(0, -1) : msg
    const text = (opts.color ? stringc(body, opts.color, this.color) : body) + '\n'
    const redraw = this.status
    if (redraw !== undefined) this.clearStatus()
    ;(opts.stderr ? this.err : this.out).write(text)
    if (redraw !== undefined) this.showStatus(redraw)
  }

  /** Draw (or replace) the live status line; ignored when not a terminal. */
  showStatus(text: string): void {
    if (!this.isTTY) return
    const line = truncate(text, this.columns)
    this.out.write((this.status !== undefined ? CLEAR_LINE : '') + line)
    this.status = line
  }

  clearStatus(): void {
    if (this.status === undefined) return
    this.out.write(CLEAR_LINE)
    this.status = undefined
  }
}

function isTTY(stream: Writable): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true
}

function truncate(text: string, columns: number): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ')
  return oneLine.length > columns ? oneLine.slice(0, columns - 1) + '…' : oneLine
}
