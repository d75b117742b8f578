// Signs of life for long tasks (an undercloud install takes ~20 minutes). On a terminal:
// a status line, after 2 s without output, with the elapsed time, the hosts still
// running and the last line a module reported. Elsewhere (CI logs): one such line
// every 30 s. Neither reaches the log file.
import type { TaskInfo } from './events.js'
import type { TerminalSink } from './terminal.js'

export interface ProgressOptions {
  terminal: TerminalSink
  /** Writes a normal screen line (used when the screen is not a terminal). */
  writeLine: (text: string) => void
  now?: () => number
  /** Tick by a real 1 s timer; tests leave it off and call tick(). */
  timer?: boolean
  /** Quiet time before the status line appears on a terminal. */
  statusAfterMs?: number
  /** Interval of "still running" lines when not on a terminal. */
  reportEveryMs?: number
}

export class ProgressDisplay {
  private task: TaskInfo | undefined
  private taskStartedAt = 0
  private lastOutputAt = 0
  private nextReportAt = 0
  private readonly running = new Set<string>()
  /** The executor announces hosts (hostStart); without that we cannot tell who is still running. */
  private hostsAnnounced = false
  private lastLine: { host: string; text: string } | undefined
  private readonly now: () => number
  private readonly statusAfterMs: number
  private readonly reportEveryMs: number
  private readonly interval: NodeJS.Timeout | undefined

  constructor(private readonly opts: ProgressOptions) {
    this.now = opts.now ?? Date.now
    this.statusAfterMs = opts.statusAfterMs ?? 2_000
    this.reportEveryMs = opts.reportEveryMs ?? 30_000
    if (opts.timer) {
      this.interval = setInterval(() => this.tick(), 1_000)
      this.interval.unref()
    }
  }

  taskStart(task: TaskInfo): void {
    this.quiet()
    this.task = task
    this.taskStartedAt = this.now()
    this.nextReportAt = this.taskStartedAt + this.reportEveryMs
    this.running.clear()
    this.hostsAnnounced = false
    this.lastLine = undefined
  }

  hostStart(host: string): void {
    this.hostsAnnounced = true
    this.running.add(host)
  }

  hostDone(host: string): void {
    this.running.delete(host)
  }

  line(host: string, text: string): void {
    this.lastLine = { host, text: text.trim() }
    if (this.hostsAnnounced) this.running.add(host)
    if (this.statusVisible()) this.opts.terminal.showStatus(this.describe())
  }

  /** A normal line is about to be written: wipe the status line and restart the quiet time. */
  quiet(): void {
    this.opts.terminal.clearStatus()
    this.lastOutputAt = this.now()
  }

  /** No task is running any more (play over, recap). */
  idle(): void {
    this.quiet()
    this.task = undefined
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval)
    this.idle()
  }

  tick(): void {
    if (!this.task || (this.hostsAnnounced && this.running.size === 0)) {
      this.opts.terminal.clearStatus()
      return
    }
    const now = this.now()
    if (this.opts.terminal.isTTY) {
      if (this.statusVisible()) this.opts.terminal.showStatus(this.describe())
    } else if (now >= this.nextReportAt) {
      while (this.nextReportAt <= now) this.nextReportAt += this.reportEveryMs
      this.opts.writeLine(this.describe())
    }
  }

  private statusVisible(): boolean {
    if (!this.task || !this.opts.terminal.isTTY) return false
    const quietSince = Math.max(this.taskStartedAt, this.lastOutputAt)
    return this.now() - quietSince >= this.statusAfterMs
  }

  /** "  still running: [web1, web2 +3] install undercloud (12m05s) last: [web1] Configuring…" */
  describe(): string {
    const hosts = [...this.running]
    const shown = hosts.slice(0, 2).join(', ') + (hosts.length > 2 ? ` +${hosts.length - 2}` : '')
    let text = '  still running:'
    if (hosts.length > 0) text += ` [${shown}]`
    text += ` ${this.task?.name ?? ''} (${formatElapsed(this.now() - this.taskStartedAt)})`
    if (this.lastLine) {
      const who = hosts.length === 1 && hosts[0] === this.lastLine.host ? '' : `[${this.lastLine.host}] `
      text += ` last: ${who}${this.lastLine.text}`
    }
    return text
  }
}

/** 12s, 1m30s, 1h02m03s */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s`
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`
  return `${s}s`
}
