import type { FilterCase } from './case.js'

export const ansibleStringCases: FilterCase[] = [
  { f: 'comment', v: 'hello\nworld', repr: "'#\\n# hello\\n# world\\n#'" },
  { f: 'comment', v: 'hello', a: ['c'], repr: "'//\\n// hello\\n//'" },
  { f: 'comment', v: 'hello\nworld', a: ['cblock'], repr: "'/*\\n *\\n * hello\\n * world\\n *\\n */'" },
  { f: 'comment', v: 'hello', a: ['erlang'], repr: "'%\\n% hello\\n%'" },
  { f: 'comment', v: 'hello', a: ['xml'], repr: "'<!--\\n -\\n - hello\\n -\\n-->'" },
  { f: 'comment', v: 'a\n\nb', kw: { decoration: '; ' }, repr: "';\\n; a\\n;\\n; b\\n;'" },
  { f: 'comment', v: 'x', kw: { prefix: '#####', postfix: '#####', prefix_count: 2 }, repr: "'#####\\n#####\\n# x\\n#####'" },
  { f: 'comment', v: 'x', kw: { beginning: '/**', end: '**/', decoration: ' * ' }, repr: "'/**\\n *\\n * x\\n *\\n**/'" },
  { f: 'split', v: 'a,b,,c', a: [','], repr: "['a', 'b', '', 'c']" },
  { f: 'split', v: '  a  b c ', repr: "['a', 'b', 'c']" },
  { f: 'split', v: 'a-b-c', a: ['-', 1], repr: "['a', 'b-c']" },
  { f: 'split', v: 5, error: "descriptor 'split' for 'str' objects doesn't apply to a 'int' object" },
]
