// set_fact: set host variables from the task (the engine stores them with the
// precedence of set_fact, and in the fact cache when cacheable).
import { defineModule, fail, ok } from '../engine/module.js'

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/
// Without jinja2_native, Ansible turns these strings into booleans.
const BOOLEAN_WORDS = new Map([['true', true], ['yes', true], ['false', false], ['no', false]])

export default defineModule<Record<string, unknown> & { cacheable: boolean }>({
  name: 'set_fact',
  description:
    'Set variables of the current host (any key: value). Returns them as ansible_facts; the engine stores them. ' +
    'Runs on the controller and changes nothing.',
  controllerOnly: true,
  params: {
    type: 'object',
    additionalProperties: true,
    properties: {
      cacheable: { type: 'boolean', default: false, description: 'Also store the variables in the fact cache.' },
    },
  },
  examples: [
    `- name: Remember the undercloud address
  set_fact:
    undercloud_ip: "{{ vm_addresses.undercloud }}"
    undercloud_ready: true`,
  ],
  async run(_host, p) {
    const { cacheable, ...vars } = p
    const names = Object.keys(vars)
    if (names.length === 0) return fail('No key/value pairs provided, at least one is required for this action to succeed')
    const bad = names.find((name) => !IDENTIFIER.test(name))
    if (bad !== undefined) {
      return fail(
        `The variable name '${bad}' is not valid. Variables must start with a letter or underscore character, ` +
          'and contain only letters, numbers and underscores.',
      )
    }
    const facts: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(vars)) {
      facts[name] = typeof value === 'string' ? (BOOLEAN_WORDS.get(value.toLowerCase()) ?? value) : value
    }
    return ok({ ansible_facts: facts, _ansible_facts_cacheable: cacheable })
  },
})
