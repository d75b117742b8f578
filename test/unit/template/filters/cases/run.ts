// Runs case tables through the filter and test registries with mocha.
import { expect } from 'chai'
import { filters } from '../../../../../engine/template/filters/index.js'
import { pythonRepr } from '../../../../../engine/template/filters/python-repr.js'
import { tests } from '../../../../../engine/template/tests/index.js'
import type { FilterCase, TestCase } from './case.js'

function label(name: string, c: { v: unknown; a?: unknown[]; kw?: Record<string, unknown> }): string {
  const args = [...(c.a ?? []).map(show), ...Object.entries(c.kw ?? {}).map(([k, v]) => `${k}=${show(v)}`)]
  return `${show(c.v)} | ${name}(${args.join(', ')})`
}

function show(value: unknown): string {
  try {
    return pythonRepr(value).slice(0, 60)
  } catch {
    return 'undef_var'
  }
}

export function runFilterCases(cases: FilterCase[]): void {
  for (const c of cases) {
    it(label(c.f, c), () => {
      const filter = filters[c.f]
      expect(filter, `filter ${c.f} is registered`).to.be.a('function')
      const call = () => filter(c.v, c.a ?? [], c.kw ?? {})
      if (c.error !== undefined) {
        // The filter fails, or returns an Undefined whose use (printing) fails.
        expect(() => pythonRepr(call())).to.throw(c.error)
      } else {
        expect(pythonRepr(call())).to.equal(c.repr)
      }
    })
  }
}

export function runTestCases(cases: TestCase[]): void {
  for (const c of cases) {
    it(label(`is ${c.t}`, c), () => {
      const test = tests[c.t]
      expect(test, `test ${c.t} is registered`).to.be.a('function')
      const call = () => test(c.v, c.a ?? [], c.kw ?? {})
      if (c.error !== undefined) expect(call).to.throw(c.error)
      else expect(call()).to.equal(c.expect)
    })
  }
}
