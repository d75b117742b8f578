import { expect } from 'chai'
import { tests } from '../../../../engine/template/tests/index.js'
import { ansibleTestCases } from './cases/ansible-tests.js'
import { jinjaTestCases } from './cases/jinja-tests.js'

const JINJA_BUILTINS = ['odd', 'even', 'divisibleby', 'defined', 'undefined', 'filter', 'test', 'none', 'boolean',
  'false', 'true', 'integer', 'float', 'lower', 'upper', 'string', 'mapping', 'number', 'sequence', 'iterable',
  'callable', 'sameas', 'escaped', 'in', '==', 'eq', 'equalto', '!=', 'ne', '>', 'gt', 'greaterthan', 'ge', '>=',
  '<', 'lt', 'lessthan', '<=', 'le']

describe('tests: registry', () => {
  it('has every Jinja2 3.1 builtin test', () => {
    expect(JINJA_BUILTINS.filter((name) => !tests[name])).to.deep.equal([])
  })

  it('has a unit test row for every test it registers', () => {
    const tested = new Set([...jinjaTestCases, ...ansibleTestCases].map((c) => c.t.replace(/^ansible\.builtin\./, '')))
    const names = Object.keys(tests).filter((n) => !n.startsWith('ansible.builtin.'))
    expect(names.filter((n) => !tested.has(n))).to.deep.equal([])
  })

  it('names Ansible tests also as ansible.builtin.*, and has no prototype members', () => {
    expect(tests['ansible.builtin.version']).to.be.a('function')
    expect(tests['ansible.builtin.defined']).to.equal(undefined)
    expect(tests.constructor).to.equal(undefined)
  })
})
