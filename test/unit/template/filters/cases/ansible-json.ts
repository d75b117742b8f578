import { PyFloat } from '../../../../../engine/template/filters/python-float.js'
import { PyDatetime } from '../../../../../engine/template/filters/python-datetime.js'
import type { FilterCase } from './case.js'

export const ansibleJsonCases: FilterCase[] = [
  { f: 'to_json', v: { b: 1, a: [1, 2.5, null, true, 'é'] }, repr: "'{\"b\": 1, \"a\": [1, 2.5, null, true, \"\\\\u00e9\"]}'" },
  { f: 'to_json', v: { b: 1, a: 2 }, kw: { sort_keys: true }, repr: "'{\"a\": 2, \"b\": 1}'" },
  { f: 'to_json', v: { a: [1, { b: 'x' }] }, kw: { indent: 2 }, repr: "'{\\n  \"a\": [\\n    1,\\n    {\\n      \"b\": \"x\"\\n    }\\n  ]\\n}'" },
  { f: 'to_json', v: 'é\n"', kw: { ensure_ascii: false }, repr: "'\"é\\\\n\\\\\"\"'" },
  { f: 'to_json', v: [1, 2], kw: { separators: [',', ':'] }, repr: "'[1,2]'" },
  { f: 'to_json', v: 'tab\there \u0001 \u{1F600}', repr: "'\"tab\\\\there \\\\u0001 \\\\ud83d\\\\ude00\"'" },
  { f: 'to_json', v: [1e16, 0.1, -0.0, 1e-7], repr: "'[1e+16, 0.1, -0.0, 1e-07]'" },
  { f: 'to_json', v: [new PyDatetime(2016, 8, 14, 20, 0, 12)], expr: "['2016-08-14 20:00:12'|to_datetime]|to_json", repr: "'[\"2016-08-14T20:00:12\"]'" },
  { f: 'to_json', v: new Set(['b']), expr: "('ab'|intersect('bc'))|to_json", error: 'Object of type set is not JSON serializable' },
  { f: 'to_nice_json', v: { b: [1, 2], a: { d: {}, c: [] } }, repr: "'{\\n    \"a\": {\\n        \"c\": [],\\n        \"d\": {}\\n    },\\n    \"b\": [\\n        1,\\n        2\\n    ]\\n}'" },
  { f: 'to_nice_json', v: { b: 1, a: 2 }, kw: { indent: 2 }, repr: "'{\\n  \"a\": 2,\\n  \"b\": 1\\n}'" },
  { f: 'to_nice_json', v: { b: 1, a: 2 }, a: [1, false], repr: "'{\\n \"b\": 1,\\n \"a\": 2\\n}'" },
  { f: 'from_json', v: '{"a": [1, 2.5, null, true], "b": "\\u00e9"}', repr: "{'a': [1, 2.5, None, True], 'b': 'é'}" },
  { f: 'from_json', v: '[1, 2', error: "Expecting ',' delimiter: line 1 column 6 (char 5)" },
  { f: 'from_json', v: '[1, 2] x', error: 'Extra data: line 1 column 8 (char 7)' },
  { f: 'from_json', v: '', error: 'Expecting value: line 1 column 1 (char 0)' },
  { f: 'from_json', v: '[01]', error: "Expecting ',' delimiter: line 1 column 3 (char 2)" },
  { f: 'from_json', v: '{"a" 1}', error: "Expecting ':' delimiter: line 1 column 6 (char 5)" },
  { f: 'from_json', v: "{'a': 1}", error: 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)' },
  { f: 'from_json', v: '[1, 2.0, 1e2, 1E400, -0.0, 12345678901234567890, NaN]', repr: '[1, 2.0, 100.0, inf, -0.0, 12345678901234567890, nan]' },
  { f: 'from_json', v: '{"a": 1.0, "b": -0, "a": 2}', repr: "{'a': 2, 'b': 0}" },
  { f: 'from_json', v: ' "\\u00e9\\n\\"" ', repr: `'é\\n"'` },
  { f: 'from_json', v: { a: 1 }, error: 'the JSON object must be str, bytes or bytearray, not dict' },
  { f: 'to_json', v: new PyFloat(2), repr: "'2.0'" },
  { f: 'to_json', v: [new PyFloat(2), 0.5, 1e100, -0], repr: "'[2.0, 0.5, 1e+100, -0.0]'" },
  { f: 'to_json', v: 1e16, repr: "'1e+16'" },
  { f: 'to_nice_json', v: { a: new PyFloat(1) }, repr: "'{\\n    \"a\": 1.0\\n}'" },
]
