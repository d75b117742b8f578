// The ini lookup: a key (or, with re=true, every key matching a regex) from a section of
// an INI file — or from a Java .properties file with type=properties.
import { readFileSync } from 'node:fs'
import { TemplateError } from '../../errors.js'
import type { LookupContext, LookupFn } from '../types.js'
import { compilePyRegex } from '../filters/python-regex.js'
import { pythonStr } from '../filters/python-repr.js'
import { truthy } from '../filters/python-types.js'
import { IniFile } from './python-ini.js'
import { findLookupFile, lookupOptions, termText } from './options.js'

const DEFAULTS = {
  type: 'ini' as unknown,
  file: 'ansible.ini' as unknown,
  section: 'global' as unknown,
  re: false as unknown,
  encoding: 'utf-8' as unknown,
  default: '' as unknown,
  case_sensitive: false as unknown,
  allow_no_value: false as unknown,
  allow_none: false as unknown,
}

type IniParams = typeof DEFAULTS

/**
 * The old inline form, "key section=x file=y": words after `name=` belong to that
 * option until the next one (so values may contain spaces); the first word is the key.
 */
function inlineParams(term: string, params: IniParams): string {
  const names = Object.keys(params)
  const values = new Map<string, string>()
  let current = 'key'
  term.split(/\s+/).filter(Boolean).forEach((phrase, i) => {
    if (phrase.includes('=')) current = names.find((n) => phrase.includes(`${n}=`)) ?? current
    const existing = values.get(current)
    values.set(current, i === 0 || !existing ? phrase : `${existing} ${phrase}`)
  })
  let key: string | undefined
  for (const param of values.values()) {
    if (param.includes('=')) {
      const parts = param.split('=')
      if (parts.length !== 2) throw new TemplateError(`Could not use '${param}' from '${term}': too many values to unpack (expected 2)`)
      if (!names.includes(parts[0])) throw new TemplateError(`${parts[0]} is not a valid option.`)
      ;(params as Record<string, unknown>)[parts[0]] = parts[1]
    } else if (key === undefined) {
      key = param
    }
  }
  if (key === undefined) throw new TemplateError(`No key to lookup was provided as first term with in string inline options: ${term}`)
  return key
}

function readIni(ctx: LookupContext, params: IniParams): IniFile {
  const fileName = pythonStr(params.file)
  const path = findLookupFile(ctx, fileName, 'files')
  if (!path) throw new TemplateError(`Unable to find '${fileName}' in expected paths (use -vvvvv to see paths)`)
  let text = readFileSync(path, 'utf8')
  if (params.type === 'properties') text = `[java_properties]\n${text}`
  try {
    return new IniFile(text, {
      caseSensitive: truthy(params.case_sensitive),
      allowNoValue: truthy(params.allow_no_value) || truthy(params.allow_none),
    })
  } catch (err) {
    if (err instanceof TemplateError && /already exists/.test(err.message)) {
      throw new TemplateError(`Duplicate option in '${fileName}': ${err.message}`)
    }
    throw err
  }
}

function lookupTerm(ctx: LookupContext, term: string, params: IniParams): unknown[] {
  const key = term.includes('=') || term.trim().includes(' ') ? inlineParams(term, params) : term
  const ini = readIni(ctx, params)
  const section = params.type === 'properties' ? 'java_properties' : pythonStr(params.section)
  if (!ini.hasSection(section) && section !== 'DEFAULT') {
    throw new TemplateError(`No section '${section}' in ${pythonStr(params.file)}`)
  }
  if (truthy(params.re)) {
    return ini.items(section).filter(([name]) => compilePyRegex(key, {}, 'match').test(name)).map(([, value]) => value)
  }
  const value = ini.get(section, key)
  if (value === undefined) return [params.default]
  return value === null ? [] : [value]
}

const ini: LookupFn = (terms, kwargs, ctx) => {
  const params = lookupOptions('ini', kwargs, DEFAULTS)
  return terms.flatMap((term) => lookupTerm(ctx, termText('ini', term), params))
}

export const iniLookups: Record<string, LookupFn> = { ini }
