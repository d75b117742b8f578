// How integral floats cross the template engine's edges: YAML marks them beside plain
// numbers, the engine lifts them into PyFloats, and what it hands back is plain data
// again, with its floats marked (engine/load/float-marks.ts, engine/template/float-boundary.ts).
import { expect } from 'chai'
import {
  aliasFloatMarks,
  copyFloatMark,
  holdsFloats,
  isFloatSlot,
  markFloat,
} from '../../../../engine/load/float-marks.js'
import { parseKv } from '../../../../engine/load/kv.js'
import { parseYaml, parseYamlDocument } from '../../../../engine/load/yaml.js'
import { PyFloat } from '../../../../engine/template/filters/python-float.js'
import { pythonRepr } from '../../../../engine/template/filters/python-repr.js'
import { lift, lower } from '../../../../engine/template/float-boundary.js'
import { Templar } from '../../../../engine/template/index.js'
import type { LookupFn } from '../../../../engine/template/types.js'

/** Does this value hold a PyFloat anywhere (what must never leave the engine)? */
function holdsPyFloat(value: unknown): boolean {
  if (value instanceof PyFloat) return true
  if (Array.isArray(value)) return value.some(holdsPyFloat)
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsPyFloat)
  return false
}

describe('template floats: YAML marks integral floats beside plain numbers', () => {
  const doc = parseYaml(
    [
      'float: 1.0',
      'int: 1',
      'tagged: !!float 5',
      'text: "1.0"',
      'exponent_text: 1e3',
      'fraction: 2.5',
      'negative_zero: -0.0',
      'list: [1.0, 1, 2.0]',
      'anchored: &f 3.0',
      'alias: *f',
      'base: &base {merged: 4.0}',
      'child: {<<: *base, own: 1}',
      'nested: {deeper: [{x: 6.0}]}',
      'plain: {x: 1}',
    ].join('\n'),
    'marks.yml',
  ) as Record<string, unknown>

  const slots: [string, unknown, boolean][] = [
    ['float', 1, true],
    ['int', 1, false],
    ['tagged', 5, true],
    ['text', '1.0', false],
    ['exponent_text', '1e3', false],
    ['fraction', 2.5, false], // a fractional JS number needs no mark
    ['negative_zero', -0, true],
    ['anchored', 3, true],
    ['alias', 3, true],
  ]
  for (const [key, value, isFloat] of slots) {
    it(`${key}: ${String(value)} is ${isFloat ? '' : 'not '}a marked float`, () => {
      expect(doc[key]).to.equal(value)
      expect(isFloatSlot(doc, key, doc[key])).to.equal(isFloat)
    })
  }

  it('marks list items by index, and merged keys where they land', () => {
    const list = doc.list as number[]
    expect(list.map((n, i) => isFloatSlot(list, i, n))).to.deep.equal([true, false, true])
    const child = doc.child as Record<string, number>
    expect([isFloatSlot(child, 'merged', child.merged), isFloatSlot(child, 'own', child.own)]).to.deep.equal([true, false])
  })

  it('knows which containers hold a float at any depth', () => {
    expect(holdsFloats(doc)).to.equal(true)
    expect(holdsFloats(doc.nested)).to.equal(true)
    expect(holdsFloats(doc.plain)).to.equal(false)
  })

  it('tells a lone float document from an int one', () => {
    expect(parseYamlDocument('1.0', 'x.yml')).to.deep.equal({ value: 1, rootIsFloat: true })
    expect(parseYamlDocument('1', 'x.yml')).to.deep.equal({ value: 1, rootIsFloat: false })
  })
})

describe('template floats: extra vars', () => {
  // ansible -e x=1.0 / -e '{"y": 1.0}' -m debug -a 'msg="…"' (ansible-core 2.14)
  const templar = new Templar()
  it('-e x=1.0 is the string 1.0', () => {
    expect(templar.template('{{ x is string }} {{ x | float + 1 }} {{ x }}', parseKv('x=1.0'))).to.equal('True 2.0 1.0')
  })
  it("-e '{\"y\": 1.0}' is a float", () => {
    expect(templar.template('{{ y is float }} {{ y }}', parseYaml('{"y": 1.0}', '<extra vars>') as Record<string, unknown>)).to.equal('True 1.0')
  })
})

describe('template floats: marks', () => {
  it('hold only for the number they were made for', () => {
    const data: Record<string, unknown> = { a: 1 }
    markFloat(data, 'a', 1)
    expect(isFloatSlot(data, 'a', 1)).to.equal(true)
    data.a = 2
    expect(isFloatSlot(data, 'a', 2)).to.equal(false)
  })

  it('are not kept for fractional numbers, which JS already shows as floats', () => {
    const data = { a: 1.5 }
    markFloat(data, 'a', 1.5)
    expect(holdsFloats(data)).to.equal(false)
  })

  it('travel with copyFloatMark, which also clears a stale one', () => {
    const from = { a: 1, b: 2 }
    markFloat(from, 'a', 1)
    const to: Record<string, unknown> = { x: from.a, y: 2 }
    markFloat(to, 'y', 2)
    copyFloatMark(from, 'a', to, 'x')
    copyFloatMark(from, 'b', to, 'y')
    expect([isFloatSlot(to, 'x', 1), isFloatSlot(to, 'y', 2)]).to.deep.equal([true, false])
  })

  it('answer for a proxy that reads through to the marked object', () => {
    const target = { a: 1 }
    markFloat(target, 'a', 1)
    const proxy = new Proxy(Object.create(null) as object, {
      get: (_t, name) => (target as Record<PropertyKey, unknown>)[name],
      has: (_t, name) => name in target,
    })
    aliasFloatMarks(proxy, target)
    expect(isFloatSlot(proxy, 'a', 1)).to.equal(true)
    expect(new Templar().template('{{ v.a }}', { v: proxy })).to.equal('1.0')
  })

  it('answer for a proxy over several objects, each mark for its own number', () => {
    const natives = { item: 1 }
    const values = { ratio: 1, item: 2 }
    markFloat(values, 'ratio', 1)
    markFloat(values, 'item', 2)
    const proxy = {}
    aliasFloatMarks(proxy, natives, values)
    expect([isFloatSlot(proxy, 'ratio', 1), isFloatSlot(proxy, 'item', 1)]).to.deep.equal([true, false])
  })
})

describe('template floats: lift and lower', () => {
  const data = parseYaml('a: [1.0, {b: 2.0}]\nc: 3', 'x.yml') as Record<string, unknown>

  it('lift turns marked numbers into PyFloats, once per object', () => {
    const lifted = lift(data) as { a: [PyFloat, { b: PyFloat }] }
    expect(pythonRepr(lifted)).to.equal("{'a': [1.0, {'b': 2.0}], 'c': 3}")
    expect(lift(data)).to.equal(lifted)
  })

  it('lower gives the original data back for a lifted copy', () => {
    expect(lower(lift(data))).to.equal(data)
  })

  it('lower leaves data without floats as it is', () => {
    const plain = { a: [1, 'x', { b: null }] }
    expect(lower(plain)).to.equal(plain)
  })

  it('lower copies what holds PyFloats, marking them; tuples stay tuples', () => {
    const engineValue = { a: [new PyFloat(1), 2], t: lift(parseYaml('[1.0]', 'x.yml')) }
    const out = lower(engineValue) as { a: number[] }
    expect(out).to.deep.equal({ a: [1, 2], t: [1] })
    expect(holdsPyFloat(out)).to.equal(false)
    expect(isFloatSlot(out.a, 0, 1)).to.equal(true)
    expect(pythonRepr(lift(out))).to.equal("{'a': [1.0, 2], 't': [1.0]}")
    expect(lower(new PyFloat(-0))).to.equal(-0)
  })
})

describe('template floats: what the Templar hands back', () => {
  const received: unknown[] = []
  const probe: LookupFn = (terms, kwargs) => {
    received.push(terms, kwargs)
    return [1]
  }
  const templar = new Templar({ lookups: { probe } })
  const vars = parseYaml('flist: [1.0, 2]\nratio: 1.0\n', 'vars.yml') as Record<string, unknown>

  const results: [string, unknown][] = [
    ['{{ [1.0, 2] }}', [1, 2]],
    ["{{ {'a': [2.0]} }}", { a: [2] }],
    ['{{ 5.0 }}', '5.0'],
    ['{{ ratio }}', 1], // a lone native value: a plain number (its mark has nowhere to go)
  ]
  for (const [template, expected] of results) {
    it(`${template} comes back as plain data`, () => {
      const result = templar.template(template, vars)
      expect(result).to.deep.equal(expected)
      expect(holdsPyFloat(result)).to.equal(false)
    })
  }

  it('marks the floats of a list it returns', () => {
    const result = templar.template('{{ [1.0, 2] }}', vars) as number[]
    expect([isFloatSlot(result, 0, 1), isFloatSlot(result, 1, 2)]).to.deep.equal([true, false])
    expect(templar.template('{{ x }}!', { x: result })).to.equal('[1.0, 2]!')
  })

  it('keeps the marks of playbook values it rebuilds (module arguments)', () => {
    const args = parseYaml('size: 1.0\nname: "{{ \'n\' }}"\nitems: [2.0, 3]', 'task.yml') as Record<string, unknown>
    const out = templar.template(args, vars) as { size: number; name: string; items: number[] }
    expect(out).to.deep.equal({ size: 1, name: 'n', items: [2, 3] })
    expect(isFloatSlot(out, 'size', 1)).to.equal(true)
    expect(isFloatSlot(out.items, 0, 2)).to.equal(true)
  })

  it('evaluate() of a variable returns the variable itself', () => {
    expect(templar.evaluate('flist', vars)).to.equal(vars.flist)
    expect(templar.evaluate('flist[0] + 1', vars)).to.equal(2)
  })

  it('gives lookups plain terms and options', () => {
    received.length = 0
    templar.template("{{ lookup('probe', 1.0, [2.0], opt=3.0) }}", vars)
    expect(received).to.deep.equal([[1, [2]], { opt: 3 }])
    expect(holdsPyFloat(received)).to.equal(false)
  })
})
