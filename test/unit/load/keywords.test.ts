// Plays, blocks, role entries and import_playbook entries checked at load time, with
// errors at the position of the key at fault.
import { expect } from 'chai'
import { ParseError } from '../../../engine/errors.js'
import {
  isVariableName,
  keywordNames,
  keywordSchema,
  validateBlock,
  validateImportPlaybook,
  validatePlay,
  validateRoleEntry,
} from '../../../engine/load/keywords.js'
import { parseYaml } from '../../../engine/load/yaml.js'

/** The first item of a YAML list, parsed with positions. */
function item(yaml: string): unknown {
  return (parseYaml(yaml, 'p.yml') as unknown[])[0]
}

function failure(fn: () => unknown): ParseError {
  try {
    fn()
  } catch (err) {
    expect(err).to.be.instanceOf(ParseError)
    return err as ParseError
  }
  throw new Error('expected a ParseError')
}

interface Case {
  name: string
  yaml: string
  /** Expected message, or undefined when the entry is valid. */
  error?: string
  at?: [number, number]
}

function runTable(validate: (raw: unknown, file: string) => unknown, cases: Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const raw = item(c.yaml)
      if (c.error === undefined) {
        expect(() => validate(raw, 'p.yml')).not.to.throw()
        return
      }
      const err = failure(() => validate(raw, 'p.yml'))
      expect(err.message).to.equal(c.error)
      if (c.at) expect(err.pos).to.deep.equal({ file: 'p.yml', line: c.at[0], column: c.at[1] })
    })
  }
}

describe('validatePlay', () => {
  runTable(validatePlay, [
    {
      name: 'a complete valid play',
      yaml: `- name: lab
  hosts: [hypervisor, undercloud]
  gather_facts: no
  become: "{{ use_become }}"
  serial: [1, "30%"]
  max_fail_percentage: 25
  order: sorted
  strategy: free
  tags: [lab, 1]
  vars: [{a: 1}, {b: 2}]
  vars_files: [common.yml, [a.yml, b.yml]]
  vars_prompt: [{name: pw, prompt: Password, private: yes}]
  environment: {LANG: C}
  roles: [common, {role: libvirt, when: x}]
  tasks: []
`,
    },
    { name: 'misspelled keyword', yaml: '- hosts: all\n  gather_fact: no\n', error: "'gather_fact' is not a valid attribute for a Play; did you mean 'gather_facts'?", at: [2, 3] },
    { name: 'unknown keyword without suggestion', yaml: '- hosts: all\n  frobnicate: 1\n', error: "'frobnicate' is not a valid attribute for a Play", at: [2, 3] },
    { name: 'missing hosts', yaml: '- name: x\n  tasks: []\n', error: "the field 'hosts' is required but was not set", at: [1, 3] },
    { name: 'empty hosts', yaml: '- hosts: []\n', error: 'Hosts list cannot be empty. Please check your playbook', at: [1, 3] },
    { name: 'null in hosts', yaml: '- hosts: [a, ~]\n', error: "Hosts list cannot contain values of 'None'. Please check your playbook" },
    { name: 'number in hosts', yaml: '- hosts: [a, 5]\n', error: "Hosts list contains an invalid host value: '5'" },
    { name: 'mapping as hosts', yaml: '- hosts: {a: 1}\n', error: 'Hosts list must be a sequence or string. Please check your playbook.' },
    {
      name: 'bad boolean',
      yaml: '- hosts: all\n  gather_facts: maybe\n',
      error: "the field 'gather_facts' must be a boolean (true/false, yes/no) or a template, but it is the string 'maybe'",
      at: [2, 3],
    },
    {
      name: 'bad serial item',
      yaml: '- hosts: all\n  serial: [1, lots]\n',
      error: "the field 'serial' must be a number, a percentage ('30%') or a list of them, but item 2 is the string 'lots'",
    },
    {
      name: 'bad enum with suggestion',
      yaml: '- hosts: all\n  order: sortd\n',
      error:
        "the field 'order' must be one of: inventory, reverse_inventory, sorted, reverse_sorted, shuffle, but it is the string 'sortd'; did you mean 'sorted'?",
      at: [2, 3],
    },
    {
      name: 'tasks not a list',
      yaml: '- hosts: all\n  tasks: {debug: msg=x}\n',
      error: "the field 'tasks' must be a list of tasks, but it is a mapping",
    },
    {
      name: 'invalid variable name, at the variable',
      yaml: '- hosts: all\n  vars:\n    ok: 1\n    not-ok: 2\n',
      error: "Invalid variable name in vars specified for Play: 'not-ok' is not a valid variable name",
      at: [4, 5],
    },
    {
      name: 'vars as a string',
      yaml: '- hosts: all\n  vars: a=1\n',
      error: "the field 'vars' must be a mapping of variables, or a list of mappings, but it is the string 'a=1'",
    },
    {
      name: 'vars_prompt without name, at the prompt',
      yaml: '- hosts: all\n  vars_prompt:\n    - prompt: Password?\n',
      error: "item 1 of 'vars_prompt' is missing the required key 'name'",
      at: [3, 7],
    },
    {
      name: 'vars_prompt with an unknown key',
      yaml: '- hosts: all\n  vars_prompt:\n    - {name: a, privat: yes}\n',
      error: "'privat' is not a valid key in item 1 of 'vars_prompt'; did you mean 'private'?",
    },
    {
      name: 'user and remote_user together',
      yaml: '- hosts: all\n  user: a\n  remote_user: b\n',
      error: "both 'user' and 'remote_user' are set for this play. The use of 'user' is deprecated, and should be removed",
    },
    { name: 'a play that is not a mapping', yaml: '- [a, b]\n', error: 'A play must be a mapping, but it is a list', at: [1, 3] },
  ])
})

describe('validateBlock', () => {
  runTable(validateBlock, [
    { name: 'block with rescue, always and keywords', yaml: '- block: []\n  rescue: []\n  always: []\n  when: x\n  become: true\n  notify: h\n' },
    { name: 'rescue without block', yaml: '- rescue: []\n', error: "'rescue' keyword cannot be used without 'block'", at: [1, 3] },
    { name: 'always without block', yaml: '- always: []\n', error: "'always' keyword cannot be used without 'block'" },
    { name: 'a module next to block', yaml: '- block: []\n  debug: msg=x\n', error: "'debug' is not a valid attribute for a Block", at: [2, 3] },
    { name: 'misspelled rescue', yaml: '- block: []\n  recsue: []\n', error: "'recsue' is not a valid attribute for a Block; did you mean 'rescue'?" },
    {
      name: 'when as a mapping',
      yaml: '- block: []\n  when: {a: 1}\n',
      error: "the field 'when' must be a condition (a string or a boolean) or a list of conditions, but it is a mapping",
      at: [2, 3],
    },
  ])
})

describe('validateRoleEntry', () => {
  it('a plain name', () => {
    expect(validateRoleEntry('common', 'p.yml')).to.deep.equal({ role: 'common', keywords: {}, params: {} })
  })

  it('splits keywords from role parameters', () => {
    const raw = item('- {role: libvirt, when: x, tags: [a], become: yes, net_name: lab, vars: {a: 1}}\n')
    expect(validateRoleEntry(raw, 'p.yml')).to.deep.equal({
      role: 'libvirt',
      keywords: { role: 'libvirt', when: 'x', tags: ['a'], become: true, vars: { a: 1 } },
      params: { net_name: 'lab' },
    })
  })

  it('accepts name: for the role', () => {
    expect(validateRoleEntry(item('- {name: common}\n'), 'p.yml').role).to.equal('common')
  })

  runTable(validateRoleEntry, [
    { name: 'no role name', yaml: '- {when: x}\n', error: 'role definitions must contain a role name', at: [1, 3] },
    { name: 'old style requirement', yaml: '- a,b\n', error: 'Invalid old style role requirement: a,b' },
    { name: 'a list', yaml: '- [a]\n', error: 'A role entry must be a mapping, but it is a list' },
    { name: 'bad keyword type', yaml: '- {role: a, become: sometimes}\n', error: "the field 'become' must be a boolean (true/false, yes/no) or a template, but it is the string 'sometimes'" },
  ])
})

describe('validateImportPlaybook', () => {
  runTable(validateImportPlaybook, [
    { name: 'with vars, when and tags', yaml: '- import_playbook: other.yml\n  vars: {a: 1}\n  when: x\n  tags: t\n' },
    { name: 'FQCN form', yaml: '- ansible.builtin.import_playbook: other.yml\n' },
    { name: 'missing file', yaml: '- import_playbook:\n', error: 'playbook import parameter is missing' },
    { name: 'not a string', yaml: '- import_playbook: [a]\n', error: 'playbook import parameter must be a string indicating a file path, but it is a list' },
    { name: 'vars not a mapping', yaml: '- import_playbook: a.yml\n  vars: [x]\n', error: 'vars for import_playbook statements must be specified as a dictionary', at: [2, 3] },
    { name: 'unknown keyword', yaml: '- import_playbook: a.yml\n  hosts: all\n', error: "'hosts' is not a valid attribute for a PlaybookInclude", at: [2, 3] },
  ])
})

describe('keyword helpers', () => {
  it('isVariableName follows Python identifiers minus keywords', () => {
    expect(['a', '_x', 'vm_1'].map(isVariableName)).to.deep.equal([true, true, true])
    expect(['1a', 'a-b', 'class', 'None', 'é', ''].map(isVariableName)).to.deep.equal([false, false, false, false, false, false])
  })

  it('keywordNames lists what a handler accepts', () => {
    expect(keywordNames('Handler')).to.include.members(['listen', 'notify', 'when', 'loop'])
    expect(keywordNames('Task')).not.to.include('listen')
  })

  it('keywordSchema is a JSON schema of the keywords', () => {
    const schema = keywordSchema('Task')
    expect(schema).to.deep.include({ type: 'object', additionalProperties: false, patternProperties: { '^with_': {} } })
    expect(Object.keys(schema.properties as object)).to.include('register')
  })
})
