// group: make sure a local group exists (with a given gid) or does not.
import { change, fail, ok, defineModule, type Host, type ModuleResult } from '../engine/module.js'
import { readGroups } from './lib/system/accounts.js'
import { applyFailure } from './lib/system/target.js'

interface GroupParams {
  name: string
  gid?: number
  system: boolean
  local: boolean
  non_unique: boolean
  state: 'present' | 'absent'
}

async function currentGid(host: Host, name: string): Promise<number | undefined> {
  return (await readGroups(host)).find((g) => g.name === name)?.gid
}

/** Runs `argv`; on success the result gains the group's gid as it now is. */
async function runGroupCommand(host: Host, argv: string[], p: GroupParams, base: ModuleResult): Promise<ModuleResult> {
  const r = await host.exec(argv)
  if (r.rc !== 0) return applyFailure(r.stderr, { name: p.name })
  const result: ModuleResult = { ...base }
  if (r.stdout) result.stdout = r.stdout
  if (r.stderr) result.stderr = r.stderr
  const gid = await currentGid(host, p.name)
  if (gid !== undefined) Object.assign(result, { system: p.system, gid })
  return result
}

export default defineModule<GroupParams>({
  name: 'group',
  description: 'Add, change the gid of, or remove a local group with groupadd/groupmod/groupdel (lgroup* with local=true).',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Name of the group.' },
      gid: { type: 'integer', description: 'Group id to set.' },
      system: { type: 'boolean', default: false, description: 'Create a system group (groupadd -r).' },
      local: { type: 'boolean', default: false, description: 'Use lgroupadd/lgroupmod/lgroupdel (libuser) to manage the local files only.' },
      non_unique: { type: 'boolean', default: false, description: 'Allow a gid that another group already has (-o); needs gid.' },
      state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the group should exist.' },
    },
    if: { properties: { non_unique: { const: true } }, required: ['non_unique'] },
    then: { required: ['gid'] },
  },
  examples: [
    `- name: The libvirt group
  group:
    name: libvirt
    system: true`,
    `- name: A group with a fixed gid
  group: name=stack gid=1001`,
  ],
  async run(host, p, ctx) {
    const prefix = p.local ? 'l' : ''
    const groups = await readGroups(host)
    const group = groups.find((g) => g.name === p.name)
    const base: ModuleResult = { name: p.name, state: p.state }
    if (p.state === 'absent') {
      if (!group) return ok(base)
      if (ctx.checkMode) return change({})
      return change({ ...base, apply: () => runGroupCommand(host, [`${prefix}groupdel`, p.name], p, base) })
    }
    const gidArgs = p.gid === undefined ? [] : ['-g', String(p.gid), ...(p.non_unique ? ['-o'] : [])]
    if (!group) {
      if (ctx.checkMode) return change({})
      if (p.local && p.gid !== undefined) {
        const taken = groups.find((g) => g.gid === p.gid)
        if (taken) return fail(`GID '${p.gid}' already exists with group '${taken.name}'`)
      }
      const argv = [`${prefix}groupadd`, ...gidArgs, ...(p.system ? ['-r'] : []), p.name]
      return change({ ...base, apply: () => runGroupCommand(host, argv, p, base) })
    }
    const found = { ...base, system: p.system, gid: group.gid }
    if (p.gid === undefined || group.gid === p.gid) return ok(found)
    if (ctx.checkMode) return change(found)
    return change({ ...found, apply: () => runGroupCommand(host, [`${prefix}groupmod`, ...gidArgs, p.name], p, base) })
  },
})
