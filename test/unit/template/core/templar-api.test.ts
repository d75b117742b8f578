// The Templar's entry points beyond single strings: structures, evaluate(), isTemplate()
// and the compiled-template cache.
import { expect } from 'chai'
import { getKeyPos, setKeyPos } from '../../../../engine/load/position.js'
import { unsafeText } from '../../../../engine/load/unsafe.js'
import { PLAYBOOK_OPTIONS, TemplateCache } from '../../../../engine/template/compile.js'
import { UndefinedError } from '../../../../engine/template/undefined.js'
import { makeTemplar } from './fake-library.js'

describe('template core: Templar API', () => {
  const { templar } = makeTemplar()

  describe('template() of structures', () => {
    it('templates values of lists and dicts but leaves keys as written (as Ansible does)', () => {
      const value = { '{{ k }}': '{{ 1 + 1 }}', list: ['{{ x }}', 3, null, { deep: '{{ x }}-y' }] }
      expect(templar.template(value, { k: 'key', x: 'X' })).to.deep.equal({
        '{{ k }}': '2',
        list: ['X', 3, null, { deep: 'X-y' }],
      })
    })

    it('keeps the source positions of a templated dict', () => {
      const args = { msg: '{{ x }}' }
      setKeyPos(args, 'msg', { file: 't.yml', line: 2, column: 10 })
      const out = templar.template(args, { x: 1 }) as object
      expect(getKeyPos(out, 'msg')).to.deep.equal({ file: 't.yml', line: 2, column: 10 })
    })

    it('returns strings without template markers and other values untouched', () => {
      const date = new Date(0)
      expect(templar.template('no markers {here}', {})).to.equal('no markers {here}')
      expect(templar.template(date, {})).to.equal(date)
      expect(templar.template(42, {})).to.equal(42)
    })

    it("renders the loader's fence around !unsafe text back to the text itself", () => {
      expect(templar.template(unsafeText('{{ not_templated }}'), {})).to.equal('{{ not_templated }}')
    })
  })

  describe('evaluate()', () => {
    const vars = { l: [1, 2, 3], d: { a: { b: 'deep' } }, n: 4 }
    const cases: [string, unknown][] = [
      ['l | length', 3],
      ['n * 2', 8],
      ['d.a', { b: 'deep' }],
      ["d['a'].b", 'deep'],
      ['l[1:]', [2, 3]],
      ['n > 3 and l', [1, 2, 3]],
      ['none', null],
    ]
    for (const [expr, expected] of cases) {
      it(`${expr} gives the native value`, () => expect(templar.evaluate(expr, vars)).to.deep.equal(expected))
    }

    it('fails on an undefined result', () => {
      expect(() => templar.evaluate('missing.attr', vars)).to.throw(UndefinedError, "'missing' is undefined")
    })

    it('fails on something that is not one expression', () => {
      expect(() => templar.evaluate('1 }}{{ 2', vars)).to.throw('not a single expression')
    })
  })

  describe('isTemplate()', () => {
    // ansible-core 2.14's Templar.is_template for the same strings
    const cases: [string, boolean][] = [
      ['{{ x }}', true],
      ['plain', false],
      ['{{ x', false],
      ['{% if %}', true],
      ['{# c #}', true],
      ['a {{ b }} c', true],
      ['{{ }}', true],
      ['x }} {{', false],
      ['{%', false],
      ['{{ "}}" }}', true],
    ]
    for (const [text, expected] of cases) it(`${text} → ${expected}`, () => expect(templar.isTemplate(text)).to.equal(expected))
  })

  describe('the compiled-template cache', () => {
    it('compiles a source once per option set', () => {
      const cache = new TemplateCache(10)
      const first = cache.compile('{{ a }}', PLAYBOOK_OPTIONS)
      expect(cache.compile('{{ a }}', PLAYBOOK_OPTIONS)).to.equal(first)
      expect(cache.compile('{{ a }}', { ...PLAYBOOK_OPTIONS, escapeBackslashes: false })).to.not.equal(first)
    })

    it('starts over when full, and still compiles correctly', () => {
      const cache = new TemplateCache(2)
      const first = cache.compile('{{ a }}', PLAYBOOK_OPTIONS)
      cache.compile('{{ b }}', PLAYBOOK_OPTIONS)
      cache.compile('{{ c }}', PLAYBOOK_OPTIONS)
      const again = cache.compile('{{ a }}', PLAYBOOK_OPTIONS)
      expect(again).to.not.equal(first)
      expect(again).to.deep.equal(first)
    })
  })
})
