// Python's slice objects, `x[start:stop:step]`, with its rules for negative and
// out-of-range bounds and negative steps.
import { TemplateError } from '../errors.js'
import { isInt } from './filters/python-float.js'
import { pythonRepr } from './filters/python-repr.js'
import { tuple } from './filters/python-types.js'
import { isUndefined } from './undefined.js'

export class SliceValue {
  constructor(readonly start: unknown, readonly stop: unknown, readonly step: unknown) {}

  repr(): string {
    return `slice(${pythonRepr(this.start)}, ${pythonRepr(this.stop)}, ${pythonRepr(this.step)})`
  }
}

/** The items `slice` selects; a tuple stays a tuple. */
export function sliceSequence<T>(items: T[], slice: SliceValue, asTuple: boolean): T[] {
  const step = bound(slice.step) ?? 1
  if (step === 0) throw new TemplateError('slice step cannot be zero')
  const length = items.length
  const start = clamp(bound(slice.start), length, step, true)
  const stop = clamp(bound(slice.stop), length, step, false)
  const picked: T[] = []
  if (step > 0) for (let i = start; i < stop; i += step) picked.push(items[i])
  else for (let i = start; i > stop; i += step) picked.push(items[i])
  return asTuple ? (tuple(...picked) as T[]) : picked
}

function bound(value: unknown): number | undefined {
  if (isUndefined(value)) throw value.error()
  if (value === null || value === undefined) return undefined
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number' && isInt(value)) return value
  if (typeof value === 'bigint') return Number(value)
  throw new TemplateError('slice indices must be integers or None or have an __index__ method')
}

/** CPython's PySlice_AdjustIndices for one bound. */
function clamp(value: number | undefined, length: number, step: number, isStart: boolean): number {
  if (value === undefined) {
    if (step > 0) return isStart ? 0 : length
    return isStart ? length - 1 : -1
  }
  if (value < 0) {
    value += length
    if (value < 0) return step < 0 ? -1 : 0
    return value
  }
  if (value >= length) return step < 0 ? length - 1 : length
  return value
}
