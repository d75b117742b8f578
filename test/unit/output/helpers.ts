// Shared by the output tests: a Writable that keeps what was written, and a player
// that feeds recorded ansible-playbook callback events to a RunReporter.
import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { HostCounts, RunReporter } from '../../../engine/output/events.js'

export class Capture extends Writable {
  text = ''
  isTTY = false
  columns?: number
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.text += chunk.toString()
    done()
  }
}

export const capturesDir = fileURLToPath(new URL('./fixtures/ansible/captures/', import.meta.url))

export function readCapture(name: string, ext: 'stdout' | 'stderr'): string {
  return readFileSync(`${capturesDir}${name}.${ext}`, 'utf8')
}

export type RecordedEvent = Record<string, any> & { event: string }

export function readEvents(name: string): RecordedEvent[] {
  return readFileSync(`${capturesDir}${name}.events.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedEvent)
}

/** null in the recording means "not set" for optional event fields. */
function orUndefined<T>(value: T | null): T | undefined {
  return value === null ? undefined : value
}

export function replay(events: RecordedEvent[], reporter: RunReporter): void {
  for (const { event, ...ev } of events) {
    switch (event) {
      case 'playbookStart': reporter.playbookStart(ev.file); break
      case 'playStart': reporter.playStart({ name: ev.name, hosts: ev.hosts, id: ev.id, pos: orUndefined(ev.pos), checkMode: ev.checkMode, strategy: ev.strategy }); break
      case 'taskStart': reporter.taskStart({ ...ev, pos: orUndefined(ev.pos) } as any); break
      case 'hostResult': reporter.hostResult(ev as any); break
      case 'loopDone': reporter.loopDone?.(ev as any); break
      case 'retry': reporter.retry?.(ev as any); break
      case 'included': reporter.included?.({ ...ev, itemLabel: orUndefined(ev.itemLabel) } as any); break
      case 'handlerNotified': reporter.handlerNotified?.(ev.handler, ev.host); break
      case 'noHostsMatched': reporter.noHostsMatched({ name: '', hosts: '', id: '' }); break
      case 'noHostsRemaining': reporter.noHostsRemaining(); break
      case 'warning': reporter.warning(ev.msg); break
      case 'deprecation': reporter.deprecation(ev.msg, { version: orUndefined(ev.version), date: orUndefined(ev.date), collectionName: orUndefined(ev.collectionName) }); break
      case 'verbose': reporter.verbose(ev.msg, ev.level, orUndefined(ev.host)); break
      case 'recap': reporter.recap(new Map(Object.entries(ev.stats as Record<string, HostCounts>)), ev.custom); break
      default: throw new Error(`unknown recorded event ${event}`)
    }
  }
}

/** Drop what ansible-playbook prints before any callback exists (version banner, config file line). */
export function withoutCliPreamble(stdout: string): string {
  const marker = 'No config file found; using defaults\n'
  const at = stdout.indexOf(marker)
  return at < 0 ? stdout : stdout.slice(at + marker.length)
}
