// when / changed_when / failed_when / until / assert: Ansible's conditional rules.
// Expectations are what ansible-core 2.14's Conditional.evaluate_conditional returned
// (or the heart of the error it raised) for the same conditional and variables.
import { expect } from 'chai'
import { TemplateError } from '../../../../engine/errors.js'
import { UndefinedError } from '../../../../engine/template/undefined.js'
import { makeTemplar } from './fake-library.js'

const CASES: [unknown, Record<string, unknown>, boolean | { error: string }][] = [
  ['x > 3', { x: 5 }, true],
  ['foo', {}, { error: "The conditional check 'foo' failed. The error was: error while evaluating conditional (foo): 'foo' is undefined" }],
  ['foo is defined', {}, false],
  ['foo is not defined', {}, true],
  ['foo is undefined', {}, true],
  ['{{ x > 3 }}', { x: 5 }, true],
  ['x', { x: 'False' }, true],
  ['{{ x }}', { x: 'False' }, false],
  ['x', { x: 'yes' }, true],
  ['x', { x: [] }, false],
  ['x', { x: [1] }, true],
  ['', {}, true],
  [null, {}, true],
  [true, {}, true],
  [false, {}, false],
  [0, {}, false],
  [1, {}, true],
  ["1 + 'a'", {}, { error: "The conditional check '1 + 'a'' failed. The error was: unsupported operand type(s) for +: 'int' and 'str'" }],
  ['foo.bar is defined', {}, false],
  ["hostvars['h1'] is defined", { hostvars: {} }, false],
  ['d.a is defined and d.a > 1', { d: {} }, false],
  [['true', 'x == 2'], { x: 2 }, true],
  [['x == 2', 'false'], { x: 2 }, false],
  ["x == 'a'", { x: 'a' }, true],
  ['x | length > 1', { x: [1, 2] }, true],
  ['not x', { x: '' }, true],
  ['x', { x: 0 }, false],
  ['x', { x: '0' }, true],
  ['x', { x: null }, false],
  ["'{{ y }}' == 'b'", { y: 'b' }, true],
  ['x is defined or foo', { x: 1 }, true],
  ['foo or x is defined', { x: 1 }, { error: "error while evaluating conditional (foo or x is defined): 'foo' is undefined" }],
  ['foo is defined and foo', {}, false],
  ["x in ['a', 'b']", { x: 'b' }, true],
  ['True', {}, true],
  ['False', {}, false],
  ['true and false', {}, false],
  ['x', { x: true }, true],
  ['x', { x: false }, false],
  ['x.y is not defined', { x: {} }, true],
  ['x.y', { x: {} }, { error: "error while evaluating conditional (x.y): 'dict object' has no attribute 'y'" }],
]

describe('template core: conditionals', () => {
  for (const [condition, vars, expected] of CASES) {
    it(`${JSON.stringify(condition)} with ${JSON.stringify(vars)}`, () => {
      const { templar } = makeTemplar()
      if (typeof expected === 'boolean') expect(templar.condition(condition, vars)).to.equal(expected)
      else expect(() => templar.condition(condition, vars)).to.throw(expected.error)
    })
  }

  it('warns about {{ }} in a conditional but still evaluates it', () => {
    const { templar, warnings } = makeTemplar()
    expect(templar.condition('{{ x }} == 1', { x: 1 })).to.equal(true)
    expect(warnings).to.deep.equal(['conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: {{ x }} == 1'])
  })

  it('reports an undefined variable as an UndefinedError at the conditional', () => {
    const { templar } = makeTemplar()
    const pos = { file: 'site.yml', line: 12, column: 13 }
    try {
      templar.condition('missing_var == 1', {}, { pos })
      expect.fail('should have thrown')
    } catch (err) {
      expect(err).to.be.instanceOf(UndefinedError)
      expect((err as UndefinedError).pos).to.deep.equal(pos)
    }
  })

  it('reports other failures as a TemplateError at the conditional', () => {
    const { templar } = makeTemplar()
    const pos = { file: 'site.yml', line: 3, column: 9 }
    try {
      templar.condition('1 < "a"', {}, { pos })
      expect.fail('should have thrown')
    } catch (err) {
      expect(err).to.be.instanceOf(TemplateError).and.not.instanceOf(UndefinedError)
      expect((err as TemplateError).pos).to.deep.equal(pos)
    }
  })
})
