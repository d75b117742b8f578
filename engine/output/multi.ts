// Several outputs at once (screen + log file, JSON + log file): every event goes to
// each reporter in order. A reporter that throws does not starve the others.
import type {
  AsyncEvent, CustomStats, DeprecationInfo, HostCounts, HostResultEvent, IncludedEvent, PlayInfo, RetryEvent, RunReporter, TaskInfo,
} from './events.js'

export class MultiReporter implements RunReporter {
  constructor(private readonly reporters: RunReporter[]) {}

  playbookStart(file: string): void { this.each((r) => r.playbookStart(file)) }
  playStart(play: PlayInfo): void { this.each((r) => r.playStart(play)) }
  taskStart(task: TaskInfo): void { this.each((r) => r.taskStart(task)) }
  hostResult(ev: HostResultEvent): void { this.each((r) => r.hostResult(ev)) }
  loopDone(ev: HostResultEvent): void { this.each((r) => r.loopDone?.(ev)) }
  hostStart(host: string, task: TaskInfo): void { this.each((r) => r.hostStart?.(host, task)) }
  retry(ev: RetryEvent): void { this.each((r) => r.retry?.(ev)) }
  asyncJob(ev: AsyncEvent): void { this.each((r) => r.asyncJob?.(ev)) }
  included(ev: IncludedEvent): void { this.each((r) => r.included?.(ev)) }
  handlerNotified(handler: string, host: string): void { this.each((r) => r.handlerNotified?.(handler, host)) }
  noHostsMatched(play: PlayInfo): void { this.each((r) => r.noHostsMatched(play)) }
  noHostsRemaining(): void { this.each((r) => r.noHostsRemaining()) }
  progress(host: string, task: TaskInfo, line: string): void { this.each((r) => r.progress(host, task, line)) }
  warning(msg: string): void { this.each((r) => r.warning(msg)) }
  deprecation(msg: string, opts?: DeprecationInfo): void { this.each((r) => r.deprecation(msg, opts)) }
  verbose(msg: string, level: number, host?: string): void { this.each((r) => r.verbose(msg, level, host)) }
  recap(stats: Map<string, HostCounts>, custom?: CustomStats): void { this.each((r) => r.recap(stats, custom)) }

  async close(): Promise<void> {
    const outcomes = await Promise.allSettled(this.reporters.map((r) => r.close()))
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')
    if (failure) throw failure.reason
  }

  /** Call every reporter, then rethrow the first error: one broken output must not hide the others. */
  private each(call: (r: RunReporter) => void): void {
    let first: unknown
    let failed = false
    for (const reporter of this.reporters) {
      try {
        call(reporter)
      } catch (err) {
        if (!failed) first = err
        failed = true
      }
    }
    if (failed) throw first
  }
}
