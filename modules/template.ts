// template: render a Jinja2 template from the controller (templates/ of the search
// path) with the host's variables and put the result on the target exactly as copy
// would (checksums, backup, validate, mode/owner, --diff).
import { promises as fs } from 'node:fs'
import { posix } from 'node:path'
import { TemplateError, TsplayError } from '../engine/errors.js'
import { change, defineModule, fail, ok, type Host, type ModuleContext, type ModuleOutcome } from '../engine/module.js'
import { fileHost } from './lib/files/file-host.js'
import type { FileAttrParams } from './lib/files/attributes.js'
import { findControllerFile } from './lib/files/controller-files.js'
import { planCopyFile } from './lib/files/copy-file.js'
import { FileModuleFailure, guarded } from './lib/files/failure.js'
import { formatMode } from './lib/files/mode.js'
import { backupProperty, fileAttrProperties, validateProperty } from './lib/files/params.js'
import { expandUser } from './lib/files/paths.js'
import { templateVars, withRenderOptions, type TemplateOptions } from './lib/files/template-render.js'

export interface TemplateParams extends FileAttrParams, TemplateOptions {
  src: string
  dest: string
  backup: boolean
  validate?: string
  force: boolean
  follow: boolean
  output_encoding: string
  unsafe_writes?: boolean
}

const NEWLINES: Record<string, string> = { '\n': '\n', '\r': '\r', '\r\n': '\r\n', '\\n': '\n', '\\r': '\r', '\\r\\n': '\r\n' }
// Node's names for the encodings Python spells differently.
const ENCODINGS: Record<string, BufferEncoding> = {
  'utf-8': 'utf8', utf8: 'utf8', ascii: 'ascii', 'us-ascii': 'ascii', latin1: 'latin1', 'latin-1': 'latin1', 'iso-8859-1': 'latin1',
  'utf-16-le': 'utf16le', 'utf-16le': 'utf16le',
}

const delimiter = (what: string) => ({ type: 'string', description: `The string that ${what} (default as Jinja2).` })

export default defineModule<TemplateParams>({
  name: 'template',
  description:
    'Render a Jinja2 template from the controller (templates/ of the search path) with the host\'s variables, plus ' +
    'template_path, template_host, ansible_managed and the other template_* variables, and write the result to the ' +
    'target like copy does: only when it differs, atomically, with backup, validate, mode and owner.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['src', 'dest'],
    properties: {
      src: { type: 'string', description: 'The template, found in templates/ of the search path.' },
      dest: { type: 'string', description: 'Where the result goes on the target; an existing folder receives it under the template\'s name.' },
      backup: backupProperty,
      validate: validateProperty,
      force: { type: 'boolean', default: true, description: 'Replace a file whose content differs; with no, only create a missing file.' },
      follow: { type: 'boolean', default: false, description: 'When dest is a symlink, write the file it points to.' },
      newline_sequence: { type: 'string', default: '\n', description: 'Line ending of the result: "\\n", "\\r" or "\\r\\n".' },
      trim_blocks: { type: 'boolean', default: true, description: 'Drop the newline after a block tag ({% … %}).' },
      lstrip_blocks: { type: 'boolean', default: false, description: 'Strip spaces and tabs before a block tag at the start of a line.' },
      output_encoding: { type: 'string', default: 'utf-8', description: 'Encoding of the written file.' },
      block_start_string: delimiter('starts a block'),
      block_end_string: delimiter('ends a block'),
      variable_start_string: delimiter('starts a variable'),
      variable_end_string: delimiter('ends a variable'),
      comment_start_string: delimiter('starts a comment'),
      comment_end_string: delimiter('ends a comment'),
      ...fileAttrProperties,
    },
  },
  examples: [
    `- name: VirtualBMC configuration
  template:
    src: vbmc.conf.j2
    dest: /etc/virtualbmc/virtualbmc.conf
    mode: "0640"`,
    `- name: undercloud.conf
  template:
    src: undercloud.conf.j2
    dest: /home/stack/undercloud.conf
    owner: stack
    backup: true
    lstrip_blocks: true`,
  ],
  run: (host, p, ctx) => guarded(() => runTemplate(fileHost(host), p, ctx)),
})

async function runTemplate(host: Host, p: TemplateParams, ctx: ModuleContext): Promise<ModuleOutcome> {
  const newline = NEWLINES[p.newline_sequence]
  if (newline === undefined) return fail('newline_sequence needs to be one of: \n, \r or \r\n')
  const encoding = ENCODINGS[p.output_encoding.toLowerCase()]
  if (encoding === undefined) return fail(`output_encoding '${p.output_encoding}' is not supported (use utf-8, ascii, latin-1 or utf-16-le)`)
  const source = findControllerFile(ctx, p.src, 'templates', true)
  const dest = await expandUser(host, p.dest)
  const rendered = await render(source, { ...p, newline_sequence: newline }, dest, ctx)
  const mode = p.mode === 'preserve' ? formatMode((await fs.stat(source)).mode & 0o7777) : p.mode
  const plan = await planCopyFile(host, {
    content: Buffer.from(rendered, encoding),
    sourcePath: source,
    sourceRel: posix.basename(source),
    dest,
    follow: p.follow,
    force: p.force,
    backup: p.backup,
    validate: p.validate,
    attrs: { mode, owner: p.owner, group: p.group },
    fromContent: false,
    checkMode: ctx.checkMode,
  })
  if (!plan) return ok({ dest, changed: false })
  if (!plan.changed) return ok(plan.result)
  return change({ ...plan.result, diff: plan.diff ? [plan.diff] : undefined, apply: plan.apply })
}

async function render(source: string, p: TemplateParams, dest: string, ctx: ModuleContext): Promise<string> {
  let text: string
  try {
    // Read as Ansible's loader reads templates: a vault-encrypted one is decrypted.
    text = new TextDecoder('utf-8', { fatal: true }).decode(await (ctx.readControllerFile ?? fs.readFile)(source))
  } catch (err) {
    if (err instanceof TsplayError) throw new FileModuleFailure(err.message)
    throw new FileModuleFailure('Template source files must be utf-8 encoded')
  }
  try {
    return ctx.render(withRenderOptions(text, p), templateVars(p.src, source, dest))
  } catch (err) {
    if (err instanceof TemplateError) throw new FileModuleFailure(`${source}: ${err.message}`, err.hint ? { hint: err.hint } : {})
    throw err
  }
}
