// replace: every match of a Python regular expression in a file replaced (re.subn
// with MULTILINE), optionally only in the part after/before other matches — with
// Ansible 2.14's messages ("2 replacements made") and diff.
import { change, defineModule, fail, ok, type Host, type ModuleContext, type ModuleOutcome } from '../engine/module.js'
import { fileHost } from './lib/files/file-host.js'
import type { FileAttrParams } from './lib/files/attributes.js'
import { textDiff } from './lib/files/diff.js'
import { FileModuleFailure, guarded } from './lib/files/failure.js'
import { backupProperty, fileAttrProperties, validateProperty } from './lib/files/params.js'
import { expandUser } from './lib/files/paths.js'
import { pyRegex, pySubn } from './lib/files/py-replace.js'
import { attrMessage, planTextWrite, readTextFile } from './lib/files/text-file.js'
import { checkValidateParam } from './lib/files/validate.js'

export interface ReplaceParams extends FileAttrParams {
  path: string
  regexp: string
  replace: string
  after?: string
  before?: string
  backup: boolean
  validate?: string
  encoding: string
  unsafe_writes?: boolean
}

export default defineModule<ReplaceParams>({
  name: 'replace',
  description:
    'Replace every match of a Python regular expression in a file (MULTILINE: ^ and $ match at each line), ' +
    'optionally only between the matches of after and before. The replacement may use \\1 and \\g<name>.',
  aliases: { path: ['dest', 'destfile', 'name'] },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path', 'regexp'],
    properties: {
      path: { type: 'string', description: 'The file to edit.' },
      regexp: { type: 'string', description: 'Python regular expression; every match is replaced.' },
      replace: { type: 'string', default: '', description: 'The replacement (\\1, \\g<name> for groups); empty deletes the matches.' },
      after: { type: 'string', description: 'Only replace after the first match of this regular expression.' },
      before: { type: 'string', description: 'Only replace before the last match of this regular expression.' },
      backup: backupProperty,
      validate: validateProperty,
      encoding: { type: 'string', default: 'utf-8', description: 'Encoding of the file (utf-8, ascii or latin-1).' },
      ...fileAttrProperties,
    },
  },
  examples: [
    `- name: Nested KVM on
  replace:
    path: /etc/modprobe.d/kvm.conf
    regexp: 'nested=0'
    replace: 'nested=1'`,
    `- name: Comment out the old DNS servers
  replace:
    path: /etc/resolv.conf
    regexp: '^(nameserver .*)$'
    replace: '# \\1'`,
  ],
  run: (host, p, ctx) => guarded(() => runReplace(fileHost(host), p, ctx)),
})

const ENCODINGS: Record<string, BufferEncoding> = { 'utf-8': 'utf8', utf8: 'utf8', ascii: 'ascii', latin1: 'latin1', 'latin-1': 'latin1', 'iso-8859-1': 'latin1' }

async function runReplace(host: Host, p: ReplaceParams, ctx: ModuleContext): Promise<ModuleOutcome> {
  const path = await expandUser(host, p.path)
  checkValidateParam(p.validate)
  const encoding = ENCODINGS[p.encoding.toLowerCase()]
  if (encoding === undefined) return fail(`encoding '${p.encoding}' is not supported (use utf-8, ascii or latin-1)`)
  const file = await readTextFile(host, path)
  if (file.content === null) return fail(`Path ${path} does not exist !`, { rc: 257 })
  const contents = decode(file.content, encoding, path)
  const section = sectionOf(contents, p)
  if (section === undefined) {
    return ok({ rc: 0, msg: `Pattern for before/after params did not match the given file: ${sectionPattern(p)}` })
  }
  const part = contents.slice(section.start, section.end)
  const { text: replaced, count } = pySubn(pyRegex(p.regexp, { multiline: true }, 'global'), p.replace, part)
  const contentChanged = count > 0 && replaced !== part
  const after = contentChanged ? contents.slice(0, section.start) + replaced + contents.slice(section.end) : contents
  const write = await planTextWrite(host, file, Buffer.from(after, encoding), { backup: p.backup, validate: p.validate, attrs: p, checkMode: ctx.checkMode })
  const msg = attrMessage(contentChanged ? `${count} replacements made` : '', contentChanged, write.attrs.changed)
  if (!contentChanged && !write.attrs.changed) return ok({ rc: 0, msg })
  return change({
    rc: 0,
    msg,
    diff: contentChanged ? textDiff(contents, after, path) : undefined,
    apply: () => write.apply(),
  })
}

function decode(content: Buffer, encoding: BufferEncoding, path: string): string {
  if (encoding !== 'utf8') return content.toString(encoding)
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content)
  } catch {
    throw new FileModuleFailure(`Unable to read the contents of ${path}: it is not valid utf-8`)
  }
}

/** The pattern Ansible builds from after/before ('' when neither is given). */
function sectionPattern(p: ReplaceParams): string {
  if (p.after && p.before) return `${p.after}(?P<subsection>.*?)${p.before}`
  if (p.after) return `${p.after}(?P<subsection>.*)`
  if (p.before) return `(?P<subsection>.*)${p.before}`
  return ''
}

/** Where replacements may happen: the whole text, or the `subsection` group of the after/before pattern. */
function sectionOf(contents: string, p: ReplaceParams): { start: number; end: number } | undefined {
  const pattern = sectionPattern(p)
  if (pattern === '') return { start: 0, end: contents.length }
  const re = pyRegex(pattern, { dotall: true })
  const m = new RegExp(re.source, `${re.flags.replace(/[gy]/g, '')}d`).exec(contents)
  const span = m?.indices?.groups?.subsection
  return span ? { start: span[0], end: span[1] } : undefined
}
