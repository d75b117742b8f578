// Finding the files Ansible looks for: `main.yml`/`main.yaml`/`main` (or a `main/` folder
// of files) inside a role's subfolder, and paths relative to a task file's folder.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve, isAbsolute } from 'node:path'

const YAML_EXTS = ['', '.yml', '.yaml', '.json']

/** `dir/name` with Ansible's optional extensions; a folder `dir/name/` yields its files in order. */
export function findVarsLike(dir: string, name: string): string[] {
  for (const ext of YAML_EXTS) {
    const candidate = join(dir, name + ext)
    if (!existsSync(candidate)) continue
    if (statSync(candidate).isDirectory()) {
      if (ext !== '') continue
      return listYamlFiles(candidate)
    }
    return [candidate]
  }
  return []
}

/** Every YAML/JSON file under a folder, sorted by path, recursively (Ansible's `main/` folders). */
export function listYamlFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...listYamlFiles(full))
    else if (/\.(ya?ml|json)$/.test(entry.name) || !entry.name.includes('.')) out.push(full)
  }
  return out
}

/** Resolve a relative path the way include/import do: against each base folder in turn. */
export function resolveAgainst(name: string, bases: string[]): string | undefined {
  if (isAbsolute(name)) return existsSync(name) ? name : undefined
  for (const base of bases) {
    const candidate = resolve(base, name)
    if (existsSync(candidate)) return candidate
  }
  return undefined
}
