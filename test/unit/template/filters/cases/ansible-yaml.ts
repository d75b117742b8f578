import { PyDatetime } from '../../../../../engine/template/filters/python-datetime.js'
import type { FilterCase } from './case.js'

const nested = { name: 'web', ports: [80, 443], env: { A: '1', B: 'yes' }, vms: [{ n: 'a', disks: [10, 20] }, { n: 'b', disks: [] }], empty: {} }

export const ansibleYamlCases: FilterCase[] = [
  { f: 'to_yaml', v: { b: 1, a: [1, 2] }, repr: "'a: [1, 2]\\nb: 1\\n'" },
  { f: 'to_yaml', v: nested, repr: "\"empty: {}\\nenv: {A: '1', B: 'yes'}\\nname: web\\nports: [80, 443]\\nvms:\\n- disks: [10, 20]\\n  n: a\\n- disks: []\\n  n: b\\n\"" },
  { f: 'to_yaml', v: 'plain text', repr: "'plain text\\n'" },
  { f: 'to_yaml', v: ['yes', 'No', '1.0', '0o7', '0x1F', '1e3', '~', '', 'null', '2001-12-14', '=', '<<', '- x', 'a: b', 'a:b', '#c', 'a #b', ' lead', 'trail ', '@x', '`x', 'it\'s'], repr: "\"['yes', 'No', '1.0', 0o7, '0x1F', 1e3, '~', '', 'null', '2001-12-14', '=', '<<', '-\\n    x', 'a: b', 'a:b', '#c', 'a #b', ' lead', 'trail ', '@x', '`x', it's]\\n\"" },
  { f: 'to_yaml', v: { multi: 'line one\nline two\n', tab: 'a\tb', uni: 'é ü 中', emoji: 'smile 😀', ctrl: '\u0007' }, repr: "'{ctrl: \"\\\\a\", emoji: \"smile \\\\U0001F600\", multi: \\'line one\\n\\n    line two\\n\\n    \\', tab: \"a\\\\tb\", uni: é ü 中}\\n'" },
  { f: 'to_yaml', v: { long: 'word '.repeat(30).trim(), list: Array.from({ length: 30 }, (_, i) => `item${i}`) }, repr: "'list: [item0, item1, item2, item3, item4, item5, item6, item7, item8, item9, item10,\\n  item11, item12, item13, item14, item15, item16, item17, item18, item19, item20,\\n  item21, item22, item23, item24, item25, item26, item27, item28, item29]\\nlong: word word word word word word word word word word word word word word word word\\n  word word word word word word word word word word word word word word\\n'" },
  { f: 'to_yaml', v: { 'key with: colon': 1, '': 2, ['k'.repeat(130)]: 3 }, repr: "\"{'': 2, 'key with: colon': 1, ? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\\n  : 3}\\n\"" },
  { f: 'to_yaml', v: [1.5, 1e16, 1e-7, 10000000000000000000, true, null, -0.5], repr: "'[1.5, 1.0e+16, 1.0e-07, 1.0e+19, true, null, -0.5]\\n'" },
  { f: 'to_yaml', v: { a: 1 }, kw: { default_flow_style: false }, repr: "'a: 1\\n'" },
  { f: 'to_yaml', v: { a: [1] }, kw: { indent: 4, default_flow_style: false, explicit_start: true }, repr: "'---\\na:\\n- 1\\n'" },
  { f: 'to_yaml', v: { z: 1, a: 2 }, kw: { sort_keys: false }, repr: "'{z: 1, a: 2}\\n'" },
  { f: 'to_yaml', v: { d: 'quote "double" here and a tab\there, and it goes on for a long long long time', x: 1 }, repr: "'{d: \"quote \\\\\"double\\\\\" here and a tab\\\\there, and it goes on for a long long long time\",\\n  x: 1}\\n'" },
  { f: 'to_yaml', v: { when: new PyDatetime(2016, 8, 14, 20, 0, 12) }, expr: "{'when': '2016-08-14 20:00:12'|to_datetime}|to_yaml", repr: "\"{when: ! '2016-08-14 20:00:12'}\\n\"" },
  { f: 'to_nice_yaml', v: nested, repr: "\"empty: {}\\nenv:\\n    A: '1'\\n    B: 'yes'\\nname: web\\nports:\\n- 80\\n- 443\\nvms:\\n-   disks:\\n    - 10\\n    - 20\\n    n: a\\n-   disks: []\\n    n: b\\n\"" },
  { f: 'to_nice_yaml', v: nested, kw: { indent: 2 }, repr: "\"empty: {}\\nenv:\\n  A: '1'\\n  B: 'yes'\\nname: web\\nports:\\n- 80\\n- 443\\nvms:\\n- disks:\\n  - 10\\n  - 20\\n  n: a\\n- disks: []\\n  n: b\\n\"" },
  { f: 'to_nice_yaml', v: [[1, [2, 3]], { a: [{ b: 1, c: [4] }] }], repr: "'-   - 1\\n    -   - 2\\n        - 3\\n-   a:\\n    -   b: 1\\n        c:\\n        - 4\\n'" },
  { f: 'to_nice_yaml', v: { text: 'a long line of text that goes past the eighty column limit of the emitter for sure yes' }, repr: "'text: a long line of text that goes past the eighty column limit of the emitter for\\n    sure yes\\n'" },
  { f: 'to_nice_yaml', v: [], repr: "'[]\\n'" },
  { f: 'to_yaml', v: [{ a: [1, { b: 'x y' }] }, ['multi\nline', 'x']], repr: "\"- a:\\n  - 1\\n  - {b: x y}\\n- ['multi\\n\\n    line', x]\\n\"" },
  { f: 'to_yaml', v: { sep: 'a\u2028b', nel: 'a\u0085b', bom: '\ufeffx', cr: 'a\rb' }, repr: "'{bom: \"\\\\uFEFFx\", cr: \"a\\\\rb\", nel: \"a\\\\Nb\", sep: \\'a\\u2028    b\\'}\\n'" },
  { f: 'to_yaml', v: { q: "it's \"quoted\"", lead: '- item', colon: 'http://x:80', hash: 'a#b', star: '*x', pct: '%x' }, repr: "'{colon: \\'http://x:80\\', hash: a#b, lead: \\'- item\\', pct: \\'%x\\', q: it\\'s \"quoted\", star: \\'*x\\'}\\n'" },
  { f: 'to_yaml', v: { long: 'x'.repeat(100) + ' ' + 'y'.repeat(10), spaces: 'a  b   c' }, repr: "'{long: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\\n    yyyyyyyyyy, spaces: a  b   c}\\n'" },
  { f: 'to_nice_yaml', v: { a: { b: { c: [1, 2] } }, d: [[], {}], e: null, f: true, g: 1.25 }, repr: "'a:\\n    b:\\n        c:\\n        - 1\\n        - 2\\nd:\\n- []\\n- {}\\ne: null\\nf: true\\ng: 1.25\\n'" },
  { f: 'to_nice_yaml', v: { k: 'line1\nline2', l: ['a\n', ' b'] }, repr: "\"k: 'line1\\n\\n    line2'\\nl:\\n- 'a\\n\\n    '\\n- ' b'\\n\"" },
  { f: 'to_nice_yaml', v: { s: 'x '.repeat(60) + 'end' }, kw: { width: 40 }, repr: "'s: x x x x x x x x x x x x x x x x x x x x\\n    x x x x x x x x x x x x x x x x x x x\\n    x x x x x x x x x x x x x x x x x x x\\n    x x end\\n'" },
  { f: 'from_yaml', v: 'a: 1\nb: [yes, off, 0755, 1e3, 1.5e+3, ~, "x"]\nc: {d: 2}\n', repr: "{'a': 1, 'b': [True, False, 493, '1e3', 1500, None, 'x'], 'c': {'d': 2}}", differs: 'JS has one number type: an integral float prints like an int' },
  { f: 'from_yaml', v: 'base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n', repr: "{'base': {'x': 1, 'y': 2}, 'derived': {'x': 1, 'y': 3}}" },
  { f: 'from_yaml', v: '- 1\n- two\n', repr: "[1, 'two']" },
  { f: 'from_yaml', v: 5, repr: "5" },
  { f: 'from_yaml', v: 'a: [1', error: 'from_yaml', differs: 'ansible reports the PyYAML parser error' },
  { f: 'from_yaml_all', v: 'a: 1\n---\nb: 2\n---\n- x\n', repr: "[{'a': 1}, {'b': 2}, ['x']]" },
  { f: 'from_yaml_all', v: '--- 1\n--- two\n', repr: "[1, 'two']" },
]
