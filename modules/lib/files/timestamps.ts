// The file module's modification_time / access_time: 'preserve' (leave it), 'now', or
// a time in a strftime format (default %Y%m%d%H%M.%S, read as local time like
// time.mktime). Applied with GNU touch; `touch` of both to now is Ansible's utime(None).
import type { FileStat } from '../../../engine/connection/connection.js'
import { strptime } from '../../../engine/template/filters/python-datetime.js'
import { FileModuleFailure } from './failure.js'

/** null = preserve, 'now', or seconds since the epoch. */
export type TimeSetting = null | 'now' | number

export function parseTimeSetting(value: string, format: string): TimeSetting {
  if (value === 'preserve') return null
  if (value === 'now') return 'now'
  try {
    const t = strptime(value, format)
    return new Date(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.microsecond / 1000).getTime() / 1000
  } catch (err) {
    throw new FileModuleFailure(`Error while obtaining timestamp for time ${value} using format ${format}: ${(err as Error).message}`)
  }
}

export interface TimePlan {
  changed: boolean
  before: Record<string, unknown>
  after: Record<string, unknown>
  commands: string[][]
}

/** What update_timestamp_for_file would change on a path with stat `st`. */
export function planTimes(path: string, st: FileStat | null, mtime: TimeSetting, atime: TimeSetting, now = Date.now() / 1000): TimePlan {
  const plan: TimePlan = { changed: false, before: {}, after: {}, commands: [] }
  if (mtime === null && atime === null) return plan
  const previousM = st?.mtime ?? now
  const previousA = st?.atime ?? now
  const newM = mtime === null ? previousM : mtime === 'now' ? now : mtime
  const newA = atime === null ? previousA : atime === 'now' ? now : atime
  // Both 'now' is always a change (the clock has moved), as in Ansible.
  if (mtime !== 'now' || atime !== 'now') {
    if (newM === previousM && newA === previousA) return plan
  }
  plan.changed = true
  if (newM !== previousM) {
    plan.before.mtime = previousM
    plan.after.mtime = newM
  }
  if (newA !== previousA) {
    plan.before.atime = previousA
    plan.after.atime = newA
  }
  if (mtime === 'now' && atime === 'now') plan.commands.push(['touch', '-c', '--', path])
  else {
    if (newM !== previousM) plan.commands.push(['touch', '-c', '-m', '-d', `@${newM}`, '--', path])
    if (newA !== previousA) plan.commands.push(['touch', '-c', '-a', '-d', `@${newA}`, '--', path])
  }
  return plan
}
