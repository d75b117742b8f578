import { expect } from 'chai'
import { shellSplit } from '../../../engine/util/shlex.js'
const shlexSplit = (line: string) => shellSplit(line, { comments: true })

// Expected values checked against Python's shlex.split(line, comments=True).
describe('inventory INI host line splitting', () => {
  const cases: Array<[string, string[]]> = [
    ['a b c', ['a', 'b', 'c']],
    ['a b#c d', ['a', 'b']],
    ['a # b', ['a']],
    [`a "b c"d 'e\\f' g\\ h`, ['a', 'b cd', 'e\\f', 'g h']],
    ['x="a\\"b\\q"', ['x=a"b\\q']],
    ["x=''", ['x=']],
    ['a="1"#x', ['a=1']],
    ["s='it''s'", ['s=its']],
    ['u="x # y"', ['u=x # y']],
    ['  spaced\tout  ', ['spaced', 'out']],
  ]
  for (const [line, words] of cases) {
    it(`splits ${JSON.stringify(line)}`, () => {
      expect(shlexSplit(line)).to.deep.equal(words)
    })
  }

  it('refuses an unclosed quote and a trailing backslash', () => {
    expect(() => shlexSplit('a "b')).to.throw('No closing quotation')
    expect(() => shlexSplit('a b\\')).to.throw('No escaped character')
  })
})
