// include_vars: load variables from YAML/JSON files on the controller (one file, or
// every file of a folder) into the host's variables, with include_vars precedence.
import { readFile, stat } from 'node:fs/promises'
import { basename, dirname, extname, isAbsolute, join } from 'node:path'
import { defineModule, fail, ok, type ModuleContext, type ModuleOutcome } from '../engine/module.js'
import { parseYaml } from '../engine/load/yaml.js'
import { deepMerge, isPlainObject } from '../engine/vars/layers.js'
import { listVarsFiles } from './lib/vars-dir.js'
import { compilePyRegex } from '../engine/template/filters/python-regex.js'

interface IncludeVarsParams {
  _raw_params?: string
  file?: string
  dir?: string
  depth?: number
  files_matching?: string
  ignore_files?: string | string[]
  extensions: string[]
  ignore_unknown_extensions?: boolean
  name?: string
  hash_behaviour?: 'replace' | 'merge'
}

type Loaded = { vars: Record<string, unknown>; files: string[] }

export default defineModule<IncludeVarsParams>({
  name: 'include_vars',
  description:
    'Load variables from a YAML/JSON file, or from every file of a folder, found in the vars search path. ' +
    'Returns them as ansible_facts (optionally under `name`) with the list ansible_included_var_files. Runs on the controller.',
  controllerOnly: true,
  freeForm: '_raw_params',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      _raw_params: { type: 'string', description: 'The file to load (free form).' },
      file: { type: 'string', description: "The file to load, relative to the 'vars' search path." },
      dir: { type: 'string', description: "A folder whose files are all loaded (relative to the role's vars/ or the task file)." },
      depth: { type: 'integer', minimum: 0, description: 'How many folder levels of dir to read; 0 (default) reads all.' },
      files_matching: { type: 'string', description: 'Only load files of dir whose name matches this regular expression.' },
      ignore_files: {
        anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
        description: 'Regular expressions of file names of dir to skip.',
      },
      extensions: {
        type: 'array',
        items: { type: 'string' },
        default: ['yaml', 'yml', 'json'],
        description: 'File extensions dir may contain.',
      },
      ignore_unknown_extensions: { type: 'boolean', description: 'Skip files of dir with other extensions instead of failing (default false).' },
      name: { type: 'string', description: 'Put all loaded variables under this one variable.' },
      hash_behaviour: {
        enum: ['replace', 'merge'],
        description: 'merge: deep-merge dictionaries into existing variables of the same name instead of replacing them.',
      },
    },
  },
  examples: [
    `- name: Load the variables of this distribution
  include_vars: "{{ ansible_distribution }}.yml"`,
    `- name: Load every file of vars/nodes
  include_vars:
    dir: nodes
    name: overcloud_nodes`,
  ],
  async run(_host, p, ctx) {
    const file = p.file ?? p._raw_params?.replace(/\n+$/, '')
    const dirArgs = p.dir !== undefined || p.depth !== undefined || p.files_matching !== undefined || p.ignore_files !== undefined || p.ignore_unknown_extensions !== undefined
    if (file !== undefined && dirArgs) return fail('You are mixing file only and dir only arguments, these are incompatible')
    let loaded: Loaded | string
    if (p.dir !== undefined) loaded = await loadDir(p, ctx)
    else if (file) loaded = await loadFile(file, ctx)
    else return fail('one of file, dir or a free-form file name is required')
    if (typeof loaded === 'string') return failed(loaded)
    let vars = p.name === undefined ? loaded.vars : { [p.name]: loaded.vars }
    if (p.hash_behaviour === 'merge') vars = mergeWithCurrent(vars, ctx)
    return ok({ ansible_facts: vars, ansible_included_var_files: loaded.files })
  },
})

/** Ansible reports include_vars failures under `message` (and no `msg`). */
function failed(message: string): ModuleOutcome {
  return { kind: 'fail', result: { message } }
}

async function loadFile(name: string, ctx: ModuleContext): Promise<Loaded | string> {
  const path = ctx.findFile(name, 'vars')
  if (!path) return `Could not find or access '${name}' in the vars search path`
  const vars = await readVarsFile(path)
  return typeof vars === 'string' ? vars : { vars, files: [path] }
}

async function readVarsFile(path: string): Promise<Record<string, unknown> | string> {
  const data = parseYaml(await readFile(path, 'utf8'), path)
  if (data === null || data === undefined) return {}
  if (!isPlainObject(data)) return `${path} must be stored as a dictionary/hash`
  return data
}

async function loadDir(p: IncludeVarsParams, ctx: ModuleContext): Promise<Loaded | string> {
  const dir = resolveDir(p.dir!, ctx)
  const st = await stat(dir).catch(() => undefined)
  if (!st) return `${dir} directory does not exist`
  if (!st.isDirectory()) return `${dir} is not a directory`
  const matcher = p.files_matching === undefined ? undefined : compilePyRegex(p.files_matching)
  const ignored = (typeof p.ignore_files === 'string' ? p.ignore_files.split(/\s+/).filter(Boolean) : p.ignore_files ?? []).map((re) => compilePyRegex(`${re}$`))
  const loaded: Loaded = { vars: {}, files: [] }
  for (const path of await listVarsFiles(dir, p.depth ?? 0)) {
    const name = basename(path)
    if (matcher && !matcher.test(name)) continue
    if (ignored.some((re) => re.test(name))) continue
    const validExtension = p.extensions.includes(extname(name).slice(1)) && extname(name) !== ''
    if (!validExtension) {
      if (p.ignore_unknown_extensions) continue
      return `${path} does not have a valid extension: ${p.extensions.join(', ')}`
    }
    const vars = await readVarsFile(path)
    if (typeof vars === 'string') return vars
    Object.assign(loaded.vars, vars)
    loaded.files.push(path)
  }
  return loaded
}

/** A role's vars/ folder first (via the search path), else next to the task's file. */
function resolveDir(dir: string, ctx: ModuleContext): string {
  if (isAbsolute(dir)) return dir
  const found = ctx.findFile(dir, 'vars')
  if (found) return found
  return join(ctx.pos ? dirname(ctx.pos.file) : ctx.playbookDir, dir)
}

function mergeWithCurrent(vars: Record<string, unknown>, ctx: ModuleContext): Record<string, unknown> {
  const merged: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(vars)) {
    const current = ctx.vars[key]
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value
  }
  return merged
}
