// blockinfile: keep a block of lines between two marker lines in a file (inserted
// after/before a regexp match, at EOF or BOF), replace it when it differs, remove it
// with state=absent — with Ansible 2.14's rules, messages and diffs.
import { change, defineModule, fail, ok, type Host, type ModuleContext, type ModuleOutcome } from '../engine/module.js'
import { fileHost } from './lib/files/file-host.js'
import type { FileAttrParams } from './lib/files/attributes.js'
import { editBlock } from './lib/files/blockinfile-edit.js'
import { attrDiff, textDiff } from './lib/files/diff.js'
import { guarded } from './lib/files/failure.js'
import { backupProperty, fileAttrProperties, validateProperty } from './lib/files/params.js'
import { expandUser } from './lib/files/paths.js'
import { attrMessage, decodeText, planTextWrite, readTextFile } from './lib/files/text-file.js'
import { checkValidateParam } from './lib/files/validate.js'

export interface BlockinfileParams extends FileAttrParams {
  path: string
  state: 'present' | 'absent'
  marker: string
  block: string
  insertafter?: string
  insertbefore?: string
  create: boolean
  backup: boolean
  validate?: string
  marker_begin: string
  marker_end: string
  unsafe_writes?: boolean
}

export default defineModule<BlockinfileParams>({
  name: 'blockinfile',
  description:
    'Keep a block of lines between marker lines ("# BEGIN ANSIBLE MANAGED BLOCK" … "# END …") in a file: insert it ' +
    'after/before the last line matching a regexp or at EOF/BOF, replace it when it differs, remove it with state=absent.',
  aliases: { path: ['dest', 'destfile', 'name'], block: ['content'] },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    not: { required: ['insertbefore', 'insertafter'] },
    properties: {
      path: { type: 'string', description: 'The file to edit.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the block should be there.' },
      marker: { type: 'string', default: '# {mark} ANSIBLE MANAGED BLOCK', description: 'The marker line; {mark} becomes marker_begin / marker_end.' },
      block: { type: 'string', default: '', description: 'The lines of the block; empty removes the block.' },
      insertafter: { type: 'string', description: "Regular expression: insert after its last match; or 'EOF' (default)." },
      insertbefore: { type: 'string', description: "Regular expression: insert before its last match; or 'BOF'." },
      create: { type: 'boolean', default: false, description: 'Create the file when it is missing.' },
      backup: backupProperty,
      validate: validateProperty,
      marker_begin: { type: 'string', default: 'BEGIN', description: 'What {mark} is in the first marker line.' },
      marker_end: { type: 'string', default: 'END', description: 'What {mark} is in the last marker line.' },
      ...fileAttrProperties,
    },
  },
  examples: [
    `- name: Bridge netfilter settings
  blockinfile:
    path: /etc/sysctl.d/99-lab.conf
    create: true
    block: |
      net.bridge.bridge-nf-call-iptables = 0
      net.bridge.bridge-nf-call-ip6tables = 0`,
    `- name: BMC port in an ini file
  blockinfile:
    path: /etc/vbmc.conf
    marker: "; {mark} vbmc"
    block: "port = 6230"`,
  ],
  run: (host, p, ctx) => guarded(() => runBlockinfile(fileHost(host), p, ctx)),
})

async function runBlockinfile(host: Host, p: BlockinfileParams, ctx: ModuleContext): Promise<ModuleOutcome> {
  const path = await expandUser(host, p.path)
  checkValidateParam(p.validate)
  const file = await readTextFile(host, path)
  if (file.content === null && !p.create) return fail(`Path ${path} does not exist !`, { rc: 257 })
  if (file.content === null && p.state === 'absent') return ok({ msg: `File ${path} not present` })
  const original = file.content === null ? null : decodeText(file)
  const result = editBlock(original, {
    block: p.block,
    present: p.state === 'present',
    marker: p.marker,
    markerBegin: p.marker_begin,
    markerEnd: p.marker_end,
    insertAfter: p.insertafter,
    insertBefore: p.insertbefore,
  })
  const write = await planTextWrite(host, file, Buffer.from(result), { backup: p.backup, validate: p.validate, attrs: p, checkMode: ctx.checkMode, createParents: true })
  const contentChanged = original !== result
  const removing = p.state === 'absent' || p.block === ''
  const msg = !contentChanged ? '' : original === null ? 'File created' : removing ? 'Block removed' : 'Block inserted'
  // Under --diff Ansible returns the (identical) before/after even when nothing changes.
  if (!contentChanged && !write.attrs.changed) return ok(ctx.diffMode ? { msg: '', diff: textDiff(original ?? '', result, `${path} (content)`) } : { msg: '' })
  return change({
    // Like Ansible, check mode says nothing about the attributes of a file it would create.
    msg: attrMessage(msg, contentChanged, write.attrs.changed && !(ctx.checkMode && original === null)),
    diff: [textDiff(original ?? '', result, `${path} (content)`), attrDiff(path, write.attrs)],
    apply: () => write.apply(),
  })
}
