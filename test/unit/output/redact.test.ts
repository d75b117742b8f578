import { expect } from 'chai'
import { CENSORED_MESSAGE, cleanResult, redactNoLog, stripInternalKeys } from '../../../engine/output/redact.js'

describe('redactNoLog', () => {
  it("keeps only Ansible's preserved keys", () => {
    expect(redactNoLog({ changed: true, attempts: 2, retries: 3, stdout: 'secret', failed: true, msg: 'secret' }))
      .to.deep.equal({ censored: CENSORED_MESSAGE, changed: true, attempts: 2, retries: 3 })
  })
  it('keeps the connection part of the delegated vars only', () => {
    expect(redactNoLog({ _ansible_delegated_vars: { ansible_host: 'h', ansible_password: 'pw' } }))
      .to.deep.equal({ censored: CENSORED_MESSAGE, _ansible_delegated_vars: { ansible_host: 'h' } })
  })
})

describe('cleanResult (what callbacks see)', () => {
  const table: [string, Record<string, unknown>, string, boolean, Record<string, unknown>][] = [
    ['drops failed/skipped and stray internal keys', { failed: true, skipped: false, rc: 1, _ansible_parsed: true, _ansible_no_log: false }, 'command', false,
      { rc: 1, _ansible_no_log: false }],
    ['drops invocation for debug only', { msg: 'x', invocation: {} }, 'debug', false, { msg: 'x' }],
    ['keeps invocation for modules', { invocation: { a: 1 } }, 'command', false, { invocation: { a: 1 } }],
    ['censors a no_log task', { changed: false, stdout: 's' }, 'command', true, { censored: CENSORED_MESSAGE, changed: false }],
    ['censors a result the module marked', { changed: true, pw: 's', _ansible_no_log: true }, 'command', false, { censored: CENSORED_MESSAGE, changed: true }],
    ['strips nested internal keys but the display ones', { results: [{ _ansible_item_label: 'a', _ansible_ignore_errors: null, item: 'a' }] }, 'command', false,
      { results: [{ _ansible_item_label: 'a', item: 'a' }] }],
  ]
  for (const [name, input, action, noLog, expected] of table) {
    it(name, () => expect(cleanResult(input, action, noLog)).to.deep.equal(expected))
  }
  it('does not change its input', () => {
    const input = { failed: true, nested: { _ansible_x: 1 } }
    cleanResult(input, 'command', false)
    expect(input).to.deep.equal({ failed: true, nested: { _ansible_x: 1 } })
  })
  it('stripInternalKeys works in place through lists', () => {
    const value = [{ _ansible_a: 1, b: [{ _ansible_c: 2, d: 3 }] }]
    stripInternalKeys(value)
    expect(value).to.deep.equal([{ b: [{ d: 3 }] }])
  })
})
