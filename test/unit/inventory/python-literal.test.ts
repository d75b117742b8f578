import { expect } from 'chai'
import { iniValue } from '../../../engine/inventory/python-literal.js'

// Expected values checked against Python 3.11's ast.literal_eval (as ansible's INI plugin uses it).
describe('inventory INI values (Python literals)', () => {
  const cases: Array<[string, unknown]> = [
    ['1', 1],
    ['-3', -3],
    ['- 1', -1],
    ['+5', 5],
    ['1_000', 1000],
    ['0x1f', 31],
    ['-0x10', -16],
    ['0o17', 15],
    ['0b11', 3],
    ['00', 0],
    ['1.5', 1.5],
    ['1.', 1],
    ['.5', 0.5],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['1e400', Infinity],
    ['True', true],
    ['False', false],
    ['None', null],
    ['"quoted"', 'quoted'],
    ["'single'", 'single'],
    ['"a" "b"', 'ab'],
    ['"a\\nb"', 'a\nb'],
    ["'\\x41'", 'A'],
    ['r"\\n"', '\\n'],
    ['u"x"', 'x'],
    ['b"x"', 'x'],
    ['"""tri"""', 'tri'],
    ['[1, 2]', [1, 2]],
    ['[1,]', [1]],
    ['(1, 2)', [1, 2]],
    ['(1)', 1],
    ['()', []],
    ['{}', {}],
    ['{"a": [1, (2,)]}', { a: [1, [2]] }],
    ['{"a":1,}', { a: 1 }],
    ['{1: "x"}', { 1: 'x' }],
    ['{1, 2, 1}', [1, 2]],
    ['1 # trailing comment', 1],
    ['  7', 7],
    // Not literals: the text is kept as written.
    ['hello # not a comment', 'hello # not a comment'],
    ['yes', 'yes'],
    ['true', 'true'],
    ['0644', '0644'],
    ['07', '07'],
    ['1__0', '1__0'],
    ['inf', 'inf'],
    ['--1', '--1'],
    ['1+2', '1+2'],
    ['1j', '1j'],
    ['x=1', 'x=1'],
    ['1 2', '1 2'],
    ["{k:1}", '{k:1}'],
    ['f"x"', 'f"x"'],
    ['"unclosed', '"unclosed'],
    ['[1, 2', '[1, 2'],
    ['{[1]: 2}', '{[1]: 2}'],
    ['', ''],
  ]
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => {
      expect(iniValue(text)).to.deep.equal(expected)
    })
  }
})
