// The variables a render sees may be lazy (getters that template on first use, proxies
// for hostvars, layered prototypes): the engine reads names one at a time and never
// enumerates them. Undefined values behave as Ansible's AnsibleUndefined.
import { expect } from 'chai'
import { UndefinedError } from '../../../../engine/template/undefined.js'
import { makeTemplar } from './fake-library.js'

/** Variables whose getters count their reads; enumerating them is a test failure. */
function lazyVars(values: Record<string, () => unknown>): { vars: Record<string, unknown>; reads: string[] } {
  const reads: string[] = []
  const target: Record<string, unknown> = {}
  for (const [name, get] of Object.entries(values)) {
    Object.defineProperty(target, name, {
      get: () => {
        reads.push(name)
        return get()
      },
      enumerable: true,
    })
  }
  const vars = new Proxy(target, {
    ownKeys: () => {
      throw new Error('variables must not be enumerated')
    },
  })
  return { vars, reads }
}

describe('template core: lazy variables', () => {
  it('reads only the variables a template names', () => {
    const { templar } = makeTemplar()
    const { vars, reads } = lazyVars({ a: () => 1, b: () => 'x', expensive: () => expect.fail('not needed') })
    expect(templar.template('{{ a }}-{{ b }}', vars)).to.equal('1-x')
    expect(templar.template('{{ a if a else expensive }}', vars)).to.equal('1')
    expect(reads).to.include('a').and.not.include('expensive')
  })

  it('treats a variable whose own template is undefined as undefined', () => {
    const { templar } = makeTemplar()
    const { vars } = lazyVars({
      broken: () => {
        throw new UndefinedError("'nope' is undefined")
      },
    })
    expect(templar.template('{{ broken is defined }}', vars)).to.equal(false)
    expect(templar.template("{{ broken | default('fallback') }}", vars)).to.equal('fallback')
    expect(() => templar.template('{{ broken }}', vars)).to.throw("'nope' is undefined")
  })

  it('sees variables through a prototype chain (layered precedence)', () => {
    const { templar } = makeTemplar()
    const vars = Object.assign(Object.create({ inherited: 'low', both: 'low' }), { both: 'high' })
    expect(templar.template('{{ inherited }}/{{ both }}', vars)).to.equal('low/high')
  })

  it("never resolves Object.prototype's names as variables", () => {
    const { templar } = makeTemplar()
    expect(templar.template('{{ constructor is defined }}/{{ toString is defined }}', {})).to.equal('False/False')
    expect(templar.template("{{ {}['constructor'] is defined }}", {})).to.equal(false)
  })

  it('looks hosts up in a hostvars proxy one at a time', () => {
    const { templar } = makeTemplar()
    const hosts: Record<string, Record<string, unknown>> = { web1: { ansible_host: '10.0.0.1' } }
    const hostvars = new Proxy({} as Record<string, unknown>, {
      has: (_t, name) => typeof name === 'string' && name in hosts,
      get: (_t, name) => (typeof name === 'string' ? hosts[name] : undefined),
      ownKeys: () => {
        throw new Error('hostvars must not be enumerated')
      },
    })
    expect(templar.template("{{ hostvars['web1'].ansible_host }}", { hostvars })).to.equal('10.0.0.1')
    expect(templar.template("{{ hostvars['db9'] is defined }}", { hostvars })).to.equal(false)
    expect(templar.template("{{ 'web1' in hostvars }}/{{ 'db9' not in hostvars }}", { hostvars })).to.equal('True/True')
    expect(templar.template("{{ hostvars.get('web1').ansible_host }}", { hostvars })).to.equal('10.0.0.1')
  })

  it('keeps the type of a value that is exactly one variable (bool, number, None)', () => {
    const { templar } = makeTemplar()
    const vars = { n: 5, f: 1.5, t: true, none: null, s: '5', l: [1, 'a'] }
    expect(templar.template('{{ n }}', vars)).to.equal(5)
    expect(templar.template('{{n}}', vars)).to.equal(5)
    expect(templar.template('{{ f }}', vars)).to.equal(1.5)
    expect(templar.template('{{ t }}', vars)).to.equal(true)
    expect(templar.template('{{ none }}', vars)).to.equal(null)
    expect(templar.template('{{ s }}', vars)).to.equal('5')
    expect(templar.template('{{ l }}', vars)).to.deep.equal([1, 'a'])
    expect(templar.template('{{ n + 0 }}', vars)).to.equal('5')
  })
})

describe('template core: undefined values', () => {
  const { templar } = makeTemplar()
  const cases: [string, Record<string, unknown>, unknown][] = [
    ['{{ foo.bar.baz is defined }}', {}, false],
    ["{{ foo['bar'] is defined }}", {}, false],
    ['{{ d.missing is defined }}', { d: {} }, false],
    ['{{ l[3] is defined }}', { l: [1] }, false],
    ["{{ foo | default('d') }}", {}, 'd'],
    ["{{ d.missing | default('d') }}", { d: {} }, 'd'],
    ["{{ 'yes' if foo is defined else 'no' }}", {}, 'no'],
    ["[{{ 'a' if false }}]", {}, []],
    ["{{ ('a' if false) is defined }}", {}, false],
  ]
  for (const [source, vars, expected] of cases) {
    it(source, () => expect(templar.template(source, vars)).to.deep.equal(expected))
  }

  const failures: [string, string][] = [
    ['{{ foo }}', "'foo' is undefined"],
    ['{{ foo.bar }}', "'foo' is undefined"],
    ['{{ foo ~ "x" }}', "'foo' is undefined"],
    ['{{ foo + 1 }}', "'foo' is undefined"],
    ['{{ foo == 1 }}', "'foo' is undefined"],
    ['{% if foo %}{% endif %}', "'foo' is undefined"],
    ['{% for x in foo %}{% endfor %}', "'foo' is undefined"],
    ['{{ 1 in foo }}', "'foo' is undefined"],
    ['{{ foo() }}', "'foo' is undefined"],
    ['{{ [[foo]] }}', "'foo' is undefined"],
    ['{{ loop }}', "'loop' is undefined"],
  ]
  for (const [source, message] of failures) {
    it(`${source} fails`, () => expect(() => templar.template(source, {})).to.throw(UndefinedError, message))
  }
})
