// The sequence lookup (with_sequence): numbers from start to end (or count of them) by
// stride, each printf-formatted; given as "start=1 end=10 format=web%02d" or "[start-]end[/stride][:format]".
import { TemplateError } from '../../errors.js'
import { parseKv } from '../../load/kv.js'
import type { LookupFn } from '../types.js'
import { percentFormat } from '../filters/python-format.js'
import { parsePyIntText } from '../filters/python-number.js'
import { lookupOptions, termText } from './options.js'

interface SequenceSpec {
  start: number
  end?: number
  count?: number
  stride: number
  format: string
}

const NUM = '(0?x?[0-9a-f]+)'
const SHORTCUT = new RegExp(`^(${NUM}-)?${NUM}(/${NUM})?(:(.+))?$`, 'i')

/** Python's int(text, 0): decimal, or 0x1f / 0o17 / 0b1 (a bare leading 0 is rejected, as in Ansible). */
function parseNumber(name: string, text: string): number {
  const value = parsePyIntText(text, 0)
  if (value === undefined) throw new TemplateError(`can't parse ${name}=${text} as integer`)
  return value
}

function parseShortcut(term: string, spec: SequenceSpec): boolean {
  const m = SHORTCUT.exec(term)
  if (!m) return false
  const [, , start, end, , stride, , format] = m
  if (start !== undefined) spec.start = parseNumber('start', start)
  spec.end = parseNumber('end', end)
  if (stride !== undefined) spec.stride = parseNumber('stride', stride)
  if (format !== undefined) spec.format = format
  return true
}

function parseKeyValues(term: string, spec: SequenceSpec): void {
  const args: Record<string, string> = parseKv(term)
  for (const key of ['start', 'end', 'count', 'stride'] as const) {
    if (args[key] === undefined) continue
    spec[key] = parseNumber(key, args[key])
    delete args[key]
  }
  if (args.format !== undefined) {
    spec.format = args.format
    delete args.format
  }
  const unknown = Object.keys(args)
  if (unknown.length > 0) throw new TemplateError(`unrecognized arguments to with_sequence: [${unknown.map((k) => `'${k}'`).join(', ')}]`)
}

/** Ansible's sanity_check: turn count into end and reject impossible ranges. */
function checkSpec(spec: SequenceSpec): void {
  if (spec.count === undefined && spec.end === undefined) throw new TemplateError('must specify count or end in with_sequence')
  if (spec.count !== undefined && spec.end !== undefined) throw new TemplateError("can't specify both count and end in with_sequence")
  if (spec.count !== undefined) {
    if (spec.count !== 0) spec.end = spec.start + spec.count * spec.stride - 1
    else spec.start = spec.end = spec.stride = 0
  }
  const end = spec.end as number
  if (spec.stride > 0 && end < spec.start) throw new TemplateError('to count backwards make stride negative')
  if (spec.stride < 0 && end > spec.start) throw new TemplateError("to count forward don't make stride negative")
  if (spec.format.split('%').length - 1 !== 1) throw new TemplateError(`bad formatting string: ${spec.format}`)
}

function generate(spec: SequenceSpec): string[] {
  if (spec.stride === 0) return []
  const out: string[] = []
  const end = (spec.end as number) + (spec.stride > 0 ? 1 : -1)
  for (let i = spec.start; spec.stride > 0 ? i < end : i > end; i += spec.stride) out.push(percentFormat(spec.format, i))
  return out
}

const sequence: LookupFn = (terms, kwargs) => {
  lookupOptions('sequence', kwargs, {})
  return terms.flatMap((term) => {
    const text = termText('sequence', term)
    const spec: SequenceSpec = { start: 1, stride: 1, format: '%d' }
    if (!parseShortcut(text, spec)) parseKeyValues(text, spec)
    checkSpec(spec)
    return generate(spec)
  })
}

export const sequenceLookups: Record<string, LookupFn> = { sequence }
