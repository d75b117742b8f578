// Bad input must fail clearly: a non-zero exit, the file and line in the message, what is
// wrong (and what was meant, where we can tell), and never a stack trace.
import { expect } from 'chai'
import { rmSync } from 'node:fs'
import { scratch, tsplay } from './helpers.js'

interface BadCase {
  name: string
  files: Record<string, string>
  args?: string[]
  /** Text the output must contain (besides file:line). */
  says: RegExp
  /** "file:line" that must appear, e.g. 'playbook.yml:4' (a RegExp when either of two lines is right). */
  at: string | RegExp
}

const play = (tasks: string, head = '- hosts: localhost\n  gather_facts: false\n') => `${head}  tasks:\n${tasks}`

const cases: BadCase[] = [
  { name: 'YAML indentation error', files: { 'playbook.yml': '- hosts: localhost\n  tasks:\n    - debug: msg=hi\n   - debug: msg=ho\n' }, says: /yaml|indent|syntax/i, at: 'playbook.yml:4' },
  { name: 'unquoted template at value start', files: { 'playbook.yml': play('    - debug:\n        msg: {{ foo }}\n') }, says: /quote/i, at: 'playbook.yml:5' },
  { name: 'tab indentation', files: { 'playbook.yml': '- hosts: localhost\n  tasks:\n\t- debug: msg=hi\n' }, says: /tab|yaml|syntax/i, at: 'playbook.yml:3' },
  { name: 'play without hosts', files: { 'playbook.yml': '- name: no hosts\n  tasks:\n    - debug: msg=hi\n' }, says: /hosts/, at: 'playbook.yml:1' },
  { name: 'misspelt play keyword', files: { 'playbook.yml': '- hosts: localhost\n  gather_fact: false\n  tasks: []\n' }, says: /gather_facts/, at: 'playbook.yml:2' },
  { name: 'misspelt task keyword', files: { 'playbook.yml': play('    - debug: msg=hi\n      notfy: h\n') }, says: /notify/, at: 'playbook.yml:5' },
  { name: 'task without a module', files: { 'playbook.yml': play('    - name: nothing here\n      when: true\n') }, says: /no module|action/i, at: 'playbook.yml:4' },
  { name: 'two modules in one task', files: { 'playbook.yml': play('    - debug: msg=a\n      command: echo b\n') }, says: /conflicting action|debug|command/i, at: /playbook\.yml:[45]:/ },
  { name: 'misspelt module', files: { 'playbook.yml': play('    - debgu: msg=hi\n') }, says: /debug/, at: 'playbook.yml:4' },
  { name: 'unknown module parameter', files: { 'playbook.yml': play('    - debug:\n        msgg: hi\n') }, says: /msgg.*msg|msg.*msgg/, at: 'playbook.yml:4' },
  { name: 'wrong keyword type', files: { 'playbook.yml': play('    - debug: msg=hi\n      register: [a, b]\n') }, says: /register/, at: 'playbook.yml:5' },
  { name: 'playbook is a mapping', files: { 'playbook.yml': 'hosts: localhost\ntasks: []\n' }, says: /list of plays|playbook must be a list/i, at: 'playbook.yml:1' },
  { name: 'tasks is not a list', files: { 'playbook.yml': '- hosts: localhost\n  tasks: debug\n' }, says: /tasks|list/i, at: 'playbook.yml:2' },
  { name: 'undefined variable', files: { 'playbook.yml': play('    - debug:\n        msg: "{{ vm_list }}"\n') }, says: /vm_list.*undefined|undefined.*vm_list/, at: /playbook\.yml:[45]:/ },
  { name: 'template syntax error', files: { 'playbook.yml': play('    - debug:\n        msg: "{{ foo | }}"\n') }, says: /template|syntax|expected/i, at: /playbook\.yml:[45]:/ },
  { name: 'unknown filter', files: { 'playbook.yml': play('    - debug:\n        msg: "{{ 1 | no_such_filter }}"\n') }, says: /no_such_filter/, at: /playbook\.yml:[45]:/ },
  { name: 'missing role', files: { 'playbook.yml': '- hosts: localhost\n  roles:\n    - no_such_role\n' }, says: /no_such_role/, at: 'playbook.yml:3' },
  { name: 'import_tasks of a missing file', files: { 'playbook.yml': play('    - import_tasks: missing.yml\n') }, says: /missing\.yml/, at: 'playbook.yml:4' },
  { name: 'include_tasks of a missing file', files: { 'playbook.yml': play('    - include_tasks: missing.yml\n') }, says: /missing\.yml/, at: 'playbook.yml:4' },
  { name: 'INI inventory with a broken section', files: { 'playbook.yml': play('    - debug: msg=hi\n'), hosts: '[web\nhost1\n' }, args: ['-i', 'hosts'], says: /section|\[web/i, at: 'hosts:1' },
  { name: 'YAML inventory that is not a mapping', files: { 'playbook.yml': play('    - debug: msg=hi\n'), 'inv.yml': 'all:\n  hosts:\n    - a\n    - b\n' }, args: ['-i', 'inv.yml'], says: /hosts|mapping|dict/i, at: 'inv.yml:3' },
  { name: 'missing vars_files entry', files: { 'playbook.yml': '- hosts: localhost\n  gather_facts: false\n  vars_files:\n    - nope.yml\n  tasks:\n    - debug: msg=hi\n' }, says: /nope\.yml/, at: 'playbook.yml:' },
  { name: 'import_playbook of a missing file', files: { 'playbook.yml': '- import_playbook: other.yml\n' }, says: /other\.yml/, at: 'playbook.yml:1' },
  { name: 'loop over a string', files: { 'playbook.yml': play('    - debug: msg={{ item }}\n      loop: "{{ \'abc\' }}"\n') }, says: /requires a list/, at: 'playbook.yml:4' },
  { name: 'notify of an unknown handler', files: { 'playbook.yml': play('    - command: "true"\n      notify: restart nothing\n') }, says: /restart nothing/, at: 'playbook.yml:4' },
  { name: 'unknown meta action', files: { 'playbook.yml': play('    - meta: flush_everything\n') }, says: /flush_everything/, at: 'playbook.yml:4' },
  { name: 'block with an unknown section', files: { 'playbook.yml': play('    - block:\n        - debug: msg=a\n      rescue_me:\n        - debug: msg=b\n') }, says: /rescue_me/, at: 'playbook.yml:6' },
  { name: 'bad value for a boolean module parameter', files: { 'playbook.yml': play('    - ping:\n      no_log: sometimes\n') }, says: /no_log|boolean|bool/i, at: 'playbook.yml:5' },
  { name: 'role with a broken task file', files: { 'playbook.yml': '- hosts: localhost\n  gather_facts: false\n  roles: [r]\n', 'roles/r/tasks/main.yml': '- debug: msg=a\n- debug: [\n' }, says: /yaml|syntax|flow/i, at: 'main.yml:' },
]

describe('bad input gives a clear error', function () {
  this.timeout(60_000)
  for (const c of cases) {
    it(c.name, () => {
      const dir = scratch(c.files)
      try {
        const res = tsplay(['playbook.yml', ...(c.args ?? ['-i', 'localhost,', '-c', 'local'])], dir)
        const output = res.stdout + res.stderr
        expect(res.code, output).to.not.equal(0)
        if (typeof c.at === 'string') expect(output, 'names file and line').to.include(c.at)
        else expect(output, 'names file and line').to.match(c.at)
        expect(output).to.match(c.says)
        expect(output, 'no stack trace').to.not.match(/^\s+at .+\(.*:\d+:\d+\)$/m)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  }
  it('has at least 25 cases', () => expect(cases.length).to.be.at.least(25))
})
