// group_by: put the current host into a group named from its variables; the
// engine adds the group to the in-memory inventory from the result.
import { defineModule, ok } from '../engine/module.js'

interface GroupByParams {
  key: string
  parents: string | string[]
}

export default defineModule<GroupByParams>({
  name: 'group_by',
  description:
    'Create a group named `key` (spaces become dashes) under the `parents` groups and add the current host to it. ' +
    'Runs on the controller; the engine updates the inventory from { add_group, parent_groups }.',
  controllerOnly: true,
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['key'],
    properties: {
      key: { type: 'string', description: 'Name of the group to add the host to.' },
      parents: {
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
        default: ['all'],
        description: 'Parent group(s) of the new group.',
      },
    },
  },
  examples: [
    `- name: Group hosts by distribution
  group_by:
    key: "os_{{ ansible_distribution }}"`,
  ],
  async run(_host, p) {
    const parents = typeof p.parents === 'string' ? [p.parents] : p.parents
    return ok({ add_group: p.key.replaceAll(' ', '-'), parent_groups: parents.map((name) => name.replaceAll(' ', '-')) })
  },
})
