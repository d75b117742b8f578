// Ansible's tests on registered task results: failed, succeeded, changed, skipped,
// reachable, unreachable, finished, started (and their alias names).
import { TemplateError } from '../../errors.js'
import type { TestFn } from '../types.js'
import { isMapping, mappingGet, mappingHas, truthy } from '../filters/python-types.js'
import { pyEquals } from '../filters/python-compare.js'
import { defineTest } from '../filters/signature.js'

type Result = Record<string, unknown> | Map<unknown, unknown>

function resultTest(name: string, check: (result: Result) => boolean): TestFn {
  return defineTest(name, {}, (value) => {
    if (!isMapping(value)) throw new TemplateError(`The '${name}' test expects a dictionary`)
    return check(value)
  })
}

const flag = (result: Result, key: string) => (mappingHas(result, key) ? truthy(mappingGet(result, key)) : false)

/** `changed`, or for loop results without it, whether any item changed. */
function changed(result: Result): boolean {
  if (mappingHas(result, 'changed')) return truthy(mappingGet(result, 'changed'))
  const results = mappingGet(result, 'results')
  if (!mappingHas(result, 'results') || !Array.isArray(results)) return false
  if (results.length === 0) throw new TemplateError('list index out of range')
  if (!isMapping(results[0])) return false
  return results.some((item) => isMapping(item) && flag(item, 'changed'))
}

/** Async status: `finished`/`started` are 0 or 1; results without them count as true. */
const asyncFlag = (key: string) => (result: Result) => (mappingHas(result, key) ? pyEquals(mappingGet(result, key), 1) : true)

const failed = resultTest('failed', (r) => flag(r, 'failed'))
const succeeded = resultTest('succeeded', (r) => !flag(r, 'failed'))
const changedTest = resultTest('changed', changed)
const skipped = resultTest('skipped', (r) => flag(r, 'skipped'))

export const resultTests: Record<string, TestFn> = {
  failed,
  failure: failed,
  succeeded,
  success: succeeded,
  successful: succeeded,
  reachable: resultTest('reachable', (r) => !flag(r, 'unreachable')),
  unreachable: resultTest('unreachable', (r) => flag(r, 'unreachable')),
  changed: changedTest,
  change: changedTest,
  skipped,
  skip: skipped,
  finished: resultTest('finished', asyncFlag('finished')),
  started: resultTest('started', asyncFlag('started')),
}
