import { expect } from 'chai'
import { compilePyRegex, pyReEscape } from '../../../../engine/template/filters/python-regex.js'

const search = (pattern: string, text: string, flags = {}) => compilePyRegex(pattern, flags).exec(text)?.[0] ?? null

// Each expectation is what Python's re module does with the same pattern and text.
describe('python-regex: Python patterns on JavaScript', () => {
  const cases: [string, string, string, string | null, object?][] = [
    ['$ matches before a final newline', 'b$', 'ab\n', 'b'],
    ['$ does not match before an inner newline', 'a$', 'a\nb', null],
    ['$ in multiline mode matches at each line end', 'a$', 'a\nb', 'a', { multiline: true }],
    ['^ in multiline mode matches after \\n only', '^b', 'a\rb', null, { multiline: true }],
    ['\\A and \\Z anchor the whole text', '\\Aab\\Z', 'ab', 'ab'],
    ['\\Z does not match before a final newline', 'b\\Z', 'ab\n', null],
    ['. matches \\r but not \\n', 'a.b', 'a\rb', 'a\rb'],
    ['. with (?s) matches \\n', '(?s)a.b', 'a\nb', 'a\nb'],
    ['named groups and references', '(?P<q>[\'"]).*?(?P=q)', 'x "y" z', '"y"'],
    ['inline ignorecase', '(?i)abc', 'xABC', 'ABC'],
    ['verbose mode', '(?x) a \\s b  # comment', 'a b', 'a b'],
    ['\\d matches non-ASCII digits', '\\d+', 'x٣٤', '٣٤'],
    ['\\w matches letters with accents', '\\w+', 'café!', 'café'],
    ['\\b is a Unicode word boundary', '\\bé', 'café é', 'é'],
    ['a lone brace is a literal', 'a{b', 'xa{b', 'a{b'],
    ['{,2} means {0,2}', 'ba{,2}', 'baaa', 'baa'],
    ['escaped punctuation', '\\:\\-\\%', 'x:-%', ':-%'],
    ['class with ] first', '[]a]+', 'x]a]', ']a]'],
    ['octal escape', '\\101', 'A', 'A'],
    ['(?#comment) is ignored', 'a(?#note)b', 'ab', 'ab'],
  ]
  for (const [name, pattern, text, expected, flags] of cases) {
    it(name, () => expect(search(pattern, text, flags)).to.equal(expected))
  }

  it('anchors match mode at the start and fullmatch at both ends', () => {
    expect(compilePyRegex('b', {}, 'match').test('ab')).to.equal(false)
    expect(compilePyRegex('a', {}, 'match').test('ab')).to.equal(true)
    expect(compilePyRegex('a|ab', {}, 'fullmatch').test('ab')).to.equal(true)
  })

  it('reports what JavaScript cannot run', () => {
    expect(() => compilePyRegex('\\q')).to.throw('bad escape \\q')
    expect(() => compilePyRegex('(?i:a)b')).to.throw('is not supported by tsplay')
    expect(() => compilePyRegex('(?>a)')).to.throw('is not supported by tsplay')
    expect(() => compilePyRegex('[a')).to.throw('unterminated character set')
  })

  it('escapes like re.escape', () => {
    expect(pyReEscape('a.b-c d_e')).to.equal('a\\.b\\-c\\ d_e')
  })
})
