// Statements beyond the one-line cases: recursive loops, include / import of template
// files, macro introspection, and in-place mutation (allowed on what the template built,
// refused on variables). Expectations checked against ansible-core 2.14.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { makeTemplar } from './fake-library.js'

describe('template core: statements', () => {
  const { templar } = makeTemplar()
  const render = (source: string, vars: Record<string, unknown> = {}) => templar.renderString(source, vars)

  it('renders recursive loops with loop(children) and depth', () => {
    const tree = [
      { name: 'a', children: [{ name: 'b', children: [{ name: 'c', children: [] }] }] },
      { name: 'd', children: [] },
    ]
    const source = '{% for item in tree recursive %}{{ item.name }}{% if item.children %}({{ loop(item.children) }}){% endif %}{% endfor %}'
    expect(render(source, { tree })).to.equal('a(b(c))d')
    const depth = "{% for item in tree recursive %}{{ loop.depth }}{{ item.n }}{{ loop(item.c) if item.c else '' }}{% endfor %}"
    expect(render(depth, { tree: [{ n: 'a', c: [{ n: 'b', c: [] }] }] })).to.equal('1a2b')
  })

  it('refuses to recurse into a loop without the recursive marker', () => {
    expect(() => render('{% for i in [1] %}{{ loop(1) }}{% endfor %}')).to.throw("The loop must have the 'recursive' marker")
  })

  it('binds macro arguments, defaults and the closure like Jinja2', () => {
    expect(render("{% macro m(a, b=1) %}{% endmacro %}{{ m.name }} {{ m.arguments }} {{ m.catch_kwargs }}")).to.equal("m ('a', 'b') False")
    expect(render('{% set outer = 1 %}{% macro m() %}{{ outer }}{% endmacro %}{% set outer = 2 %}{{ m() }}')).to.equal('2')
    expect(render('{% for x in [1, 2] %}{% macro m() %}{{ x }}{% endmacro %}{{ m() }}{% endfor %}')).to.equal('12')
    expect(render('{% macro m(a, b=a * 2) %}{{ b }}{% endmacro %}{{ m(3) }}')).to.equal('6')
    expect(() => render('{% macro m() %}{% endmacro %}{{ m(caller=1) }}')).to.throw("macro 'm' takes no keyword argument 'caller'")
  })

  it('keeps with-blocks and loops from leaking their names', () => {
    expect(render('{% with %}{% set inner = 1 %}{% endwith %}{{ inner is defined }}')).to.equal('False')
    expect(render('{% for a in [1, 2] %}{% for b in [3] %}{{ loop.index }}{% endfor %}{{ loop.index }}{% endfor %}')).to.equal('1112')
  })

  it('renders blocks in place and the print statement', () => {
    expect(render('{% block b %}in block {{ 1 }}{% endblock %}')).to.equal('in block 1')
    expect(render("{% print 1, 'a' %}")).to.equal('1a')
  })

  it('assigns namespace attributes only on namespaces', () => {
    expect(() => render('{% set ns = 5 %}{% set ns.x = 1 %}')).to.throw('cannot assign attribute on non-namespace object')
  })

  describe('mutating methods', () => {
    it('work on lists and dicts the template built', () => {
      expect(render('{% set x = [3, 1, 2] %}{% set _ = x.sort() %}{{ x }} {{ x.pop() }} {{ x }}')).to.equal('[1, 2, 3] 3 [1, 2]')
      expect(render("{% set d = {'a': 1} %}{{ d.pop('a') }} {{ d }} {{ d.setdefault('b', 2) }} {{ d }}")).to.equal("1 {} 2 {'b': 2}")
      expect(render('{% set l = [] %}{% for i in [1, 2] %}{{ l.append(i * 10) }}{% endfor %}{{ l }}')).to.equal('[10, 20]')
      expect(render('{% set l = x | list %}{{ l.append(3) }}{{ l }}', { x: [1, 2] })).to.equal('[1, 2, 3]')
    })

    it('are refused on variables, which Ansible copies on every use', () => {
      const vars = { servers: ['a'], opts: { k: 1 } }
      expect(() => render("{{ servers.append('b') }}", vars)).to.throw('list.append() would modify a variable in place')
      expect(() => render("{% set _ = opts.update({'j': 2}) %}", vars)).to.throw('dict.update() would modify a variable in place')
      expect(vars).to.deep.equal({ servers: ['a'], opts: { k: 1 } })
    })

    it('read-only methods work on variables', () => {
      expect(render('{{ servers.index("b") }} {{ servers.count("a") }} {{ servers.copy() }}', { servers: ['a', 'b'] })).to.equal("1 1 ['a', 'b']")
    })
  })

  describe('include and import', () => {
    let dir: string
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'tsplay-templates-'))
      writeFileSync(join(dir, 'macros.j2'), '{% macro hello(n) %}Hello {{ n }}{% endmacro %}\n{% set answer = 42 %}\n{% set _private = 1 %}\n')
      writeFileSync(join(dir, 'part.j2'), 'inc:{{ who }}')
      writeFileSync(join(dir, 'broken.j2'), 'line one\n{{ oops( }}\n')
    })
    after(() => rmSync(dir, { recursive: true, force: true }))
    const renderIn = (source: string) => templar.renderString(source, {}, { searchPaths: [dir] })

    it('imports macros and top-level variables, but not private names', () => {
      expect(renderIn("{% import 'macros.j2' as m %}{{ m.hello('x') }} {{ m.answer }} {{ m._private is defined }}")).to.equal('Hello x 42 False')
      expect(renderIn("{% from 'macros.j2' import hello, answer as a %}{{ hello('y') }} {{ a }}")).to.equal('Hello y 42')
      expect(() => renderIn("{% from 'macros.j2' import nothere %}{{ nothere }}")).to.throw("does not export the requested name 'nothere'")
    })

    it('includes with the current variables, loop variables included', () => {
      expect(renderIn("{% set who = 'w' %}{% include 'part.j2' %}")).to.equal('inc:w')
      expect(renderIn("{% for who in ['a', 'b'] %}{% include 'part.j2' %};{% endfor %}")).to.equal('inc:a;inc:b;')
    })

    it('reports missing templates unless told to ignore them', () => {
      expect(renderIn("{% include 'missing.j2' ignore missing %}ok")).to.equal('ok')
      expect(() => renderIn("{% include 'missing.j2' %}")).to.throw('template not found: missing.j2')
    })

    it('locates a syntax error inside the included file', () => {
      try {
        renderIn("{% include 'broken.j2' %}")
        expect.fail('should have thrown')
      } catch (err) {
        expect((err as { pos?: unknown }).pos).to.deep.equal({ file: join(dir, 'broken.j2'), line: 2, column: 10 })
      }
    })
  })
})
