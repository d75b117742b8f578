import { UNDEF, type FilterCase } from './case.js'

export const jinjaMiscCases: FilterCase[] = [
  { f: 'attr', v: { a: 1 }, a: ['a'], error: "'dict object' has no attribute 'a'" },
  { f: 'default', v: UNDEF, a: ['fallback'], repr: "'fallback'" },
  { f: 'default', v: 'set', a: ['fallback'], repr: "'set'" },
  { f: 'default', v: '', a: ['fallback'], repr: "''" },
  { f: 'default', v: '', a: ['fallback', true], repr: "'fallback'" },
  { f: 'default', v: 0, kw: { default_value: 5, boolean: true }, repr: "5" },
  { f: 'default', v: null, a: ['fallback'], repr: "None" },
  { f: 'default', v: UNDEF, repr: "''" },
  { f: 'd', v: UNDEF, a: [[1, 2]], repr: "[1, 2]" },
  { f: 'd', v: [], a: ['x', true], repr: "'x'" },
  { f: 'pprint', v: { b: [1, 2], a: 'x' }, repr: "\"{'a': 'x', 'b': [1, 2]}\"" },
  { f: 'pprint', v: { z: 'x'.repeat(50), a: [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000, 12000] }, repr: "\"{'a': [0,\\n       1000,\\n       2000,\\n       3000,\\n       4000,\\n       5000,\\n       6000,\\n       7000,\\n       8000,\\n       9000,\\n       10000,\\n       11000,\\n       12000],\\n 'z': 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'}\"" },
  { f: 'pprint', v: ['word '.repeat(20)], repr: "\"['word word word word word word word word word word word word word word word '\\n 'word word word word word ']\"" },
  { f: 'pprint', v: 'word '.repeat(20), repr: "\"('word word word word word word word word word word word word word word word '\\n 'word word word word word ')\"" },
  { f: 'tojson', v: { b: "<a href='x'>&</a>", a: [1, null, true] }, repr: "'{\"a\": [1, null, true], \"b\": \"\\\\u003ca href=\\\\u0027x\\\\u0027\\\\u003e\\\\u0026\\\\u003c/a\\\\u003e\"}'", differs: 'Markup is plain text in tsplay (same printed output)' },
  { f: 'tojson', v: { b: 1, a: 'é' }, a: [2], repr: "'{\\n  \"a\": \"\\\\u00e9\",\\n  \"b\": 1\\n}'", differs: 'Markup is plain text in tsplay (same printed output)' },
  { f: 'tojson', v: UNDEF, error: "'undef_var' is undefined", differs: 'ansible: Object of type AnsibleUndefined is not JSON serializable' },
]
