// `async` and `poll`, as ansible-core runs them. The module runs as a job with a time limit
// of `async` seconds; at the limit the job is stopped (its commands are signalled), as
// Ansible's async_wrapper kills it.
//   poll > 0: the task waits, "ASYNC POLL" for every `poll` seconds that pass unfinished,
//             "ASYNC OK" or "ASYNC FAILED" at the end, and fails when the limit passes.
//   poll 0:   the task returns at once with the job id; async_status asks about it later.
// Jobs live in this tsplay process (Ansible's run on as processes of the target): they run on
// across tasks and plays, and the run waits for the unfinished ones before it ends.
import { randomInt } from 'node:crypto'
import type { TaskResult } from './module-call.js'

export interface AsyncJob {
  jid: string
  host: string
  /** Where Ansible would keep the job's result on the target (reported, not written). */
  resultsFile: string
  /** Set when the module returned (or failed, or was stopped at the limit). */
  result?: TaskResult
  done: Promise<void>
}

/** Actions whose Ansible action plugin refuses async ("async is not supported for this task."). */
const NO_ASYNC = new Set([
  'add_host', 'assemble', 'assert', 'async_status', 'copy', 'debug', 'fail', 'fetch', 'group_by', 'include_vars',
  'pause', 'raw', 'script', 'set_fact', 'set_stats', 'template', 'unarchive', 'meta',
])

/** `action` is the short name the loader resolved (ansible.builtin.debug is debug). */
export function supportsAsync(action: string): boolean {
  return !NO_ASYNC.has(action)
}

/** A refusal as Ansible words it (an AnsibleActionFail, shown with its empty traceback). */
export function asyncRefusal(msg: string): TaskResult {
  return { failed: true, changed: false, msg, exception: 'NoneType: None\n' }
}

export type AsyncEvent = 'poll' | 'ok' | 'failed'

/** What async_status and the poll lines add to a job's result. */
function jobKeys(job: AsyncJob, finished: 0 | 1): TaskResult {
  return { ansible_job_id: job.jid, finished, results_file: job.resultsFile, started: 1 }
}

/** The output keys async_status always reports (the wrapper's captured streams). */
const STREAMS = { stderr: '', stderr_lines: [], stdout: '', stdout_lines: [] }

export class AsyncJobs {
  private readonly jobs = new Map<string, AsyncJob>()

  /** Starts `run` as a job stopped after `seconds`. */
  start(host: string, seconds: number, run: (signal: AbortSignal) => Promise<TaskResult>, runSignal: AbortSignal): AsyncJob {
    const jid = `j${randomInt(1e11, 1e12)}.${process.pid}`
    const job: AsyncJob = { jid, host, resultsFile: `~/.ansible_async/${jid}`, done: Promise.resolve() }
    const controller = new AbortController()
    const stop = () => controller.abort()
    runSignal.addEventListener('abort', stop, { once: true })
    const limit = setTimeout(stop, seconds * 1000)
    job.done = run(controller.signal)
      .then(
        (result) => void (job.result = controller.signal.aborted && !runSignal.aborted ? undefined : result),
        (err: Error) => void (job.result = controller.signal.aborted ? undefined : { failed: true, changed: false, msg: err.message }),
      )
      .finally(() => {
        clearTimeout(limit)
        runSignal.removeEventListener('abort', stop)
      })
    this.jobs.set(jid, job)
    return job
  }

  /**
   * poll > 0: waits for the job, `poll` seconds at a time, telling each unfinished period
   * to `event`; the result carries the job's keys, or says the limit passed.
   */
  async waitFor(job: AsyncJob, seconds: number, poll: number, event: (e: AsyncEvent) => void): Promise<TaskResult> {
    for (let left = seconds; left > 0; left -= poll) {
      // A job stopped at its limit has no result: that period ends unfinished too.
      const finished = await Promise.race([job.done.then(() => job.result !== undefined), sleep(poll * 1000).then(() => false)])
      if (finished) break
      event('poll')
    }
    if (job.result === undefined) {
      event('failed')
      return { failed: true, changed: false, msg: `async task did not complete within the requested time - ${seconds}s`, async_result: { ...jobKeys(job, 0), ...STREAMS } }
    }
    const result = { ...job.result, ...jobKeys(job, 1) }
    event(result.failed === true ? 'failed' : 'ok')
    return result
  }

  /** poll 0: the answer the task gets at once. */
  started(job: AsyncJob): TaskResult {
    return { ...jobKeys(job, 0), changed: true, failed: 0 }
  }

  /** async_status: the job's state now (its result once finished); cleanup forgets it. */
  status(jid: string, mode: 'status' | 'cleanup'): TaskResult {
    const job = this.jobs.get(jid)
    if (!job) return { ansible_job_id: jid, started: 1, finished: 1, failed: true, changed: false, msg: 'could not find job' }
    if (mode === 'cleanup') {
      this.jobs.delete(jid)
      return { ansible_job_id: jid, erased: job.resultsFile, changed: false }
    }
    if (job.result === undefined) return { ...jobKeys(job, 0), changed: false, ...STREAMS }
    return { ...STREAMS, ...job.result, ...jobKeys(job, 1) }
  }

  /** Waits for every job still running (the run ends only when they have). */
  async settle(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.done))
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
