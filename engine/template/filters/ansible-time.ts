// Ansible's time filters: strftime (format an epoch, or now, on the controller's clock)
// and to_datetime (parse text into a datetime that templates can compare and subtract).
import { TemplateError } from '../../errors.js'
import type { FilterFn } from '../types.js'
import { strftime, strptime, timeFields } from './python-datetime.js'
import { parsePyFloat } from './python-number.js'
import { pythonStr } from './python-repr.js'
import { truthy } from './python-types.js'
import { defineFilter, strArg } from './signature.js'

function strftimeFilter(format: string, second: unknown, utc: boolean): string {
  let epoch = Date.now() / 1000
  if (second !== null && second !== undefined) {
    const parsed = parsePyFloat(second)
    if (parsed === undefined) throw new TemplateError(`Invalid value for epoch value (${pythonStr(second)})`)
    epoch = parsed
  }
  return strftime(format, timeFields(Math.floor(epoch), utc))
}

export const ansibleTimeFilters: Record<string, FilterFn> = {
  strftime: defineFilter('strftime', { second: null, utc: false }, (v, p) => strftimeFilter(pythonStr(v), p.second, truthy(p.utc))),
  to_datetime: defineFilter('to_datetime', { format: '%Y-%m-%d %H:%M:%S' }, (v, p) => strptime(pythonStr(v), strArg(p.format))),
}
