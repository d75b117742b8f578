// The `json` stdout callback (ansible.posix.json): nothing during the run, then one
// JSON document with every play, task and host result, the stats and custom stats.
// Warnings and -v messages go to stderr so stdout stays parseable.
import type { Writable } from 'node:stream'
import type {
  CustomStats, DeprecationInfo, HostCounts, HostResultEvent, PlayInfo, RunReporter, TaskInfo,
} from './events.js'
import type { Display } from './display.js'
import { pythonJson } from './pyjson.js'
import { cleanResult, type Result } from './redact.js'

export interface JsonReporterOptions {
  out: Writable
  /** Warnings and -v messages (written as on the screen, without colour). */
  messages: Display
  /** set_stats output is included only when show_custom_stats is on, as in Ansible. */
  showCustomStats?: boolean
  /** Spaces of indentation; 0 = one line (json_indent). */
  indent?: number
  /** Clock for the duration stamps in epoch milliseconds, fractions allowed (tests pin it). */
  now?: () => number
}

interface Duration { start: string; end?: string }
interface TaskEntry { task: { name: string; id: string; path: string; duration: Duration }; hosts: Record<string, Result> }
interface PlayEntry { play: { name: string; id: string; path: string; duration: Duration }; tasks: TaskEntry[] }

export class JsonReporter implements RunReporter {
  private readonly plays: PlayEntry[] = []
  /** The entry of each task id in the current play, so interleaved (free) results land right. */
  private readonly tasks = new Map<string, TaskEntry>()
  private readonly now: () => number

  constructor(private readonly opts: JsonReporterOptions) {
    this.now = opts.now ?? preciseNow
  }

  playbookStart(_file: string): void {}

  playStart(play: PlayInfo): void {
    this.tasks.clear()
    this.plays.push({
      play: { name: play.name || play.hosts, id: play.id, path: posPath(play.pos), duration: { start: this.stamp() } },
      tasks: [],
    })
  }

  taskStart(task: TaskInfo): void {
    const entry: TaskEntry = {
      task: { name: task.name, id: task.id, path: posPath(task.pos), duration: { start: this.stamp() } },
      hosts: {},
    }
    this.tasks.set(task.id, entry)
    this.currentPlay()?.tasks.push(entry)
  }

  hostResult(ev: HostResultEvent): void {
    // Loop items are reported again, all together, in the aggregate of loopDone.
    if (ev.itemLabel === undefined) this.record(ev)
  }

  loopDone(ev: HostResultEvent): void {
    this.record(ev)
  }

  noHostsMatched(_play: PlayInfo): void {}
  noHostsRemaining(): void {}
  progress(_host: string, _task: TaskInfo, _line: string): void {}

  warning(msg: string): void {
    this.opts.messages.warning(msg)
  }

  deprecation(msg: string, opts?: DeprecationInfo): void {
    this.opts.messages.deprecated(msg, opts)
  }

  verbose(msg: string, level: number, host?: string): void {
    this.opts.messages.verbose(msg, level, host)
  }

  recap(stats: Map<string, HostCounts>, custom: CustomStats = {}): void {
    const summary: Record<string, Record<string, number>> = {}
    for (const [host, c] of stats) {
      summary[host] = {
        changed: c.changed, failures: c.failed, ignored: c.ignored, ok: c.ok,
        rescued: c.rescued, skipped: c.skipped, unreachable: c.unreachable,
      }
    }
    const perHost: CustomStats = this.opts.showCustomStats ? { ...custom } : {}
    const runWide = perHost._run ?? {}
    delete perHost._run
    const doc = { plays: this.plays, stats: summary, custom_stats: perHost, global_custom_stats: runWide }
    const indent = this.opts.indent ?? 4
    this.opts.out.write(pythonJson(doc, { indent: indent > 0 ? indent : undefined, sortKeys: true }) + '\n')
  }

  async close(): Promise<void> {}

  private record(ev: HostResultEvent): void {
    const entry = this.tasks.get(ev.task.id)
    if (!entry) return
    const result: Result = cleanResult(ev.result, ev.task.action, ev.task.noLog)
    // Restore what the event type says, as the json callback does.
    if (ev.status === 'failed') result.failed = true
    if (ev.status === 'skipped') result.skipped = true
    result.action = ev.task.action
    entry.hosts[ev.host] = result
    const end = this.stamp()
    entry.task.duration.end = end
    const play = this.currentPlay()
    if (play) play.play.duration.end = end
  }

  private currentPlay(): PlayEntry | undefined {
    return this.plays[this.plays.length - 1]
  }

  private stamp(): string {
    return isoMicros(this.now())
  }
}

/** Python's utcnow().isoformat() + "Z": microseconds, as Ansible writes them. */
export function isoMicros(epochMs: number): string {
  const whole = Math.floor(epochMs)
  const micros = String(Math.floor((epochMs - whole) * 1000)).padStart(3, '0')
  return new Date(whole).toISOString().replace(/Z$/, `${micros}Z`)
}

function posPath(pos: { file: string; line: number } | undefined): string {
  return pos ? `${pos.file}:${pos.line}` : ''
}

/** Wall-clock time with the sub-millisecond part of the monotonic clock. */
function preciseNow(): number {
  return performance.timeOrigin + performance.now()
}
