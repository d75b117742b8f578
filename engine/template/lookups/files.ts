// Lookups that read controller files: file, template, fileglob, first_found.
import { readFileSync, statSync } from 'node:fs'
import { hostname, userInfo } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { TemplateError } from '../../errors.js'
import { UndefinedError } from '../undefined.js'
import type { LookupContext, LookupFn } from '../types.js'
import { pyGlob } from '../filters/python-glob.js'
import { PyDatetime } from '../filters/python-datetime.js'
import { pyStrip } from '../filters/python-strings.js'
import { isMapping, mappingGet, mappingHas, truthy } from '../filters/python-types.js'
import { baseDir, findLookupFile, lookupOptions, termText } from './options.js'

const file: LookupFn = (terms, kwargs, ctx) => {
  const opts = lookupOptions('file', kwargs, { lstrip: false, rstrip: true })
  return terms.map((term) => {
    const name = termText('file', term)
    const path = findLookupFile(ctx, name, 'files')
    if (!path) throw new TemplateError(`could not locate file in lookup: ${name}`)
    let contents = readFileSync(path, 'utf8')
    if (truthy(opts.lstrip)) contents = pyStrip(contents, null, 'left')
    if (truthy(opts.rstrip)) contents = pyStrip(contents, null, 'right')
    return contents
  })
}

function localDatetime(date: Date): PyDatetime {
  return new PyDatetime(date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds())
}

/** The template_* variables Ansible adds for a template file. */
function templateVars(term: string, path: string): Record<string, unknown> {
  const stat = statSync(path)
  let owner = String(stat.uid)
  try {
    owner = userInfo().uid === stat.uid ? userInfo().username : owner
  } catch {
    // no passwd entry: keep the numeric uid, as Python's pwd lookup would fail too
  }
  return {
    template_host: hostname(),
    template_path: term,
    template_fullpath: resolve(path),
    template_uid: owner,
    template_mtime: localDatetime(stat.mtime),
    template_run_date: localDatetime(new Date()),
    ansible_managed: 'Ansible managed',
  }
}

const UNSUPPORTED_TEMPLATE_OPTIONS = ['variable_start_string', 'variable_end_string', 'comment_start_string', 'comment_end_string']

const template: LookupFn = (terms, kwargs, ctx) => {
  const opts = lookupOptions('template', kwargs, {
    convert_data: true,
    template_vars: {} as unknown,
    jinja2_native: false,
    variable_start_string: '{{',
    variable_end_string: '}}',
    comment_start_string: '{#',
    comment_end_string: '#}',
  })
  for (const option of UNSUPPORTED_TEMPLATE_OPTIONS) {
    if (option in kwargs) throw new TemplateError(`lookup 'template': option '${option}' is not supported by tsplay`)
  }
  const extra = isMapping(opts.template_vars) ? (opts.template_vars as Record<string, unknown>) : {}
  return terms.map((term) => {
    const name = termText('template', term)
    const path = findLookupFile(ctx, name, 'templates')
    if (!path) throw new TemplateError(`the template file ${name} could not be found for the lookup`)
    return ctx.render(readFileSync(path, 'utf8'), { ...templateVars(name, path), ...extra })
  })
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** Ansible's fileglob lookup: a pattern with a folder is found like a file; a bare one in each search path's files/. */
const fileglob: LookupFn = (terms, kwargs, ctx) => {
  lookupOptions('fileglob', kwargs, {})
  const found: string[] = []
  for (const term of terms) {
    const pattern = termText('fileglob', term)
    const name = basename(pattern)
    const folders =
      name !== pattern
        ? [findLookupFile(ctx, dirname(pattern), 'files')]
        : (ctx.searchPaths.length > 0 ? ctx.searchPaths : [baseDir(ctx)]).flatMap((p) => [join(p, 'files'), p])
    for (const folder of folders) {
      if (!folder) continue
      const matches = pyGlob(join(folder, name)).filter(isFile)
      if (matches.length > 0) {
        found.push(...matches)
        break
      }
    }
  }
  return found
}

/** first_found's "a,b;c" splitting of file and path lists. */
function splitOn(value: unknown, separators: RegExp): string[] {
  if (typeof value === 'string') return value.split(separators)
  if (Array.isArray(value)) return value.flatMap((v) => splitOn(v, separators))
  return []
}

interface Candidates {
  names: string[]
  skip: boolean
}

function firstFoundCandidates(terms: unknown[], kwargs: Record<string, unknown>): Candidates {
  let names: string[] = []
  let skip = false
  for (const term of terms) {
    if (Array.isArray(term) && !isMapping(term)) {
      const inner = firstFoundCandidates(term, kwargs)
      names.push(...inner.names)
      skip = inner.skip
      continue
    }
    const source = isMapping(term) ? term : kwargs
    const option = (key: string, fallback: unknown) => (mappingHas(source as Record<string, unknown>, key) ? mappingGet(source as Record<string, unknown>, key) : fallback)
    if (!isMapping(term) && typeof term !== 'string') {
      throw new TemplateError(`Invalid term supplied, can handle string, mapping or list of strings but got: ${typeof term} for ${String(term)}`)
    }
    const files = splitOn(option('files', []), /[,;]/)
    const paths = splitOn(option('paths', []), /[,:;]/)
    skip = truthy(option('skip', false))
    if (paths.length > 0) for (const path of paths) for (const f of files) names.push(join(path, f))
    else if (files.length > 0) names = files
    else names.push(term as string)
  }
  return { names, skip }
}

function renderName(ctx: LookupContext, name: string): string | undefined {
  if (!/{{|{%/.test(name)) return name
  try {
    return ctx.render(name)
  } catch (err) {
    if (err instanceof UndefinedError) return undefined // an undefined variable: try the next name
    throw err
  }
}

const firstFound: LookupFn = (terms, kwargs, ctx) => {
  const opts = lookupOptions('first_found', kwargs, { files: [] as unknown, paths: [] as unknown, skip: false })
  const { names, skip } = firstFoundCandidates(terms, opts)
  for (const candidate of names) {
    const name = renderName(ctx, candidate)
    if (name === undefined) continue
    const path = findLookupFile(ctx, name, 'files')
    if (path) return [path]
  }
  if (skip) return []
  throw new TemplateError('No file was found when using first_found.')
}

export const fileLookups: Record<string, LookupFn> = { file, template, fileglob, first_found: firstFound }
