// Finds where two observations first part ways and says so in a way a person can act on:
// which play, task, host and key, and both values.
import { isRecord } from './observe.js'

export interface Difference {
  /** Readable steps from the root, e.g. ['plays[0] "lab"', 'tasks[3] "show vms"', 'hosts', 'h1', 'msg']. */
  path: string[]
  ansible: unknown
  tsplay: unknown
  /** Extra context, e.g. how many tasks each side has when the counts differ. */
  note?: string
}

/** Marks a key or list entry that one side does not have at all. */
export const ABSENT = Symbol('absent')

export function firstDifference(ansible: unknown, tsplay: unknown, path: string[] = []): Difference | null {
  if (Array.isArray(ansible) && Array.isArray(tsplay)) return firstListDifference(ansible, tsplay, path)
  if (isRecord(ansible) && isRecord(tsplay)) return firstRecordDifference(ansible, tsplay, path)
  return sameScalar(ansible, tsplay) ? null : { path, ansible, tsplay }
}

function firstListDifference(ansible: unknown[], tsplay: unknown[], path: string[]): Difference | null {
  const parent = path.length > 0 ? path[path.length - 1] : ''
  const common = Math.min(ansible.length, tsplay.length)
  for (let i = 0; i < common; i++) {
    const found = firstDifference(ansible[i], tsplay[i], [...path.slice(0, -1), entryLabel(parent, i, ansible[i])])
    if (found) return found
  }
  if (ansible.length === tsplay.length) return null
  const i = common
  return {
    path: [...path.slice(0, -1), entryLabel(parent, i, ansible[i] ?? tsplay[i])],
    ansible: i < ansible.length ? ansible[i] : ABSENT,
    tsplay: i < tsplay.length ? tsplay[i] : ABSENT,
    note: `ansible has ${ansible.length} ${parent || 'entries'}, tsplay has ${tsplay.length}`,
  }
}

function firstRecordDifference(
  ansible: Record<string, unknown>,
  tsplay: Record<string, unknown>,
  path: string[],
): Difference | null {
  const keys = [...Object.keys(ansible), ...Object.keys(tsplay).filter((k) => !(k in ansible))]
  for (const key of keys) {
    const a = key in ansible ? ansible[key] : ABSENT
    const t = key in tsplay ? tsplay[key] : ABSENT
    if (a === ABSENT || t === ABSENT) return { path: [...path, key], ansible: a, tsplay: t }
    const found = firstDifference(a, t, [...path, key])
    if (found) return found
  }
  return null
}

function sameScalar(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b) || isRecord(a) || isRecord(b)) return false
  return Object.is(a, b) || (a === 0 && b === 0)
}

/** `tasks[3] "show vms"`: the index plus the entry's name, which is what a reader looks for. */
function entryLabel(listName: string, index: number, entry: unknown): string {
  const name = isRecord(entry) ? (entry.name ?? entry.task ?? entry.label) : undefined
  const suffix = typeof name === 'string' ? ` ${JSON.stringify(name)}` : ''
  return `${listName}[${index}]${suffix}`
}

export function describeDifference(diff: Difference): string {
  const lines = [`first difference at: ${diff.path.join(' › ') || '(top level)'}`]
  if (diff.note) lines.push(`  (${diff.note})`)
  lines.push(`  ansible: ${showValue(diff.ansible)}`, `  tsplay:  ${showValue(diff.tsplay)}`)
  return lines.join('\n')
}

const MAX_SHOWN = 600

function showValue(value: unknown): string {
  if (value === ABSENT) return '(absent)'
  const text = value === undefined ? 'undefined' : JSON.stringify(value)
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${text.length} chars)` : text
}
