import { expect } from 'chai'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { filters } from '../../../../engine/template/filters/index.js'
import { SilentUndefined, Undefined } from '../../../../engine/template/undefined.js'
import type { FilterCase } from './cases/case.js'

const casesDir = join(dirname(fileURLToPath(import.meta.url)), 'cases')

async function allCases(): Promise<FilterCase[]> {
  const rows: FilterCase[] = []
  for (const file of readdirSync(casesDir).filter((f) => !['case.ts', 'run.ts'].includes(f))) {
    const mod = (await import(join(casesDir, file))) as Record<string, unknown>
    for (const table of Object.values(mod)) if (Array.isArray(table)) rows.push(...(table as FilterCase[]))
  }
  return rows
}

const JINJA_BUILTINS = ['abs', 'attr', 'batch', 'capitalize', 'center', 'count', 'd', 'default', 'dictsort', 'e', 'escape',
  'filesizeformat', 'first', 'float', 'forceescape', 'format', 'groupby', 'indent', 'int', 'items', 'join', 'last',
  'length', 'list', 'lower', 'map', 'max', 'min', 'pprint', 'random', 'reject', 'rejectattr', 'replace', 'reverse',
  'round', 'safe', 'select', 'selectattr', 'slice', 'sort', 'string', 'striptags', 'sum', 'title', 'tojson', 'trim',
  'truncate', 'unique', 'upper', 'urlencode', 'urlize', 'wordcount', 'wordwrap', 'xmlattr']

describe('filters: registry', () => {
  it('has every Jinja2 3.1 builtin filter', () => {
    expect(JINJA_BUILTINS.filter((name) => !filters[name])).to.deep.equal([])
  })

  it('has a unit test row for every filter it registers', async () => {
    const tested = new Set((await allCases()).map((c) => c.f.replace(/^ansible\.builtin\./, '')))
    const names = Object.keys(filters).filter((n) => !n.startsWith('ansible.builtin.'))
    expect(names.filter((n) => !tested.has(n))).to.deep.equal([])
  })

  it('names Ansible filters also as ansible.builtin.*, but not the Jinja2 builtins', () => {
    expect(filters['ansible.builtin.to_yaml']).to.be.a('function')
    expect(filters['ansible.builtin.unique']).to.be.a('function')
    expect(filters['ansible.builtin.default']).to.equal(undefined)
  })

  it('does not mistake Object.prototype members for filters', () => {
    expect(filters.constructor).to.equal(undefined)
    expect(filters.toString).to.equal(undefined)
  })

  it('fails on an undefined input with the variable message, except where undefined is expected', () => {
    const undef = new Undefined('vms')
    expect(() => filters.upper(undef, [], {})).to.throw("'vms' is undefined")
    expect(() => filters.to_json(undef, [], {})).to.throw("'vms' is undefined")
    expect(filters.default(undef, ['x'], {})).to.equal('x')
    expect(filters.type_debug(undef, [], {})).to.equal('AnsibleUndefined')
    expect(filters.items(undef, [], {})).to.deep.equal([])
  })

  it('treats the lenient undefined of `x if cond` as empty text and an empty list', () => {
    const silent = new SilentUndefined('inline if')
    expect(filters.upper(silent, [], {})).to.equal('')
    expect(filters.length(silent, [], {})).to.equal(0)
    expect(filters.join(silent, [','], {})).to.equal('')
    expect(filters.default(silent, ['d'], {})).to.equal('d')
  })

  it('rejects a misspelt keyword argument and suggests the right one', () => {
    expect(() => filters.join(['a'], [], { atribute: 'x' })).to.throw("filter 'join' got an unexpected keyword argument 'atribute'")
    try {
      filters.join(['a'], [], { atribute: 'x' })
    } catch (err) {
      expect((err as { hint?: string }).hint).to.equal("did you mean 'attribute'?")
    }
  })

  it('rejects too many positional arguments and a missing required one', () => {
    expect(() => filters.center('a', [1, 2], {})).to.throw("filter 'center' takes at most 1 argument(s) (2 given)")
    expect(() => filters.ternary(true, ['a'], {})).to.throw("filter 'ternary' is missing its required argument 'false_val'")
    expect(() => filters.join(['a'], [','], { d: ';' })).to.throw("got multiple values for argument 'd'")
  })
})
