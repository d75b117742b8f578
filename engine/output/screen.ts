// Ansible 2.14's `default` stdout callback: banners, one line per host result, the
// recap. The same formatter writes the screen (TerminalSink) and the log file
// (LogSink); what differs between them is decided by the Display and its sink.
import { basename } from 'node:path'
import type {
  AsyncEvent, CustomStats, DeprecationInfo, HostCounts, HostResultEvent, IncludedEvent, PlayInfo, RetryEvent, RunReporter, TaskInfo,
} from './events.js'
import { Colors, colorizeCount, recapHost } from './colors.js'
import type { Display } from './display.js'
import { formatDiffs } from './diff.js'
import { dumpResult, type ResultFormat } from './dump.js'
import type { ProgressDisplay } from './progress.js'
import { pythonStr } from './pyrepr.js'
import { cleanResult, isPlainObject, wantsNoLog, type Result } from './redact.js'
import { compareCodePoints } from './pyjson.js'
import { hostLabel, isIncludeAction, pythonTruthy, showsVerbose, tidyDebugResult } from './results.js'

const INCLUDE_ACTIONS = new Set(['include_tasks', 'include_role'])

/** The default callback's options (ansible.cfg [defaults] keys of the same names). */
export interface ScreenOptions {
  verbosity: number
  /** --diff */
  diff?: boolean
  /** --check: "DRY RUN" banners when checkModeMarkers is on. */
  check?: boolean
  displaySkippedHosts?: boolean
  displayOkHosts?: boolean
  displayFailedStderr?: boolean
  showCustomStats?: boolean
  checkModeMarkers?: boolean
  showTaskPathOnFailure?: boolean
  /** action_warnings: show warnings modules return (on by default). */
  actionWarnings?: boolean
  resultFormat?: ResultFormat
  prettyResults?: boolean
  diffContext?: number
  /** deprecation_warnings */
  deprecationWarnings?: boolean
}

const INTERLEAVING_STRATEGIES = new Set(['free', 'host_pinned', 'ansible.builtin.free', 'ansible.builtin.host_pinned'])

export class ScreenReporter implements RunReporter {
  private play: PlayInfo | undefined
  private lastBannerTaskId: string | undefined
  private lastTaskName: string | undefined

  constructor(
    private readonly display: Display,
    private readonly opts: ScreenOptions,
    private readonly live?: ProgressDisplay,
  ) {}

  playbookStart(file: string): void {
    this.live?.quiet()
    if (this.opts.verbosity > 1) this.display.banner(`PLAYBOOK: ${basename(file)}`)
    if (this.opts.check && this.opts.checkModeMarkers) this.display.banner('DRY RUN')
  }

  playStart(play: PlayInfo): void {
    this.live?.idle()
    this.play = play
    const name = (play.name || play.hosts).trim()
    const check = play.checkMode && this.opts.checkModeMarkers ? ' [CHECK MODE]' : ''
    this.display.banner(name ? `PLAY [${name}]${check}` : `PLAY${check}`)
  }

  taskStart(task: TaskInfo): void {
    this.live?.taskStart(task)
    // Interleaving strategies print results of many tasks at once: each banner names its own task.
    this.lastTaskName = INTERLEAVING_STRATEGIES.has(this.play?.strategy ?? '') ? undefined : task.name.trim()
    if (this.showSkipped && this.showOk) this.printTaskBanner(task)
  }

  hostStart(host: string, _task: TaskInfo): void {
    this.live?.hostStart(host)
  }

  hostResult(ev: HostResultEvent): void {
    this.live?.quiet()
    // A dynamic include shows its banner and "included: FILE for HOSTS", not ok lines (Ansible's TaskInclude rule).
    if (INCLUDE_ACTIONS.has(ev.task.action) && ev.status === 'ok') return this.ensureBanner(ev.task)
    if (ev.itemLabel !== undefined) this.itemResult(ev)
    else this.taskResult(ev, false)
  }

  loopDone(ev: HostResultEvent): void {
    this.live?.quiet()
    if (INCLUDE_ACTIONS.has(ev.task.action) && ev.status === 'ok') return this.ensureBanner(ev.task)
    this.taskResult(ev, true)
  }

  retry(ev: RetryEvent): void {
    this.live?.quiet()
    const result = cleanResult(ev.result, ev.task.action, ev.task.noLog)
    let msg = `FAILED - RETRYING: [${hostLabel(ev.host, ev.delegatedTo, ev.result)}]: ${ev.task.name} (${ev.retriesLeft} retries left).`
    if (showsVerbose(result, this.opts.verbosity, 2)) msg += `Result was: ${this.dump(result)}`
    this.display.display(msg, { color: Colors.debug })
  }

  /** The default callback's v2_runner_on_async_poll/ok/failed lines. */
  asyncJob(ev: AsyncEvent): void {
    this.live?.quiet()
    this.ensureBanner(ev.task)
    const what = ev.state === 'poll' ? `ASYNC POLL on ${ev.host}: jid=${ev.jid} started=1 finished=0` : `ASYNC ${ev.state === 'ok' ? 'OK' : 'FAILED'} on ${ev.host}: jid=${ev.jid}`
    this.display.display(what, { color: Colors.debug })
  }

  included(ev: IncludedEvent): void {
    this.live?.quiet()
    let msg = `included: ${ev.file} for ${ev.hosts.join(', ')}`
    if (pythonTruthy(ev.itemLabel)) msg += ` => (item=${pythonStr(ev.itemLabel)})`
    this.display.display(msg, { color: Colors.skip })
  }

  handlerNotified(handler: string, host: string): void {
    if (this.opts.verbosity < 2) return
    this.live?.quiet()
    this.display.display(`NOTIFIED HANDLER ${handler} for ${host}`, { color: Colors.verbose, screenOnly: true })
  }

  noHostsMatched(_play: PlayInfo): void {
    this.display.display('skipping: no hosts matched', { color: Colors.skip })
  }

  noHostsRemaining(): void {
    this.live?.idle()
    this.display.banner('NO MORE HOSTS LEFT')
  }

  progress(host: string, _task: TaskInfo, line: string): void {
    this.live?.line(host, line)
  }

  warning(msg: string): void {
    this.live?.quiet()
    this.display.warning(msg)
  }

  deprecation(msg: string, opts?: DeprecationInfo): void {
    this.live?.quiet()
    this.display.deprecated(msg, opts)
  }

  verbose(msg: string, level: number, host?: string): void {
    if (this.opts.verbosity < level) return
    this.live?.quiet()
    this.display.verbose(msg, level, host)
  }

  recap(stats: Map<string, HostCounts>, custom?: CustomStats): void {
    this.live?.idle()
    this.display.banner('PLAY RECAP')
    for (const host of [...stats.keys()].sort(compareCodePoints)) {
      const counts = stats.get(host)!
      this.display.display(recapLine(host, counts, this.display.color), { screenOnly: true })
      this.display.display(recapLine(host, counts, false), { logOnly: true })
    }
    this.display.display('', { screenOnly: true })
    if (custom && Object.keys(custom).length > 0 && this.opts.showCustomStats) this.printCustomStats(custom)
    if (this.opts.check && this.opts.checkModeMarkers) this.display.banner('DRY RUN')
  }

  async close(): Promise<void> {
    this.live?.stop()
  }

  private get showOk(): boolean {
    return this.opts.displayOkHosts ?? true
  }

  private get showSkipped(): boolean {
    return this.opts.displaySkippedHosts ?? true
  }

  /** One result of a task (or a loop's aggregate, `loop` true), as v2_runner_on_* print it. */
  private taskResult(ev: HostResultEvent, loop: boolean): void {
    this.live?.hostDone(ev.host)
    const result = this.cleaned(ev)
    if (ev.status === 'unreachable') return this.onUnreachable(ev, result)
    const isLoop = loop && 'results' in result
    if (isLoop) delete result.results // the items were printed one by one already
    switch (ev.status) {
      case 'failed': return this.onFailed(ev, result, isLoop)
      case 'skipped': return this.onSkipped(ev, result)
      default: return this.onOk(ev, result, isLoop)
    }
  }

  private onFailed(ev: HostResultEvent, result: Result, isLoop: boolean): void {
    tidyDebugResult(result, ev.task.action)
    this.ensureBanner(ev.task)
    this.showException(result)
    this.showWarnings(result)
    if (!isLoop) {
      if (this.opts.verbosity < 2 && this.opts.showTaskPathOnFailure) this.printTaskPath(ev.task)
      const label = hostLabel(ev.host, ev.delegatedTo, ev.result)
      this.display.display(`fatal: [${label}]: FAILED! => ${this.dump(result)}`, { color: Colors.error, stderr: this.opts.displayFailedStderr })
    }
    if (ev.ignored) this.display.display('...ignoring', { color: Colors.skip })
  }

  private onUnreachable(ev: HostResultEvent, result: Result): void {
    this.ensureBanner(ev.task)
    const label = hostLabel(ev.host, ev.delegatedTo, ev.result)
    this.display.display(`fatal: [${label}]: UNREACHABLE! => ${this.dump(result)}`, { color: Colors.unreachable, stderr: this.opts.displayFailedStderr })
    if (ev.ignored) this.display.display('...ignoring', { color: Colors.skip })
  }

  private onSkipped(ev: HostResultEvent, result: Result): void {
    if (!this.showSkipped) return
    tidyDebugResult(result, ev.task.action)
    this.ensureBanner(ev.task)
    let msg = `skipping: [${ev.host}]`
    if (showsVerbose(result, this.opts.verbosity)) msg += ` => ${this.dump(result)}`
    this.display.display(msg, { color: Colors.skip })
  }

  private onOk(ev: HostResultEvent, result: Result, isLoop: boolean): void {
    if (isIncludeAction(ev.task.action)) {
      this.ensureBanner(ev.task)
      return
    }
    const changed = ev.status === 'changed'
    if (!changed && !this.showOk) return
    this.showDiff(ev, changed)
    this.ensureBanner(ev.task)
    let msg = `${changed ? 'changed' : 'ok'}: [${hostLabel(ev.host, ev.delegatedTo, ev.result)}]`
    this.showWarnings(result)
    if (isLoop) return
    tidyDebugResult(result, ev.task.action)
    if (showsVerbose(result, this.opts.verbosity)) msg += ` => ${this.dump(result)}`
    this.display.display(msg, { color: changed ? Colors.changed : Colors.ok })
  }

  /** One loop item, as v2_runner_item_on_* print it. */
  private itemResult(ev: HostResultEvent): void {
    const result = this.cleaned(ev)
    const item = pythonStr(itemLabelOf(result, ev))
    const label = hostLabel(ev.host, ev.delegatedTo, ev.result)
    if (ev.status === 'failed' || ev.status === 'unreachable') {
      this.ensureBanner(ev.task)
      tidyDebugResult(result, ev.task.action)
      this.showException(result)
      this.showWarnings(result)
      this.display.display(`failed: [${label}] (item=${item}) => ${this.dump(result)}`, { color: Colors.error, stderr: this.opts.displayFailedStderr })
      return
    }
    if (ev.status === 'skipped') {
      if (!this.showSkipped) return
      this.ensureBanner(ev.task)
      tidyDebugResult(result, ev.task.action)
      let msg = `skipping: [${ev.host}] => (item=${item}) `
      if (showsVerbose(result, this.opts.verbosity)) msg += ` => ${this.dump(result)}`
      this.display.display(msg, { color: Colors.skip })
      return
    }
    if (isIncludeAction(ev.task.action)) return
    const changed = ev.status === 'changed'
    if (!changed && !this.showOk) return
    this.showDiff(ev, changed)
    this.ensureBanner(ev.task)
    let msg = `${changed ? 'changed' : 'ok'}: [${label}] => (item=${item})`
    tidyDebugResult(result, ev.task.action)
    if (showsVerbose(result, this.opts.verbosity)) msg += ` => ${this.dump(result)}`
    this.display.display(msg, { color: changed ? Colors.changed : Colors.ok })
  }

  private cleaned(ev: HostResultEvent): Result {
    const result = cleanResult(ev.result, ev.task.action, ev.task.noLog)
    // debug and assert always show their data; the executor should mark them as Ansible's actions do.
    if (result._ansible_verbose_always === undefined && ev.status !== 'skipped' && ALWAYS_VERBOSE_ACTIONS.has(ev.task.action) && !('censored' in result)) {
      result._ansible_verbose_always = true
    }
    return result
  }

  private showDiff(ev: HostResultEvent, changed: boolean): void {
    if (!changed || !(this.opts.diff || ev.task.diffMode)) return
    // Ansible censors the result before the diff callback sees it: no_log shows no diff.
    if (wantsNoLog(ev.result, ev.task.noLog)) return
    const diffs = ev.diff ?? ev.result.diff
    if (!diffs || (Array.isArray(diffs) && diffs.length === 0)) return
    const text = formatDiffs(diffs, { color: this.display.color, context: this.opts.diffContext })
    if (!text) return
    this.ensureBanner(ev.task)
    this.display.display(text)
  }

  private showException(result: Result): void {
    if (!('exception' in result)) return
    const exception = String(result.exception)
    let msg: string
    if (this.opts.verbosity < 3) {
      const lines = exception.trim().split('\n')
      msg = `An exception occurred during task execution. To see the full traceback, use -vvv. The error was: ${lines[lines.length - 1]}`
    } else {
      msg = `The full traceback is:\n${exception}`
      delete result.exception
    }
    this.display.display(msg, { color: Colors.error, stderr: this.opts.displayFailedStderr })
  }

  private showWarnings(result: Result): void {
    if (this.opts.actionWarnings === false) return
    if (Array.isArray(result.warnings) && result.warnings.length > 0) {
      for (const warning of result.warnings) this.display.warning(String(warning))
    }
    delete result.warnings
    if (Array.isArray(result.deprecations) && result.deprecations.length > 0) {
      for (const dep of result.deprecations) this.showDeprecation(dep)
    }
    delete result.deprecations
  }

  private showDeprecation(dep: unknown): void {
    if (!isPlainObject(dep)) return this.display.deprecated(String(dep))
    const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v))
    this.display.deprecated(String(dep.msg ?? ''), { version: str(dep.version), date: str(dep.date), collectionName: str(dep.collection_name) })
  }

  private ensureBanner(task: TaskInfo): void {
    if (this.lastBannerTaskId !== task.id) this.printTaskBanner(task)
  }

  private printTaskBanner(task: TaskInfo): void {
    const prefix = task.isHandler ? 'RUNNING HANDLER' : 'TASK'
    const name = this.lastTaskName ?? task.name.trim()
    const check = task.checkMode && this.opts.checkModeMarkers ? ' [CHECK MODE]' : ''
    this.display.banner(`${prefix} [${name}]${check}`)
    if (this.opts.verbosity >= 2) this.printTaskPath(task)
    this.lastBannerTaskId = task.id
  }

  private printTaskPath(task: TaskInfo): void {
    if (task.pos) this.display.display(`task path: ${task.pos.file}:${task.pos.line}`, { color: Colors.debug })
  }

  private printCustomStats(custom: CustomStats): void {
    this.display.banner('CUSTOM STATS: ')
    const oneLine = (value: Result) => this.dump(value, 1).replace(/\n/g, '')
    for (const host of Object.keys(custom).sort(compareCodePoints)) {
      if (host !== '_run') this.display.display(`\t${host}: ${oneLine(custom[host])}`)
    }
    if ('_run' in custom) {
      this.display.display('', { screenOnly: true })
      this.display.display(`\tRUN: ${oneLine(custom._run)}`)
    }
    this.display.display('', { screenOnly: true })
  }

  private dump(result: Result, indent?: number): string {
    return dumpResult(result, { verbosity: this.opts.verbosity, format: this.opts.resultFormat, pretty: this.opts.prettyResults, indent })
  }
}

const ALWAYS_VERBOSE_ACTIONS = new Set(['debug', 'ansible.builtin.debug', 'ansible.legacy.debug', 'assert', 'ansible.builtin.assert', 'ansible.legacy.assert'])

/** The label Ansible prints as (item=…): none survives censoring, so a no_log item shows "None". */
function itemLabelOf(result: Result, ev: HostResultEvent): unknown {
  if (result._ansible_no_log === true) return '(censored due to no_log)'
  if ('censored' in result) return undefined
  if (ev.itemLabel !== undefined) return ev.itemLabel
  return '_ansible_item_label' in result ? result._ansible_item_label : result.item
}

function recapLine(host: string, c: HostCounts, color: boolean): string {
  return [
    recapHost(host, c, color),
    ':',
    colorizeCount('ok', c.ok, color ? Colors.ok : undefined, color),
    colorizeCount('changed', c.changed, color ? Colors.changed : undefined, color),
    colorizeCount('unreachable', c.unreachable, color ? Colors.unreachable : undefined, color),
    colorizeCount('failed', c.failed, color ? Colors.error : undefined, color),
    colorizeCount('skipped', c.skipped, color ? Colors.skip : undefined, color),
    colorizeCount('rescued', c.rescued, color ? Colors.ok : undefined, color),
    colorizeCount('ignored', c.ignored, color ? Colors.warn : undefined, color),
  ].join(' ')
}
