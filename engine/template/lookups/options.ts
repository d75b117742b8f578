// What every lookup needs: its keyword options checked against the ones it knows, and
// relative file names found the way Ansible searches (role, then play, 'files/' first).
import { existsSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { closest } from 'fastest-levenshtein'
import { TemplateError } from '../../errors.js'
import type { Kwargs, LookupContext } from '../types.js'

/** The lookup's options: defaults overridden by kwargs; an unknown option is an error. */
export function lookupOptions<T extends Record<string, unknown>>(lookup: string, kwargs: Kwargs, defaults: T): T {
  const known = Object.keys(defaults)
  for (const key of Object.keys(kwargs)) {
    if (known.includes(key)) continue
    const hint = known.length > 0 ? `did you mean '${closest(key, known)}'?` : undefined
    const accepted = known.length > 0 ? `it accepts ${known.join(', ')}` : 'it takes no options'
    throw new TemplateError(`lookup '${lookup}' has no option '${key}'; ${accepted}`, { hint })
  }
  return { ...defaults, ...kwargs }
}

/** Ansible's find_file_in_search_path: an absolute path as is, else searched under `kind`. */
export function findLookupFile(ctx: LookupContext, name: string, kind: string): string | undefined {
  if (isAbsolute(name)) return existsSync(name) ? name : undefined
  return ctx.findFile(name, kind)
}

/** The playbook's folder (the last, least specific search path): where pipe/lines run. */
export function baseDir(ctx: LookupContext): string {
  return ctx.searchPaths[ctx.searchPaths.length - 1] ?? process.cwd()
}

/** A term that must be text (file names, commands, keys). */
export function termText(lookup: string, term: unknown): string {
  if (typeof term === 'string') return term
  if (term instanceof String) return term.valueOf()
  throw new TemplateError(`lookup '${lookup}' expects text terms, got ${JSON.stringify(term) ?? String(term)}`)
}
