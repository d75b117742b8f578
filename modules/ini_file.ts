// ini_file: one option of an INI file (in a section, or before the first one) set to
// one or several values, or removed, or a whole section removed — community.general's
// ini_file as Ansible 7 ships it. The lab edits ironic.conf and undercloud.conf with it.
import { change, defineModule, fail, ok, type Host, type ModuleContext, type ModuleOutcome } from '../engine/module.js'
import { fileHost } from './lib/files/file-host.js'
import type { FileAttrParams } from './lib/files/attributes.js'
import { textDiff } from './lib/files/diff.js'
import { TargetAccounts } from './lib/files/accounts.js'
import { guarded } from './lib/files/failure.js'
import { editIni, iniLines } from './lib/files/ini-edit.js'
import { backupProperty, fileAttrProperties } from './lib/files/params.js'
import { pathInfo } from './lib/files/path-info.js'
import { expandUser } from './lib/files/paths.js'
import { decodeText, planTextWrite, readTextFile } from './lib/files/text-file.js'

export interface IniFileParams extends FileAttrParams {
  path: string
  section?: string
  option?: string
  value?: string
  values?: string[]
  backup: boolean
  state: 'present' | 'absent'
  exclusive: boolean
  no_extra_spaces: boolean
  allow_no_value: boolean
  ignore_spaces: boolean
  create: boolean
  unsafe_writes?: boolean
}

export default defineModule<IniFileParams>({
  name: 'ini_file',
  description:
    'Set, add or remove an option of an INI file (in a section, or before the first section when section is empty or ' +
    'null), with one or several values; add missing sections; remove a section. The file is created when missing.',
  aliases: { path: ['dest'] },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    not: { required: ['value', 'values'] },
    properties: {
      path: { type: 'string', description: 'The INI file.' },
      section: { type: 'string', description: 'Section of the option; empty or null for options before the first section.' },
      option: { type: 'string', description: 'The option; without it, state=absent removes the whole section.' },
      value: { type: 'string', description: 'The value of the option (same as values: [value]).' },
      values: { type: 'array', items: { type: 'string' }, description: 'Several values of the option, one line each.' },
      backup: backupProperty,
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the option (or section) should be there.' },
      exclusive: {
        type: 'boolean',
        default: true,
        description: 'present: other lines of the option are replaced/removed; absent: all its lines go (no: only the given values).',
      },
      no_extra_spaces: { type: 'boolean', default: false, description: 'Write "option=value" instead of "option = value".' },
      allow_no_value: { type: 'boolean', default: false, description: 'Allow an option without a value (and without "=").' },
      ignore_spaces: { type: 'boolean', default: false, description: 'Leave a line alone when it differs only by spaces around "=".' },
      create: { type: 'boolean', default: true, description: 'Create the file when it is missing (no: fail instead).' },
      ...fileAttrProperties,
    },
  },
  examples: [
    `- name: Ironic without authentication
  ini_file:
    path: /etc/ironic/ironic.conf
    section: DEFAULT
    option: auth_strategy
    value: noauth`,
    `- name: Undercloud interface
  ini_file:
    path: /home/stack/undercloud.conf
    section: DEFAULT
    option: local_interface
    value: eth1
    backup: true`,
  ],
  run: (host, p, ctx) => guarded(() => runIniFile(fileHost(host), p, ctx)),
})

async function runIniFile(host: Host, p: IniFileParams, ctx: ModuleContext): Promise<ModuleOutcome> {
  if (p.state === 'present' && !p.allow_no_value && p.value === undefined && !p.values?.length) {
    return fail("Parameter 'value(s)' must be defined if state=present and allow_no_value=False.")
  }
  const path = await expandUser(host, p.path)
  const file = await readTextFile(host, path)
  if (file.content === null && !p.create) return fail(`Destination ${path} does not exist!`, { rc: 257 })
  // Read as utf-8-sig: a byte order mark is dropped.
  const before = decodeText(file).replace(/^\uFEFF/, '')
  const edit = editIni(iniLines(before), {
    section: p.section,
    option: p.option,
    values: p.value !== undefined ? [p.value] : (p.values ?? []),
    state: p.state,
    exclusive: p.exclusive,
    noExtraSpaces: p.no_extra_spaces,
    allowNoValue: p.allow_no_value,
    ignoreSpaces: p.ignore_spaces,
  })
  const after = edit.lines.join('')
  const accounts = new TargetAccounts(host)
  const write = await planTextWrite(host, file, Buffer.from(after), { backup: p.backup, attrs: p, checkMode: ctx.checkMode, createParents: true })
  // The result names a path, so Ansible adds its owner, mode, size … to it.
  const result = { msg: edit.msg, path, ...(await pathInfo(host, path, accounts)) }
  // Under --diff Ansible returns the (identical) before/after even when nothing changes.
  if (!edit.changed && !write.attrs.changed) return ok(ctx.diffMode ? { ...result, diff: textDiff(before, after, `${path} (content)`) } : result)
  return change({
    ...result,
    diff: textDiff(before, after, `${path} (content)`),
    apply: async () => ({ ...(await write.apply()), ...(await pathInfo(host, path, accounts)) }),
  })
}
