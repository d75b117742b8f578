// The controller-side modules: only their run() (the engine tests them end to end).
import { expect } from 'chai'
import { TemplateError } from '../../../engine/errors.js'
import { Undefined } from '../../../engine/template/undefined.js'
import addHost, { parseAddress } from '../../../modules/add_host.js'
import assertModule from '../../../modules/assert.js'
import debug from '../../../modules/debug.js'
import failModule from '../../../modules/fail.js'
import groupBy from '../../../modules/group_by.js'
import meta from '../../../modules/meta.js'
import ping from '../../../modules/ping.js'
import setFact from '../../../modules/set_fact.js'
import { FakeHost, fakeContext } from './fake-host.js'

const host = new FakeHost()

describe('debug module', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['the default message', { verbosity: 0 }, { msg: 'Hello world!' }],
    ['a message of any type', { msg: [1, 2], verbosity: 0 }, { msg: [1, 2] }],
    ['a variable under its expression', { var: 'x.y + 1', verbosity: 0 }, { 'x.y + 1': 42 }],
  ]
  for (const [title, p, shown] of cases) {
    it(`shows ${title}`, async () => {
      const out = await debug.run(host, p as never, fakeContext({ evaluate: () => 42 }))
      expect(out).to.deep.equal({ kind: 'ok', result: { ...shown, _ansible_verbose_always: true } })
    })
  }

  const undefinedWays: [string, () => unknown][] = [
    ['returns Undefined', () => new Undefined('nope')],
    ['throws an undefined-variable error', () => { throw new TemplateError("'nope' is undefined") }],
  ]
  for (const [how, evaluate] of undefinedWays) {
    it(`says VARIABLE IS NOT DEFINED! when evaluation ${how}`, async () => {
      const out = await debug.run(host, { var: 'nope', verbosity: 0 }, fakeContext({ evaluate }))
      expect(out.result.nope).to.equal('VARIABLE IS NOT DEFINED!')
      const verbose = await debug.run(host, { var: 'nope', verbosity: 0 }, fakeContext({ evaluate, verbosity: 1 }))
      expect(verbose.result.nope).to.match(/^VARIABLE IS NOT DEFINED!: .*nope/)
    })
  }

  it('passes on other template errors', async () => {
    const evaluate = () => { throw new TemplateError('unexpected token') }
    let caught: unknown
    await debug.run(host, { var: 'a +', verbosity: 0 }, fakeContext({ evaluate })).catch((e) => (caught = e))
    expect(caught).to.be.instanceOf(TemplateError)
  })

  it('is skipped below its verbosity, and refuses msg with var', async () => {
    expect(await debug.run(host, { msg: 'x', verbosity: 2 }, fakeContext({ verbosity: 1 }))).to.deep.equal({
      kind: 'skip',
      result: { skipped_reason: 'Verbosity threshold not met.' },
    })
    const both = await debug.run(host, { msg: 'x', var: 'y', verbosity: 0 }, fakeContext())
    expect(both).to.deep.equal({ kind: 'fail', result: { msg: "'msg' and 'var' are incompatible options" } })
  })
})

describe('assert module', () => {
  const truth = (expr: unknown) => expr !== 'false'
  const base = { success_msg: 'All assertions passed', quiet: false }

  it('passes when every condition holds', async () => {
    const out = await assertModule.run(host, { ...base, that: ['a', 'b'] }, fakeContext({ condition: truth }))
    expect(out).to.deep.equal({ kind: 'ok', result: { msg: 'All assertions passed', _ansible_verbose_always: true } })
  })

  const failures: [Record<string, unknown>, unknown][] = [
    [{ that: ['a', 'false', 'c'] }, 'Assertion failed'],
    [{ that: 'false', msg: 'custom' }, 'custom'],
    [{ that: ['false'], fail_msg: ['one', 'two'], msg: 'ignored' }, ['one', 'two']],
  ]
  for (const [p, msg] of failures) {
    it(`names the first false condition (${JSON.stringify(p)})`, async () => {
      const out = await assertModule.run(host, { ...base, ...p } as never, fakeContext({ condition: truth }))
      expect(out).to.deep.equal({ kind: 'fail', result: { evaluated_to: false, assertion: 'false', msg, _ansible_verbose_always: true } })
    })
  }

  it('does not force output when quiet', async () => {
    const out = await assertModule.run(host, { ...base, that: 'x', quiet: true }, fakeContext({ condition: truth }))
    expect(out.result).to.deep.equal({ msg: 'All assertions passed' })
  })
})

describe('fail module', () => {
  it('fails with its message', async () => {
    expect(await failModule.run(host, { msg: 'Failed as requested from task' }, fakeContext())).to.deep.equal({
      kind: 'fail',
      result: { msg: 'Failed as requested from task' },
    })
  })
})

describe('set_fact module', () => {
  it('returns the variables as ansible_facts, turning yes/no words into booleans', async () => {
    const out = await setFact.run(host, { cacheable: true, a: 'Yes', b: 'false', c: 'maybe', d: [1], constructor: 'x' }, fakeContext())
    expect(out).to.deep.equal({
      kind: 'ok',
      result: { ansible_facts: { a: true, b: false, c: 'maybe', d: [1], constructor: 'x' }, _ansible_facts_cacheable: true },
    })
  })

  const refusals: [Record<string, unknown>, RegExp][] = [
    [{}, /No key\/value pairs provided/],
    [{ 'bad-name': 1 }, /The variable name 'bad-name' is not valid/],
  ]
  for (const [vars, msg] of refusals) {
    it(`fails for ${JSON.stringify(vars)}`, async () => {
      const out = await setFact.run(host, { cacheable: false, ...vars }, fakeContext())
      expect(out.kind).to.equal('fail')
      expect(String(out.result.msg)).to.match(msg)
    })
  }
})

describe('add_host module', () => {
  const addresses: [string, { name: string; port?: number }][] = [
    ['node1', { name: 'node1' }],
    ['node1:2222', { name: 'node1', port: 2222 }],
    ['[fd00::5]:22', { name: 'fd00::5', port: 22 }],
    ['fd00::5', { name: 'fd00::5' }],
  ]
  for (const [text, parsed] of addresses) {
    it(`parses the address ${text}`, () => expect(parseAddress(text)).to.deep.equal(parsed))
  }

  it('returns the host, its groups and its variables', async () => {
    const out = await addHost.run(host, { hostname: 'uc:2022', groups: 'undercloud, lab,undercloud', ansible_user: 'stack' }, fakeContext())
    expect(out).to.deep.equal({
      kind: 'ok',
      result: { add_host: { host_name: 'uc', groups: ['undercloud', 'lab'], host_vars: { ansible_user: 'stack', ansible_ssh_port: 2022 } } },
    })
  })

  it('fails without a name', async () => {
    const out = await addHost.run(host, { groups: ['x'] }, fakeContext())
    expect(out.result.msg).to.equal('name, host or hostname needs to be provided')
  })
})

describe('group_by module', () => {
  it('makes group names without spaces', async () => {
    expect(await groupBy.run(host, { key: 'os Debian 12', parents: 'all os' }, fakeContext())).to.deep.equal({
      kind: 'ok',
      result: { add_group: 'os-Debian-12', parent_groups: ['all-os'] },
    })
    const out = await groupBy.run(host, { key: 'x', parents: ['all'] }, fakeContext())
    expect(out.result.parent_groups).to.deep.equal(['all'])
  })
})

describe('meta module', () => {
  it('is never run as a module', async () => {
    let caught: Error | undefined
    await meta.run(host, { _raw_params: 'flush_handlers' }, fakeContext()).catch((e) => (caught = e))
    expect(caught?.message).to.match(/handled by the engine/)
  })
})

describe('ping module', () => {
  it('runs a command on the target and answers pong (or data)', async () => {
    const target = new FakeHost()
    expect(await ping.run(target, { data: 'pong' }, fakeContext())).to.deep.equal({ kind: 'ok', result: { ping: 'pong' } })
    expect(target.execs).to.deep.equal([['true']])
  })

  it('fails when the target cannot run commands, and crashes on request', async () => {
    const broken = new FakeHost().onExec('true', { rc: 127, stderr: 'true: not found' })
    expect((await ping.run(broken, { data: 'pong' }, fakeContext())).kind).to.equal('fail')
    let caught: Error | undefined
    await ping.run(new FakeHost(), { data: 'crash' }, fakeContext()).catch((e) => (caught = e))
    expect(caught?.message).to.equal('boom')
  })
})
