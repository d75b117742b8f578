// A task → action, arguments and keywords, in every form Ansible accepts, and Ansible's
// errors (with the position of the key at fault) for the forms it rejects.
import { expect } from 'chai'
import { ParseError } from '../../../engine/errors.js'
import { getKeyPos } from '../../../engine/load/position.js'
import { splitTask, type SplitTask, type SplitTaskOptions } from '../../../engine/load/task-args.js'
import { parseYaml } from '../../../engine/load/yaml.js'

const MODULES = new Set(['copy', 'file', 'debug', 'command', 'shell', 'raw', 'set_fact', 'ping', 'sysctl', 'libvirt_net'])
const isModule = (name: string): boolean => MODULES.has(name)
const OPTS: SplitTaskOptions = { moduleNames: MODULES }

function task(yaml: string): Record<string, unknown> {
  return (parseYaml(yaml, 't.yml') as Array<Record<string, unknown>>)[0]!
}

function split(yaml: string, opts: SplitTaskOptions = OPTS): SplitTask {
  return splitTask(task(yaml), isModule, opts)
}

describe('splitTask: the forms of a task', () => {
  const cases: Array<[string, string, SplitTask]> = [
    ['k=v string', '- copy: src=a dest=b mode=0644\n', { action: 'copy', args: { src: 'a', dest: 'b', mode: '0644' }, keywords: {} }],
    ['mapping', '- name: n\n  copy: {src: a, mode: 0644}\n', { action: 'copy', args: { src: 'a', mode: 420 }, keywords: { name: 'n' } }],
    ['no arguments', '- ping:\n', { action: 'ping', args: {}, keywords: {} }],
    ['builtin FQCN', '- ansible.builtin.file: path=/x state=absent\n', { action: 'file', args: { path: '/x', state: 'absent' }, keywords: {} }],
    ['legacy FQCN', '- ansible.legacy.debug: msg=hi\n', { action: 'debug', args: { msg: 'hi' }, keywords: {} }],
    [
      'command free form keeps its own options',
      '- command: ls -l /tmp creates=/x chdir=/tmp\n',
      { action: 'command', args: { creates: '/x', chdir: '/tmp', _raw_params: 'ls -l /tmp' }, keywords: {} },
    ],
    [
      'shell with args:',
      '- shell: echo hi | tee x\n  args:\n    chdir: /tmp\n',
      { action: 'shell', args: { chdir: '/tmp', _raw_params: 'echo hi | tee x' }, keywords: {} },
    ],
    ['cmd becomes the free form', '- command:\n    cmd: ls /\n', { action: 'command', args: { _raw_params: 'ls /' }, keywords: {} }],
    ['action: string', '- action: copy src=a dest=b\n', { action: 'copy', args: { src: 'a', dest: 'b' }, keywords: {} }],
    [
      'action: mapping with module and nested args',
      '- action:\n    module: copy\n    src: a\n    args: {dest: b}\n',
      { action: 'copy', args: { src: 'a', dest: 'b' }, keywords: {} },
    ],
    [
      'local_action delegates to localhost',
      '- local_action: command echo hi\n  register: out\n',
      { action: 'command', args: { _raw_params: 'echo hi' }, keywords: { register: 'out', delegate_to: 'localhost' } },
    ],
    [
      'module arguments override args:',
      '- copy: src=a\n  args: {src: z, dest: b}\n',
      { action: 'copy', args: { src: 'a', dest: 'b' }, keywords: {} },
    ],
    ['args: as a template', '- copy:\n  args: "{{ copy_args }}"\n', { action: 'copy', args: { _variable_params: '{{ copy_args }}' }, keywords: {} }],
    ['a template as the whole argument', '- debug: "{{ settings }}"\n', { action: 'debug', args: { _variable_params: '{{ settings }}' }, keywords: {} }],
    ['include_tasks free form', '- include_tasks: more.yml\n', { action: 'include_tasks', args: { _raw_params: 'more.yml' }, keywords: {} }],
    ['import_role', '- import_role: name=common\n', { action: 'import_role', args: { name: 'common' }, keywords: {} }],
    ['set_fact k=v', '- set_fact: a=1 b="x y"\n', { action: 'set_fact', args: { a: '1', b: 'x y' }, keywords: {} }],
    [
      'with_<lookup> is a keyword, for any lookup',
      '- debug: msg={{ item }}\n  with_fileglob: ["*.txt"]\n',
      { action: 'debug', args: { msg: '{{ item }}' }, keywords: { with_fileglob: ['*.txt'] } },
    ],
    [
      'keywords are kept as written',
      '- name: n\n  sysctl: {name: a, value: 1}\n  when: [a, b]\n  become: yes\n  loop: "{{ xs }}"\n  loop_control: {loop_var: x}\n  notify: h\n  tags: 1\n',
      {
        action: 'sysctl',
        args: { name: 'a', value: 1 },
        keywords: { name: 'n', when: ['a', 'b'], become: true, loop: '{{ xs }}', loop_control: { loop_var: 'x' }, notify: 'h', tags: 1 },
      },
    ],
  ]
  for (const [name, yaml, expected] of cases) {
    it(name, () => expect(split(yaml)).to.deep.equal(expected))
  }

  it('accepts a collection FQCN when the module lookup names the module', () => {
    const lookup = (name: string) => (name === 'community.libvirt.virt_net' ? 'libvirt_net' : false)
    expect(splitTask(task('- community.libvirt.virt_net: {name: lab}\n'), lookup).action).to.equal('libvirt_net')
  })

  it('keeps the positions of mapping arguments', () => {
    const { args } = split('- copy:\n    src: a\n    dest: b\n')
    expect(getKeyPos(args, 'dest')).to.deep.equal({ file: 't.yml', line: 3, column: 5 })
  })

  it('does not change the task it was given', () => {
    const raw = task('- copy: {src: a}\n  args: {dest: b}\n')
    splitTask(raw, isModule)
    expect(raw).to.deep.equal({ copy: { src: 'a' }, args: { dest: 'b' } })
  })

  it('allows listen in handlers only', () => {
    expect(split('- debug: msg=x\n  listen: restart\n', { handler: true }).keywords).to.deep.equal({ listen: 'restart' })
    expect(() => split('- debug: msg=x\n  listen: restart\n', { handler: false })).to.throw(ParseError, "'listen' is not a valid attribute for a Task")
  })
})

describe('splitTask: errors', () => {
  const cases: Array<{ name: string; yaml: string; message: string; at?: [number, number]; opts?: SplitTaskOptions }> = [
    { name: 'no module', yaml: '- name: only a name\n', message: 'no module/action detected in task.', at: [1, 3] },
    { name: 'two modules', yaml: '- copy: src=a\n  file: path=b\n', message: 'conflicting action statements: copy, file', at: [2, 3] },
    {
      name: 'misspelled keyword',
      yaml: '- name: n\n  debug: msg=x\n  notfy: h\n',
      message: "'notfy' is not a valid attribute for a Task; did you mean 'notify'?",
      at: [3, 3],
    },
    {
      name: 'misspelled keyword without a module',
      yaml: '- nmae: n\n  debugg: msg=x\n',
      message: "'nmae' is not a valid attribute for a Task; did you mean 'name'?",
      at: [1, 3],
    },
    {
      name: 'misspelled module',
      yaml: '- name: n\n  debugg: msg=x\n',
      message: "couldn't resolve module/action 'debugg'. This often indicates a misspelling, missing collection, or incorrect module path; did you mean 'debug'?",
      at: [2, 3],
    },
    {
      name: 'unknown module without suggestion',
      yaml: '- frobnicate: a=1\n',
      message: "couldn't resolve module/action 'frobnicate'. This often indicates a misspelling, missing collection, or incorrect module path.",
    },
    { name: 'a module argument written as a keyword', yaml: '- shell: x\n  cmd: y\n', message: "'cmd' is not a valid attribute for a Task", at: [2, 3] },
    {
      name: 'action and local_action',
      yaml: '- action: ping\n  local_action: ping\n',
      message: 'action and local_action are mutually exclusive',
      at: [2, 3],
    },
    {
      name: 'action naming an unknown module',
      yaml: '- action: cpy src=a\n',
      message: "couldn't resolve module/action 'cpy'. This often indicates a misspelling, missing collection, or incorrect module path.",
    },
    {
      name: 'free-form text for a k=v module',
      yaml: '- debug: msg=x extra\n',
      message: /^this task 'debug' has extra params, which is only allowed in the following modules: command, shell,/ as unknown as string,
    },
    {
      name: 'bare variable in args',
      yaml: '- copy:\n  args: copy_args\n',
      message: "Complex args containing variables cannot use bare variables (without Jinja2 delimiters), and must use the full variable style ('{{var_name}}')",
      at: [2, 3],
    },
    { name: 'args as a list', yaml: '- copy:\n  args: [a]\n', message: 'Complex args must be a dictionary or variable string ("{{var}}").' },
    { name: 'arguments as a list', yaml: '- copy: [a, b]\n', message: "the arguments of 'copy' must be a mapping or a 'k=v' string, but they are a list", at: [1, 3] },
    { name: 'internal argument', yaml: '- copy: {_ansible_check_mode: true}\n', message: "invalid parameter specified for action 'copy': '_ansible_check_mode'" },
    {
      name: 'cmd and free form together',
      yaml: '- command: ls\n  args: {cmd: pwd}\n',
      message: "The 'cmd' argument cannot be used when other raw parameters are specified. Please put everything in one or the other place.",
    },
    { name: 'unbalanced quotes', yaml: "- shell: echo 'a\n", message: "failed at splitting arguments, either an unbalanced jinja2 block or quotes: echo 'a", at: [1, 3] },
    { name: 'loop and with_items', yaml: '- debug: msg=x\n  loop: [1]\n  with_items: [2]\n', message: 'duplicate loop in task: items', at: [3, 3] },
    { name: 'with_items without a value', yaml: '- debug: msg=x\n  with_items:\n', message: 'you must specify a value when using with_items' },
    {
      name: 'loop on import_tasks',
      yaml: '- import_tasks: a.yml\n  loop: [1]\n',
      message: "You cannot use loops on 'import_tasks' statements. You should use 'include_tasks' instead.",
    },
    { name: 'keyword not allowed on include_tasks', yaml: '- include_tasks: a.yml\n  become: true\n', message: "'become' is not a valid attribute for a TaskInclude", at: [2, 3] },
    { name: 'keyword not allowed on include_role', yaml: '- include_role: name=a\n  delegate_to: h\n', message: "'delegate_to' is not a valid attribute for a IncludeRole" },
    {
      name: 'wrong keyword type',
      yaml: '- debug: msg=x\n  retries: many\n',
      message: "the field 'retries' must be an integer or a template, but it is the string 'many'",
      at: [2, 3],
    },
    {
      name: 'loop that is not a list',
      yaml: '- debug: msg=x\n  loop: items\n',
      message: "the field 'loop' must be a list, or a template that yields a list, but it is the string 'items'",
    },
    {
      name: 'misspelled loop_control key',
      yaml: '- debug: msg=x\n  loop_control:\n    loop_vr: i\n',
      message: "'loop_vr' is not a valid key in 'loop_control'; did you mean 'loop_var'?",
      at: [3, 5],
    },
    { name: 'a task that is not a mapping', yaml: '- [debug]\n', message: 'A task must be a mapping, but it is a list' },
  ]
  for (const c of cases) {
    it(c.name, () => {
      let caught: unknown
      try {
        split(c.yaml, c.opts)
      } catch (err) {
        caught = err
      }
      expect(caught).to.be.instanceOf(ParseError)
      const err = caught as ParseError
      if (typeof c.message === 'string') expect(err.message).to.equal(c.message)
      else expect(err.message).to.match(c.message as RegExp)
      expect(err.pos?.file).to.equal('t.yml')
      if (c.at) expect([err.pos?.line, err.pos?.column]).to.deep.equal(c.at)
    })
  }
})
