// Ansible's variable precedence, one layer against the next, and lazy templating.
import { expect } from 'chai'
import { collectVars, emptyHostVarState } from '../../../engine/vars/collect.js'
import { lazyVars } from '../../../engine/vars/lazy.js'
import { mergeLayers } from '../../../engine/vars/layers.js'
import { Templar } from '../../../engine/template/index.js'
import type { Block, Play, RoleInstance, Task } from '../../../engine/load/model.js'

function role(name: string, defaults: Record<string, unknown>, vars: Record<string, unknown>, params: Record<string, unknown> = {}): RoleInstance {
  return { name, path: `/roles/${name}`, defaults, vars, params, keywords: {}, dependencies: [], allowDuplicates: false, key: name }
}

function play(vars: Record<string, unknown>, roles: RoleInstance[] = []): Play {
  return {
    name: 'p', hosts: 'all', keywords: {}, file: '/p.yml', basedir: '/', vars, varsFiles: [], roles,
    exportedRoles: roles, preTasks: [], tasks: [], postTasks: [], handlers: [], id: 'p',
  }
}

function task(keywords: Record<string, unknown>, blockVars: Record<string, unknown> | undefined, r?: RoleInstance): Task {
  const block: Block = { kind: 'block', block: [], rescue: [], always: [], keywords: blockVars ? { vars: blockVars } : {}, basedir: '/', role: r }
  return { kind: 'task', action: 'debug', args: {}, keywords, parent: block, id: 't', isHandler: false, role: r }
}

// Each level sets `x` to its own name; the table says which levels are present, and the winner.
const levels = ['role_defaults', 'inventory', 'facts', 'play', 'vars_files', 'role_vars', 'block', 'task', 'include_vars', 'set_fact', 'role_params', 'extra'] as const
type Level = (typeof levels)[number]

function build(present: Level[]): unknown {
  const has = (l: Level) => present.includes(l)
  const state = emptyHostVarState()
  if (has('facts')) state.facts.x = 'facts'
  if (has('include_vars')) state.includeVars.x = 'include_vars'
  if (has('set_fact')) state.setFacts.x = 'set_fact'
  const r = role('r', has('role_defaults') ? { x: 'role_defaults' } : {}, has('role_vars') ? { x: 'role_vars' } : {}, has('role_params') ? { x: 'role_params' } : {})
  const merged = collectVars({
    inventoryVars: has('inventory') ? { x: 'inventory' } : {},
    state,
    play: play(has('play') ? { x: 'play' } : {}, [r]),
    varsFiles: has('vars_files') ? { x: 'vars_files' } : {},
    task: task(has('task') ? { vars: { x: 'task' } } : {}, has('block') ? { x: 'block' } : undefined, r),
    extraVars: has('extra') ? { x: 'extra' } : {},
    injectFacts: false,
  })
  return merged.values.x
}

describe('variable precedence (lowest → highest)', () => {
  for (let i = 0; i < levels.length; i++) {
    const upTo = levels.slice(0, i + 1)
    it(`${levels[i]} beats everything below it`, () => {
      expect(build([...upTo])).to.equal(levels[i] === 'facts' ? 'inventory' : levels[i])
    })
  }
  it('facts are reached as ansible_facts and ansible_* names, not bare names', () => {
    const state = emptyHostVarState()
    state.facts.distribution = 'Debian'
    const merged = collectVars({ inventoryVars: {}, state, extraVars: {} })
    expect(merged.values.ansible_distribution).to.equal('Debian')
    expect((merged.values.ansible_facts as Record<string, unknown>).distribution).to.equal('Debian')
    expect(merged.unsafe.has('ansible_distribution')).to.equal(true)
  })
  it('registered results are unsafe (never templated again), set_fact values are not', () => {
    const state = emptyHostVarState()
    state.setFacts.reg = { stdout: '{{ nope }}' }
    state.unsafeFacts.add('reg')
    state.setFacts.fact = '{{ 1 + 1 }}'
    const merged = collectVars({ inventoryVars: {}, state, extraVars: {} })
    expect(merged.unsafe.has('reg')).to.equal(true)
    expect(merged.unsafe.has('fact')).to.equal(false)
  })
  it('hash_behaviour=merge merges dicts across layers', () => {
    const merged = mergeLayers([{ values: { d: { a: 1, n: { x: 1 } } } }, { values: { d: { b: 2, n: { y: 2 } } } }], true)
    expect(merged.values.d).to.deep.equal({ a: 1, b: 2, n: { x: 1, y: 2 } })
    expect(mergeLayers([{ values: { d: { a: 1 } } }, { values: { d: { b: 2 } } }]).values.d).to.deep.equal({ b: 2 })
  })
})

describe('lazy templating', () => {
  const templar = new Templar()
  const render = (value: unknown, vars: Record<string, unknown>) => templar.template(value, vars)
  it('a chain sees the winning values at use time', () => {
    const merged = mergeLayers([{ values: { a: 'low', b: 'x', chain: '{{ a }}-{{ b }}' } }, { values: { a: 'high' } }])
    expect(lazyVars(merged, render).chain).to.equal('high-x')
  })
  it('a variable that refers to itself is an error naming it', () => {
    const vars = lazyVars(mergeLayers([{ values: { loop: '{{ loop }}' } }]), render)
    expect(() => vars.loop).to.throw(/loop/)
  })
  it('unsafe values are returned as written', () => {
    const vars = lazyVars({ values: { r: '{{ x }}' }, unsafe: new Set(['r']) }, render)
    expect(vars.r).to.equal('{{ x }}')
  })
  it('only own names exist (no Object.prototype leaks)', () => {
    const vars = lazyVars(mergeLayers([{ values: { a: 1 } }]), render)
    expect('toString' in vars).to.equal(false)
    expect(Object.keys(vars)).to.deep.equal(['a'])
  })
})
