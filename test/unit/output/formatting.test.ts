// The building blocks of Ansible's text, checked against what Python and ansible-core
// produce for the same inputs (fixtures/python-expectations.json, from
// fixtures/python_expectations.py).
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { formatDiffs } from '../../../engine/output/diff.js'
import { deprecationMessage, textWidth } from '../../../engine/output/display.js'
import { pythonJson } from '../../../engine/output/pyjson.js'
import { pythonRepr, pythonStr } from '../../../engine/output/pyrepr.js'
import { wrapText } from '../../../engine/output/textwrap.js'
import { stringc, colorizeCount, recapHost } from '../../../engine/output/colors.js'

const expectations = JSON.parse(readFileSync(new URL('./fixtures/python-expectations.json', import.meta.url), 'utf8'))

describe('formatDiffs (CallbackBase._get_diff)', () => {
  expectations.diffs.forEach((c: { input: Record<string, unknown>; output: string }, i: number) => {
    it(`case ${i}: ${JSON.stringify(c.input).slice(0, 60)}`, () => {
      expect(formatDiffs(c.input, { color: false })).to.equal(c.output)
    })
  })

  it('takes a list of diffs and colours +, - and @@ lines', () => {
    const text = formatDiffs([{ before: 'a\n', after: 'b\n' }, { prepared: 'p\n' }], { color: true })
    expect(text).to.equal(
      '\x1b[0;31m--- before\x1b[0m\n\x1b[0;31m\x1b[0m' + '\x1b[0;32m+++ after\x1b[0m\n\x1b[0;32m\x1b[0m'
      + '\x1b[0;36m@@ -1 +1 @@\x1b[0m\n\x1b[0;36m\x1b[0m' + '\x1b[0;31m-a\x1b[0m\n\x1b[0;31m\x1b[0m'
      + '\x1b[0;32m+b\x1b[0m\n\x1b[0;32m\x1b[0m' + '\n' + 'p\n')
  })

  it('honours diff_context', () => {
    const before = 'a\nb\nc\nd\ne\n'
    expect(formatDiffs({ before, after: before.replace('c', 'C') }, { color: false, context: 1 }))
      .to.equal('--- before\n+++ after\n@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n\n')
  })
})

describe('wrapText (Python textwrap.wrap)', () => {
  for (const c of expectations.wraps as { input: [string, number, boolean]; output: string[] }[]) {
    it(`${c.input[0].slice(0, 40)}… at ${c.input[1]} columns`, () => {
      expect(wrapText(c.input[0], c.input[1], { dropWhitespace: c.input[2] })).to.deep.equal(c.output)
    })
  }
  it('returns no lines for empty text', () => {
    expect(wrapText('', 10)).to.deep.equal([])
  })
})

describe('deprecationMessage (Display.get_deprecation_message)', () => {
  for (const c of expectations.deprecations as { input: [string, Record<string, string>]; output: string }[]) {
    it(c.input[0], () => {
      const info = c.input[1]
      expect(deprecationMessage(c.input[0], { version: info.version, date: info.date, collectionName: info.collection_name })).to.equal(c.output)
    })
  }
})

describe('pythonJson (json.dumps, ensure_ascii=False)', () => {
  const table: [unknown, { indent?: number; sortKeys?: boolean }, string][] = [
    [{ b: 1, a: [1, 'x', null, true] }, { sortKeys: true }, '{"a": [1, "x", null, true], "b": 1}'],
    [{ b: 1, a: 2 }, {}, '{"b": 1, "a": 2}'],
    [{ a: [], b: {}, c: [1] }, { indent: 4 }, '{\n    "a": [],\n    "b": {},\n    "c": [\n        1\n    ]\n}'],
    ['é "q" \n \u0001', {}, '"é \\"q\\" \\n \\u0001"'],
    [{ u: undefined, n: NaN, i: -Infinity }, {}, '{"n": NaN, "i": -Infinity}'],
    [{ '\u{1F600}': 1, '\uFFFF': 2 }, { sortKeys: true }, '{"\uFFFF": 2, "\u{1F600}": 1}'],
  ]
  for (const [value, opts, text] of table) {
    it(text.replace(/\n/g, '⏎'), () => expect(pythonJson(value, opts)).to.equal(text))
  }
})

describe('pythonStr / pythonRepr (loop labels)', () => {
  const table: [unknown, string][] = [
    ['web1', 'web1'],
    [{ name: 'n1', v: true, w: null }, "{'name': 'n1', 'v': True, 'w': None}"],
    [[1, 'a', false], "[1, 'a', False]"],
    [null, 'None'],
    [{ q: "it's" }, `{'q': "it's"}`],
    [{ q: `both ' and "` }, `{'q': 'both \\' and "'}`],
    [{ t: 'a\tb\n' }, "{'t': 'a\\tb\\n'}"],
    [1.5, '1.5'],
  ]
  for (const [value, text] of table) {
    it(text, () => expect(pythonStr(value)).to.equal(text))
  }
  it('repr quotes a top-level string', () => expect(pythonRepr('x')).to.equal("'x'"))
})

describe('colours and widths', () => {
  it('colours each line separately', () => {
    expect(stringc('a\nb', 'green', true)).to.equal('\x1b[0;32ma\x1b[0m\n\x1b[0;32mb\x1b[0m')
    expect(stringc('a\nb', 'green', false)).to.equal('a\nb')
  })
  it('pads recap counters to four columns and colours only non-zero ones', () => {
    expect(colorizeCount('ok', 3, 'green', true)).to.equal('\x1b[0;32mok=3   \x1b[0m')
    expect(colorizeCount('failed', 0, 'red', true)).to.equal('failed=0   ')
    expect(colorizeCount('ok', 12345, undefined, false)).to.equal('ok=12345')
  })
  it('colours the recap host by its worst outcome', () => {
    const zero = { failed: 0, unreachable: 0, changed: 0 }
    expect(recapHost('h', { ...zero, unreachable: 1 }, true)).to.equal('\x1b[0;31mh\x1b[0m'.padEnd(37))
    expect(recapHost('h', { ...zero, changed: 1 }, true)).to.equal('\x1b[0;33mh\x1b[0m'.padEnd(37))
    expect(recapHost('h', zero, false)).to.equal('h'.padEnd(26))
  })
  it('counts wide characters twice in banners', () => {
    expect(textWidth('abc')).to.equal(3)
    expect(textWidth('日本')).to.equal(4)
    expect(textWidth('e\u0301')).to.equal(1)
  })
})
