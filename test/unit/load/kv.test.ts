// Free-form arguments split and parsed exactly as ansible-core's split_args/parse_kv do:
// every case of fixtures/kv-expectations.json (made by fixtures/kv_expectations.py from
// Ansible itself) must come out the same.
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { ParseError } from '../../../engine/errors.js'
import { decodeEscapes, joinArgs, parseKv, splitArgs, unquote } from '../../../engine/load/kv.js'

interface Expectation {
  input: string
  split: string[] | 'ERROR'
  kv: Record<string, string> | 'ERROR'
  raw: Record<string, string> | 'ERROR'
}

const expectations: Expectation[] = JSON.parse(readFileSync(new URL('./fixtures/kv-expectations.json', import.meta.url), 'utf8'))

function outcome(fn: () => unknown): unknown {
  try {
    return fn()
  } catch (err) {
    expect(err).to.be.instanceOf(ParseError)
    return 'ERROR'
  }
}

describe('splitArgs / parseKv match ansible-core', () => {
  for (const c of expectations) {
    it(JSON.stringify(c.input), () => {
      expect(outcome(() => splitArgs(c.input)), 'split_args').to.deep.equal(c.split)
      expect(outcome(() => parseKv(c.input)), 'parse_kv').to.deep.equal(c.kv)
      expect(outcome(() => parseKv(c.input, { checkRaw: true })), 'parse_kv(check_raw=True)').to.deep.equal(c.raw)
    })
  }
})

describe('kv helpers', () => {
  it('reports unbalanced input with Ansible wording', () => {
    expect(() => splitArgs('msg="{{ a }}')).to.throw(ParseError, 'failed at splitting arguments, either an unbalanced jinja2 block or quotes: msg="{{ a }}')
  })

  it('tolerates leading spaces (ansible-core fails with an IndexError)', () => {
    expect(splitArgs('  echo hi')).to.deep.equal(['echo', 'hi'])
  })

  const unquoted: Array<[string, string]> = [
    ['"a b"', 'a b'],
    ["'a'", 'a'],
    ['"a\\"', '"a\\"'],
    ['"a\'', '"a\''],
    ['"', '"'],
  ]
  for (const [input, expected] of unquoted) {
    it(`unquote(${input}) → ${expected}`, () => expect(unquote(input)).to.equal(expected))
  }

  it('decodes Python escapes and leaves unknown ones', () => {
    expect(decodeEscapes('a\\tb\\x41\\u00e9\\U0001F600\\q')).to.equal('a\tbAé😀\\q')
  })

  it('joinArgs keeps newlines carried by words', () => {
    expect(joinArgs(['echo', 'a\n', 'b'])).to.equal('echo a\nb')
  })
})

describe('parseKv safety', () => {
  it('a __proto__ key is data', () => {
    const args = parseKv('__proto__=x a=1')
    expect(Object.keys(args)).to.deep.equal(['__proto__', 'a'])
    expect(Object.getPrototypeOf(args)).to.equal(Object.prototype)
  })
})
