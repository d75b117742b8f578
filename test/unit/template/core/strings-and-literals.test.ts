// String literals inside templates (Python escapes, and Ansible's rule that keeps
// backslashes inside {{ }} of playbook values), and the Python-literal reading of
// rendered text. Expectations checked against ansible-core 2.14.
import { expect } from 'chai'
import { PyFloat } from '../../../../engine/template/filters/python-float.js'
import { literalEval } from '../../../../engine/template/python-literal.js'
import { makeTemplar } from './fake-library.js'

describe('template core: string literals', () => {
  const { templar } = makeTemplar()

  it('decodes Python escapes in template files and keeps unknown ones', () => {
    const source = "{{ '\\x41\\u00e9\\101' }}|{{ '\\d' }}|{{ '\\\\' }}|{{ 'it\\'s' }}|{{ \"q\\\"q\" }}|{{ 'a\\\nb' }}|{{ '\\q' }}"
    expect(templar.renderString(source, {})).to.equal('AéA|\\d|\\|it\'s|q"q|ab|\\q')
  })

  it('keeps the escaped spelling of a backslash before a non-ASCII character', () => {
    expect(templar.renderString("{{ 'é\\é' }}", {})).to.equal('é\\xe9')
  })

  it('keeps backslashes inside {{ }} of playbook values', () => {
    expect(templar.template("{{ 'a\\nb' }}", {})).to.equal('a\\nb')
    expect(templar.template('{{ "a\\tb" }}', {})).to.equal('a\\tb')
    expect(templar.template("{{ 'x\\d' }}", {})).to.equal('x\\d')
  })

  it('decodes escapes inside {% %} of playbook values, as Ansible does', () => {
    expect(templar.template("{% set p = '\\d+' %}{{ p }}", {})).to.equal('\\d+')
    expect(templar.template("{% set p = '\\x41' %}{{ p }}", {})).to.equal('A')
  })

  it('fails, like Ansible, on an escaped quote inside {{ }} of a playbook value', () => {
    // The doubled backslash ends the string early; Ansible reports the stray `s`, this lexer the stray quote.
    expect(() => templar.template("{{ 'it\\'s' }}", {})).to.throw('template error while templating string')
  })

  it('refuses \\N{...} escapes', () => {
    expect(() => templar.renderString("{{ '\\N{BULLET}' }}", {})).to.throw('\\N{...} escapes')
  })
})

describe('template core: Python literals in rendered text', () => {
  const cases: [string, unknown][] = [
    ['[1, 2,]', [1, 2]],
    ['{"a": 1, }', { a: 1 }],
    ['[1 2]', undefined],
    ["['''a''']", ['a']],
    ['[()]', [[]]],
    ['[(1)]', [1]],
    ['[-True]', undefined],
    ['[r"\\d"]', ['\\d']],
    ['[None, true, null, False]', [null, true, null, false]],
    ['{}', {}],
    ['{(1, 2): 3}', { '(1, 2)': 3 }],
    ['[0x10, 1_0, 1.5e3, -2, 2.5, -0]', [16, 10, new PyFloat(1500), -2, 2.5, 0]],
    ['[-1.0, -0.0]', [new PyFloat(-1), new PyFloat(-0)]],
    ['[07]', undefined],
    ['[nan]', undefined],
    ['["a" "b"]', ['ab']],
    ['[1] # trailing comment', [1]],
    ['[9007199254740993]', [9007199254740993n]],
    ['["\\u00e9\\n"]', ['é\n']],
  ]
  for (const [text, expected] of cases) {
    it(text, () => {
      const result = literalEval(text)
      if (expected === undefined) expect(result).to.equal(undefined)
      else expect(result?.value).to.deep.equal(expected)
    })
  }

  it('reads a set', () => {
    expect(literalEval('{1, 2}')?.value).to.deep.equal(new Set([1, 2]))
  })

  it('fails like Python on unhashable set items and dict keys', () => {
    expect(() => literalEval('{{ 2 }}')).to.throw("unhashable type: 'set'")
    expect(() => literalEval('{[1]: 2}')).to.throw("unhashable type: 'list'")
  })

  it('refuses literals JavaScript has no counterpart for', () => {
    expect(() => literalEval('[1j]')).to.throw('complex number')
    expect(() => literalEval('[b"x"]')).to.throw('bytes literal')
  })
})
