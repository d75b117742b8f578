// Template files (the template module, the template lookup): whitespace control,
// trim_blocks / lstrip_blocks, comments, raw blocks, #jinja2: headers and trailing
// newlines. Expectations are ansible-core 2.14's do_template output for the same text.
import { expect } from 'chai'
import type { RenderOptions } from '../../../../engine/template/templar.js'
import { makeTemplar } from './fake-library.js'

const CASES: [string, Record<string, unknown>, RenderOptions, string][] = [
  ['a\n{# c #}\nb\n{% raw %}\n{{ x }}{% endraw %}\nc\n', {}, {}, 'a\nb\n\n{{ x }}c\n'],
  ['  {% if true %}\n  x\n  {% endif %}\n', {}, {}, '    x\n  \n'],
  ['  {% if true %}\n  x\n  {% endif %}\n', {}, { lstripBlocks: true }, '  x\n'],
  ['{% if true %}\nx\n{% endif %}\n', {}, { trimBlocks: false }, '\nx\n'],
  ['a\n\n\n', {}, {}, 'a\n\n\n'],
  ["{{ 'a' }}\n", {}, {}, 'a\n'],
  ['{% if true %}x{% endif %}\n', {}, {}, 'x\n'],
  ['#jinja2: trim_blocks: False\n{% if true %}\nx\n{% endif %}\n', {}, {}, '\nx\n'],
  ['#jinja2: lstrip_blocks: True, trim_blocks: True\n  {% for i in [1, 2] %}\n  - {{ i }}\n  {% endfor %}\n', {}, {}, '  - 1\n  - 2\n'],
  ["{{ '\\d' }} {{ '\\n' }}|", {}, {}, '\\d \n|'],
  ['{{ x }}', { x: [1, 'a'] }, {}, "[1, 'a']"],
  ['{{ x }}', { x: null }, {}, ''],
  ['line\r\nline2\r\n', {}, {}, 'line\nline2\n'],
  ['  {%+ if true %}x{% endif %}', {}, { lstripBlocks: true }, '  x'],
  ['{% if true +%}\nx{% endif %}', {}, {}, '\nx'],
  ['a\n  {# c #}\nb', {}, { lstripBlocks: true }, 'a\nb'],
  ['a  {%- raw -%}  r  {%- endraw -%}  b', {}, {}, 'arb'],
  ['{% for i in [1, 2] %}\n{{ i }}\n{% endfor %}', {}, {}, '1\n2\n'],
  ['{% for i in [1, 2] %}\n  {{ i }}\n{% endfor %}\n', {}, { lstripBlocks: true }, '  1\n  2\n'],
  ['{%- if true -%}\n  x  \n{%- endif -%}\n', {}, {}, 'x\n'],
  ["{{ 'a' -}}\n\n  b", {}, {}, 'ab'],
  ["a\n\n  {{- 'b' }}", {}, {}, 'ab'],
  ['{# multi\nline #}\nx', {}, {}, 'x'],
  ['x {# c #} y', {}, {}, 'x  y'],
  ['{% set x = 1 %}\n{{ x }}\n', {}, {}, '1\n'],
  ['{% macro m() %}\nin macro\n{% endmacro %}\n{{ m() }}\n', {}, {}, 'in macro\n'],
  ["{{ ' {{ x }} ' }}", {}, {}, ' {{ x }} '],
  ["{{ {'a': {'b': 1}} }}", {}, {}, "{'a': {'b': 1}}"],
  ["{{ 'a' }}{# c #}{{ 'b' }}", {}, {}, 'ab'],
  ['\n\n{{ 1 }}\n\n', {}, {}, '\n\n1\n\n'],
  ["{{ '\\n' }}", {}, {}, '\n'],
  ['{{ x }}', { x: '\n\n' }, {}, '\n\n'],
]

describe('template core: renderString (template files)', () => {
  const { templar } = makeTemplar()
  for (const [source, vars, options, expected] of CASES) {
    it(`${JSON.stringify(source)} ${JSON.stringify(options)}`, () => {
      expect(templar.renderString(source, vars, {}, options)).to.equal(expected)
    })
  }

  it('renders with other delimiters', () => {
    const out = templar.renderString('[% for i in l %]<< i >>[% endfor %] {{ kept }}', { l: [1, 2] }, {}, {
      delimiters: { blockStart: '[%', blockEnd: '%]', variableStart: '<<', variableEnd: '>>' },
    })
    expect(out).to.equal('12 {{ kept }}')
  })

  it('uses the newline sequence for template text', () => {
    expect(templar.renderString('a\nb\n', {}, {}, { newlineSequence: '\r\n' })).to.equal('a\r\nb\r\n')
  })

  it('always returns text, never a parsed list', () => {
    expect(templar.renderString('[1, 2]', {}, {})).to.equal('[1, 2]')
    expect(templar.renderString('{{ [1, 2] }}', {}, {})).to.equal('[1, 2]')
  })

  it('rejects an unknown #jinja2: override', () => {
    expect(() => templar.renderString('#jinja2: autoescape: True\nx', {}, {})).to.throw("unsupported jinja2 override 'autoescape'")
  })
})
