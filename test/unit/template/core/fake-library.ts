// A few filters, tests and lookups with the behaviour of Ansible's, enough for the engine's
// own tests; the real libraries are tested on their own.
import { pythonStr } from '../../../../engine/template/filters/python-repr.js'
import { Templar } from '../../../../engine/template/templar.js'
import type { FilterFn, LookupFn, TestFn } from '../../../../engine/template/types.js'
import { isUndefined } from '../../../../engine/template/undefined.js'

export const filters: Record<string, FilterFn> = {
  upper: (v) => pythonStr(v).toUpperCase(),
  default: (v, args) => (isUndefined(v) ? (args[0] ?? '') : v),
  length: (v) => (v as unknown[]).length,
  list: (v) => [...(v as unknown[])],
  first: (v) => (v as unknown[])[0],
  string: (v) => pythonStr(v),
  to_json: (v) => JSON.stringify(v),
}

export const tests: Record<string, TestFn> = {
  defined: (v) => !isUndefined(v),
  undefined: (v) => isUndefined(v),
  number: (v) => typeof v === 'number',
  string: (v) => typeof v === 'string',
  divisibleby: (v, args) => (v as number) % (args[0] as number) === 0,
}

export const lookups: Record<string, LookupFn> = {
  /** Like Ansible's `items`: the terms, flattened one level. */
  items: (terms) => terms.flat(),
  echo_kwargs: (_terms, kwargs) => [JSON.stringify(kwargs)],
  broken: () => {
    throw new Error('could not locate file in lookup: nope')
  },
}

/** A Templar over the fake libraries that collects its warnings. */
export function makeTemplar(): { templar: Templar; warnings: string[] } {
  const warnings: string[] = []
  return { templar: new Templar({ filters, tests, lookups, warn: (m) => warnings.push(m) }), warnings }
}

/** What Ansible's JSON output shows of a value: tuples become lists. */
export function asJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value))
}
