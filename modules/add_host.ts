// add_host: add a host (and its groups and variables) to the in-memory inventory
// for the rest of the run. The engine applies the result { add_host: {...} }.
import { defineModule, fail, ok } from '../engine/module.js'

const NAME_KEYS = ['name', 'hostname', 'host'] as const
const GROUP_KEYS = ['groups', 'group', 'groupname'] as const

export default defineModule<Record<string, unknown>>({
  name: 'add_host',
  description:
    'Add a host to the in-memory inventory, optionally in groups and with variables (every other key). ' +
    '"name:port" sets ansible_ssh_port. Runs on the controller; the engine updates the inventory from the result.',
  controllerOnly: true,
  bypassHostLoop: true,
  aliases: { name: ['hostname', 'host'], groups: ['group', 'groupname'] },
  params: {
    type: 'object',
    additionalProperties: true,
    properties: {
      name: { type: 'string', description: 'The host to add, optionally with ":port" (aliases: hostname, host).' },
      groups: {
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
        description: 'Groups to add the host to: a list or a comma-separated string (aliases: group, groupname).',
      },
    },
  },
  examples: [
    `- name: Reach the undercloud through the hypervisor
  add_host:
    name: "{{ undercloud_ip }}"
    groups: [undercloud]
    ansible_user: stack
    ansible_ssh_common_args: "-o ProxyJump={{ inventory_hostname }}"`,
  ],
  async run(_host, p) {
    const given = NAME_KEYS.map((key) => p[key]).find((v) => v !== undefined && v !== null)
    if (given === undefined) return fail('name, host or hostname needs to be provided')
    const { name, port } = parseAddress(String(given))
    const groups = groupList(GROUP_KEYS.map((key) => p[key]).find((v) => v !== undefined && v !== null))
    if (groups === undefined) return fail('Groups must be specified as a list.')
    const hostVars: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(p)) {
      if (!(NAME_KEYS as readonly string[]).includes(key) && !(GROUP_KEYS as readonly string[]).includes(key)) hostVars[key] = value
    }
    if (port !== undefined) hostVars.ansible_ssh_port = port
    return ok({ add_host: { host_name: name, groups, host_vars: hostVars } })
  },
})

/** "host", "host:22", "[v6::addr]:22" or a bare IPv6 address. */
export function parseAddress(text: string): { name: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text)
  if (bracketed) return { name: bracketed[1]!, port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) }
  const withPort = /^([^:]+):(\d+)$/.exec(text)
  if (withPort) return { name: withPort[1]!, port: Number(withPort[2]) }
  return { name: text }
}

function groupList(value: unknown): string[] | undefined {
  if (value === undefined || value === '') return []
  const names = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.map(String) : undefined
  if (!names) return undefined
  const unique: string[] = []
  for (const name of names.map((n) => n.trim())) if (!unique.includes(name)) unique.push(name)
  return unique
}
