// lookup() / query() / q() as Ansible runs them, and the other globals.
// Results marked "ansible" were checked with ansible-core 2.14's own `items` lookup.
import { expect } from 'chai'
import { Templar } from '../../../../engine/template/templar.js'
import type { LookupContext } from '../../../../engine/template/types.js'
import { asJson, filters, lookups, makeTemplar, tests } from './fake-library.js'

describe('template core: lookups', () => {
  const cases: [string, Record<string, unknown>, unknown][] = [
    ["{{ lookup('items', ['a', 'b']) }}", {}, 'a,b'], // ansible
    ["{{ lookup('items', [1, 2]) }}", {}, [1, 2]], // ansible
    ["{{ lookup('items', ['a']) }}", {}, 'a'], // ansible
    ["{{ lookup('items', [[1, 2]]) }}", {}, [1, 2]],
    ["{{ query('items', 'a', 'b') }}", {}, ['a', 'b']], // ansible
    ["{{ q('items', 'a', wantlist=False) }}", {}, ['a']], // ansible
    ["{{ lookup('items', ['a'], wantlist=True) }}", {}, ['a']], // ansible
    ["{{ lookup('items', []) }}", {}, []], // ansible
    ["{{ lookup('items', ['{{ y }}']) }}", { y: 'z' }, 'z'], // ansible: terms are templated again
    ["{{ lookup('ansible.builtin.items', ['a']) }}", {}, 'a'],
    ["{{ lookup('echo_kwargs', 'x', errors='strict', wantlist=False, opt=1) }}", {}, { opt: 1 }], // JSON text reads back as a dict
    ["{{ lookup('broken', errors='ignore') }}", {}, ''], // ansible: None prints as ''
    ["{{ query('broken', errors='ignore') }}", {}, []],
  ]
  for (const [source, vars, expected] of cases) {
    it(source, () => {
      const { templar } = makeTemplar()
      expect(asJson(templar.template(source, vars))).to.deep.equal(expected)
    })
  }

  it("fails with the plugin's message when errors='strict'", () => {
    const { templar } = makeTemplar()
    expect(() => templar.template("{{ lookup('broken') }}", {})).to.throw(
      "An unhandled exception occurred while running the lookup plugin 'broken'. Error was: could not locate file in lookup: nope",
    )
  })

  it("warns and goes on when errors='warn'", () => {
    const { templar, warnings } = makeTemplar()
    expect(templar.template("{{ lookup('broken', errors='warn') }}", {})).to.equal('')
    expect(warnings).to.deep.equal(['Lookup failed but the error is being ignored: could not locate file in lookup: nope'])
  })

  it('names an unknown lookup and suggests a close one', () => {
    const { templar } = makeTemplar()
    expect(() => templar.template("{{ lookup('itemz', 1) }}", {})).to.throw('lookup plugin (itemz) not found')
  })

  it('gives plugins the search paths, the variables and a renderer with extra variables', () => {
    let seen: LookupContext | undefined
    const templar = new Templar({
      filters,
      tests,
      lookups: {
        ...lookups,
        inspect: (terms, _kwargs, ctx) => {
          seen = ctx
          return [ctx.render(`{{ base }}-{{ extra }}-${String(terms[0])}`, { extra: 'E' })]
        },
      },
    })
    const out = templar.template("{{ lookup('inspect', '{{ base }}') }}", { base: 'B' }, { searchPaths: ['/nowhere'] })
    expect(out).to.equal('B-E-B')
    expect(seen?.searchPaths).to.deep.equal(['/nowhere'])
    expect(seen?.vars.base).to.equal('B')
  })
})

describe('template core: globals', () => {
  const { templar } = makeTemplar()

  it('now() is the current time, and now(fmt=…) its strftime text', () => {
    expect(templar.template('{{ now().year >= 2024 }}', {})).to.equal(true)
    expect(templar.template("{{ now(fmt='%Y') }}", {})).to.equal(String(new Date().getFullYear()))
  })

  it('undef() is undefined until used, then fails with its hint', () => {
    expect(templar.template('{{ undef() is defined }}', {})).to.equal(false)
    expect(() => templar.template("{{ undef(hint='set vm_name') }}", {})).to.throw('set vm_name')
    expect(() => templar.template('{{ undef() }}', {})).to.throw('Mandatory variable has not been overridden')
  })

  it('variables shadow globals', () => {
    expect(templar.template('{{ range }}', { range: 'mine' })).to.equal('mine')
  })

  it('lipsum() is refused', () => {
    expect(() => templar.template('{{ lipsum() }}', {})).to.throw('lipsum() is not supported')
  })
})
