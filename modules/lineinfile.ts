// lineinfile: make sure one line is in a file (replacing the line a regexp or search
// string finds, or inserting it after/before a match, at BOF or EOF), or that no line
// matches — with Ansible 2.14's rules, messages ("line added", "line replaced") and diffs.
import { change, defineModule, fail, ok, type Host, type ModuleContext, type ModuleOutcome } from '../engine/module.js'
import { fileHost } from './lib/files/file-host.js'
import type { FileAttrParams } from './lib/files/attributes.js'
import { attrDiff, textDiff } from './lib/files/diff.js'
import { guarded } from './lib/files/failure.js'
import { ensureLinePresent, removeLines, splitLines, type EditResult } from './lib/files/lineinfile-edit.js'
import { backupProperty, fileAttrProperties, validateProperty } from './lib/files/params.js'
import { expandUser } from './lib/files/paths.js'
import { attrMessage, decodeText, planTextWrite, readTextFile } from './lib/files/text-file.js'
import { checkValidateParam } from './lib/files/validate.js'

export interface LineinfileParams extends FileAttrParams {
  path: string
  state: 'present' | 'absent'
  regexp?: string
  search_string?: string
  line?: string
  insertafter?: string
  insertbefore?: string
  backrefs: boolean
  create: boolean
  backup: boolean
  firstmatch: boolean
  validate?: string
  unsafe_writes?: boolean
}

export default defineModule<LineinfileParams>({
  name: 'lineinfile',
  description:
    'Ensure a line is in a file, or that no line matches: replace the line a regexp or search string finds, or insert ' +
    'it after/before the last (or first) line matching a regexp, at BOF or EOF. backrefs fills \\1 groups from the regexp.',
  aliases: { path: ['dest', 'destfile', 'name'], regexp: ['regex'], line: ['value'] },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    allOf: [
      { not: { required: ['insertbefore', 'insertafter'] } },
      { not: { required: ['regexp', 'search_string'] } },
      // backrefs has a default (false): only backrefs=true conflicts with search_string.
      { not: { required: ['backrefs', 'search_string'], properties: { backrefs: { const: true } } } },
    ],
    properties: {
      path: { type: 'string', description: 'The file to edit.' },
      state: { enum: ['present', 'absent'], default: 'present', description: 'Whether the line should be there.' },
      regexp: { type: 'string', description: 'Python regular expression finding the line to replace (present) or remove (absent).' },
      search_string: { type: 'string', description: 'Literal text finding the line to replace or remove.' },
      line: { type: 'string', description: 'The line (required for state=present); with backrefs, \\1 and \\g<name> refer to regexp groups.' },
      insertafter: { type: 'string', description: "Regular expression: insert after its last match (first with firstmatch); or 'EOF' (default) / 'BOF'." },
      insertbefore: { type: 'string', description: "Regular expression: insert before its last match (first with firstmatch); or 'BOF'." },
      backrefs: { type: 'boolean', default: false, description: 'Expand regexp groups in line; when regexp does not match, leave the file alone.' },
      create: { type: 'boolean', default: false, description: 'Create the file when it is missing (state=present).' },
      backup: backupProperty,
      firstmatch: { type: 'boolean', default: false, description: 'insertafter/insertbefore use the first matching line instead of the last.' },
      validate: validateProperty,
      ...fileAttrProperties,
    },
  },
  examples: [
    `- name: Enable IP forwarding
  lineinfile:
    path: /etc/sysctl.d/99-lab.conf
    regexp: '^net\\.ipv4\\.ip_forward'
    line: net.ipv4.ip_forward = 1
    create: true`,
    `- name: No swappiness override
  lineinfile:
    path: /etc/sysctl.conf
    regexp: '^vm\\.swappiness'
    state: absent`,
  ],
  run: (host, p, ctx) => guarded(() => runLineinfile(fileHost(host), p, ctx)),
})

async function runLineinfile(host: Host, p: LineinfileParams, ctx: ModuleContext): Promise<ModuleOutcome> {
  const path = await expandUser(host, p.path)
  checkValidateParam(p.validate)
  const warnings = emptyPatternWarning(p)
  const file = await readTextFile(host, path)
  if (p.state === 'present') {
    if (p.backrefs && p.regexp === undefined) return fail('regexp is required with backrefs=true')
    if (p.line === undefined) return fail('line is required with state=present')
    if (file.content === null && !p.create) return fail(`Destination ${path} does not exist !`, { rc: 257 })
  } else {
    if (p.regexp === undefined && p.search_string === undefined && p.line === undefined) {
      return fail('one of line, search_string, or regexp is required with state=absent')
    }
    if (file.content === null) return ok({ msg: 'file not present', ...warnings })
  }
  const lines = splitLines(decodeText(file))
  const before = lines.join('')
  let edit: EditResult & { found?: number }
  if (p.state === 'present') {
    const insertAfter = p.insertafter ?? (p.insertbefore === undefined ? 'EOF' : undefined)
    edit = ensureLinePresent(lines, {
      line: p.line!,
      regexp: p.regexp,
      searchString: p.search_string,
      insertAfter,
      insertBefore: p.insertbefore,
      backrefs: p.backrefs,
      firstMatch: p.firstmatch,
    })
  } else {
    edit = removeLines(lines, { line: p.line, regexp: p.regexp, searchString: p.search_string })
  }
  const after = edit.lines.join('')
  const write = await planTextWrite(host, file, Buffer.from(after), {
    backup: p.backup,
    validate: p.validate,
    attrs: p,
    checkMode: ctx.checkMode,
    createParents: true,
  })
  const contentChanged = edit.changed && write.contentChanged
  const changed = contentChanged || write.attrs.changed
  // Like Ansible, check mode says nothing about the attributes of a file it would create.
  const attrsReported = write.attrs.changed && !(ctx.checkMode && file.content === null)
  const result = {
    msg: attrMessage(edit.msg, contentChanged, attrsReported),
    backup: '',
    ...(edit.found === undefined ? {} : { found: edit.found }),
    ...warnings,
  }
  const diff = [textDiff(before, after, `${path} (content)`), attrDiff(path, write.attrs)]
  // Under --diff Ansible returns the (identical) before/after even when nothing changes.
  if (!changed) return ok(ctx.diffMode ? { ...result, diff: diff[0] } : result)
  return change({
    ...result,
    diff,
    apply: async () => {
      const done = await write.apply()
      return done.backup_file === undefined ? {} : { backup: done.backup_file }
    },
  })
}

/** Ansible warns that an empty regexp or search_string matches every line. */
function emptyPatternWarning(p: LineinfileParams): { warnings?: string[] } {
  if (p.regexp !== '' && p.search_string !== '') return {}
  const what = p.regexp === '' ? 'regular expression' : 'search string'
  let msg =
    `The ${what} is an empty string, which will match every line in the file. ` +
    'This may have unintended consequences, such as replacing the last line in the file rather than appending.'
  if (p.regexp === '') msg += " If this is desired, use '^' to match every line in the file and avoid this warning."
  return { warnings: [msg] }
}
