// The template engine: Jinja2 as ansible-core 2.14 runs it (non-native mode), with
// Ansible's filters, tests and lookups.
//
// How it is built. Nunjucks was the starting point, but its lexer, grammar and compiler
// each disagree with Jinja2 where playbooks depend on it: string escapes ('\d' loses its
// backslash), precedence (`a * b // c`, `x is test` binding, `~`), JavaScript operators
// in the generated code ('1' == 1, [] is true, [1] + [2] is "12"), comment and raw
// whitespace rules, `set` leaking out of loops. Closing those gaps meant replacing each
// of those parts, so the engine lexes (lexer.ts), parses (parser.ts,
// expression-parser.ts) and evaluates (evaluate.ts, render.ts) Jinja2 itself, with
// Python semantics for every operator, and calls the filter/test/lookup libraries
// directly with (value, args, kwargs). No Nunjucks builtin is reachable.
//
// Constructs refused with a TemplateError that names them, rather than rendered
// differently from Jinja2 / Ansible:
//   - {% extends %} (template inheritance) and {% autoescape %}
//   - lipsum(), str.encode() (there is no bytes type), \N{...} escapes in string literals
//   - list/dict methods that mutate (append, update…) a list or dict the template did not
//     create itself: in Ansible every use of a variable is a fresh copy, so the change
//     would be invisible there, while here it would leak into the variable
//   - rendered text that reads back as a Python literal holding a complex number or
//     bytes (Ansible would hand over Python-only values)
//   - range() of more than ten million items
// {% do %}, {% break %} and {% continue %} are unknown tags, as in ansible-core's default
// configuration (no Jinja2 extensions).
//
// Python's int/float distinction is kept (filters/python-float.ts, float-boundary.ts):
// {{ 4 / 2 }} is "2.0", YAML's 1.0 stays a float. Known differences that cannot be detected:
//   - An integral float that leaves the engine on its own, not inside a list or dict
//     ("{{ x }}" for a float variable x, which Ansible hands over as a native value), is a
//     plain number: later templating of that value shows 1, not 1.0. So is a float that
//     code outside the engine copies out of a list or dict without copyFloatMark().
//   - Dict keys are strings ({1: 'a'} has the key '1'; `'1' in d` is then true).
//   - Messages name a string's type 'str' (Ansible may say 'AnsibleUnicode'), and
//     functions print without a memory address.
//   - A template with both a lexing and a parsing error reports the lexing one first.
import { filters } from './filters/index.js'
import { lookups } from './lookups/index.js'
import { Templar as TemplarCore, type TemplarOptions } from './templar.js'
import { tests } from './tests/index.js'

export type { RenderContext, RenderOptions, TemplarOptions } from './templar.js'
export { isUndefined, Undefined, UndefinedError } from './undefined.js'

/** The Templar with the standard filters, tests and lookups; `opts` adds to them or replaces some by name. */
export class Templar extends TemplarCore {
  constructor(opts: TemplarOptions = {}) {
    super({
      ...opts,
      filters: { ...filters, ...opts.filters },
      tests: { ...tests, ...opts.tests },
      lookups: { ...lookups, ...opts.lookups },
    })
  }
}
