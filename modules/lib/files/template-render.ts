// The template module's rendering: Ansible's template_* variables and ansible_managed,
// and the parse options (trim_blocks, lstrip_blocks, newline_sequence, delimiters).
// The options reach the template engine as a `#jinja2:` header line — the engine's own
// per-file override mechanism — merged with a header the file may already have (the
// file's settings win, as in Ansible).
import { readFileSync, statSync } from 'node:fs'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { PyDatetime, strftime, timeFields } from '../../../engine/template/filters/python-datetime.js'
import { parseAccountFile } from './accounts.js'

export interface TemplateOptions {
  trim_blocks: boolean
  lstrip_blocks: boolean
  newline_sequence: string
  block_start_string?: string
  block_end_string?: string
  variable_start_string?: string
  variable_end_string?: string
  comment_start_string?: string
  comment_end_string?: string
}

const DELIMITERS = ['block_start_string', 'block_end_string', 'variable_start_string', 'variable_end_string', 'comment_start_string', 'comment_end_string'] as const

/** A Python string literal, for the header line. */
function pyString(text: string): string {
  const escaped = text.replace(/[\\'\n\r\t]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)
  return `'${escaped}'`
}

/** The template text with a `#jinja2:` header carrying the options that differ from the engine's defaults. */
export function withRenderOptions(text: string, opts: TemplateOptions): string {
  const settings: string[] = []
  if (!opts.trim_blocks) settings.push('trim_blocks: False')
  if (opts.lstrip_blocks) settings.push('lstrip_blocks: True')
  if (opts.newline_sequence !== '\n') settings.push(`newline_sequence: ${pyString(opts.newline_sequence)}`)
  for (const name of DELIMITERS) {
    const value = opts[name]
    if (value !== undefined) settings.push(`${name}: ${pyString(value)}`)
  }
  if (settings.length === 0) return text
  if (!text.startsWith('#jinja2:')) return `#jinja2:${settings.join(', ')}\n${text}`
  const eol = text.indexOf('\n')
  const own = text.slice('#jinja2:'.length, eol < 0 ? undefined : eol)
  return `#jinja2:${settings.join(', ')}, ${own}${eol < 0 ? '' : text.slice(eol)}`
}

/** pwd.getpwuid(uid).pw_name on the controller, or the number. */
function controllerUserName(uid: number): string {
  let passwd = ''
  try {
    passwd = readFileSync('/etc/passwd', 'utf8')
  } catch {
    // no account database: the number it is
  }
  return parseAccountFile(passwd).nameById.get(uid) ?? String(uid)
}

/** A naive local datetime, as datetime.fromtimestamp / datetime.now give. */
function localDatetime(epochSeconds: number): PyDatetime {
  const f = timeFields(epochSeconds, false)
  const micro = Math.round((epochSeconds % 1) * 1e6)
  return new PyDatetime(f.year, f.month, f.day, f.hour, f.minute, f.second, micro)
}

/**
 * generate_ansible_template_vars: template_host, template_path (as the task wrote it),
 * template_fullpath, template_mtime, template_uid, template_run_date, template_destpath
 * and ansible_managed (its format expanded with {host}, {uid}, {file} and strftime of
 * the template's mtime).
 */
export function templateVars(srcParam: string, fullPath: string, dest: string, managedFormat = 'Ansible managed'): Record<string, unknown> {
  const st = statSync(fullPath)
  const host = hostname()
  const uid = controllerUserName(st.uid)
  const mtime = st.mtimeMs / 1000
  const managed = managedFormat.replace(/\{(host|uid|file)\}/g, (_, key: string) => (key === 'host' ? host : key === 'uid' ? uid : srcParam))
  return {
    template_host: host,
    template_path: srcParam,
    template_fullpath: resolve(fullPath),
    template_mtime: localDatetime(mtime),
    template_uid: uid,
    template_run_date: localDatetime(Date.now() / 1000),
    template_destpath: dest,
    ansible_managed: strftime(managed, timeFields(mtime, false)),
  }
}
