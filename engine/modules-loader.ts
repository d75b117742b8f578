// Custom modules of a project (modules/) or a role (library/): every .ts, .js or .mjs
// file whose default export is defineModule(...). TypeScript files load without a
// build step through tsx, which is only imported when a .ts file is present.
import { promises as fs } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { TsplayError } from './errors.js'
import { defineModule, type ModuleDefinition } from './module.js'

const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs']

/**
 * Load the modules of `dirs` (missing folders are skipped). The module name is the
 * file name; a name found in a later folder replaces the same name of an earlier one.
 */
export async function loadCustomModules(dirs: string[]): Promise<Record<string, ModuleDefinition>> {
  const modules: Record<string, ModuleDefinition> = {}
  for (const dir of dirs) {
    for (const file of await moduleFiles(dir)) {
      const name = basename(file, extname(file))
      modules[name] = checkDefinition(await importFile(file), file, name)
    }
  }
  return modules
}

async function moduleFiles(dir: string): Promise<string[]> {
  let entries: string[]
  try {
    entries = await fs.readdir(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw new TsplayError(`cannot read the module folder ${dir}: ${(err as Error).message}`, { cause: err })
  }
  return entries
    .filter((entry) => MODULE_EXTENSIONS.includes(extname(entry)) && !entry.endsWith('.d.ts'))
    .sort()
    .map((entry) => join(dir, entry))
}

async function importFile(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href
  try {
    if (file.endsWith('.ts') || file.endsWith('.mts')) {
      const { tsImport } = await import('tsx/esm/api')
      return await tsImport(url, import.meta.url)
    }
    return await import(url)
  } catch (err) {
    throw new TsplayError(`cannot load the module file ${file}: ${(err as Error).message}`, { cause: err })
  }
}

/** The module's definition, or an error saying what the file lacks. */
function checkDefinition(namespace: unknown, file: string, name: string): ModuleDefinition {
  const def = defaultExport(namespace)
  const hint = 'a module file must `export default defineModule({ name, description, params, examples, run })`'
  if (def === null || typeof def !== 'object') {
    throw new TsplayError(`${file} is not a module: it has no default export of a module definition`, { hint })
  }
  const d = def as Partial<ModuleDefinition>
  const missing = [
    typeof d.name !== 'string' && 'name',
    typeof d.description !== 'string' && 'description',
    (d.params === null || typeof d.params !== 'object') && 'params',
    !Array.isArray(d.examples) && 'examples',
    typeof d.run !== 'function' && 'run',
  ].filter(Boolean)
  if (missing.length) throw new TsplayError(`${file} is not a valid module: missing or wrong ${missing.join(', ')}`, { hint })
  if (d.name !== name) {
    throw new TsplayError(`${file} defines the module '${d.name}', but its file name makes it '${name}'`, {
      hint: 'rename the file or the module so that they match',
    })
  }
  return defineModule(d as ModuleDefinition)
}

/** `export default` seen through ESM, or through a CommonJS wrapper (module.exports.default). */
function defaultExport(namespace: unknown): unknown {
  const first = (namespace as { default?: unknown } | null)?.default
  const inner = (first as { default?: unknown } | null)?.default
  return first !== null && typeof first === 'object' && inner !== undefined && !('run' in first) ? inner : first
}
