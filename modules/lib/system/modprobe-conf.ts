// Kernel module state for the modprobe module: what /proc/modules and modules.builtin
// say is loaded, and what /etc/modules-load.d and /etc/modprobe.d say happens at boot.
// Matching follows community.general.modprobe's line patterns.
import type { Host } from '../../../engine/module.js'
import { runScript, SECTION, splitSections } from './target.js'

export const MODULES_LOAD_DIR = '/etc/modules-load.d'
export const MODPROBE_DIR = '/etc/modprobe.d'

const LIVE = `cat /proc/modules; echo '${SECTION}'; cat "/lib/modules/$(uname -r)/modules.builtin" 2>/dev/null; exit 0`

// Every regular file of the given folders as NUL-separated path/content pairs.
const READ_FOLDERS = `for d in "$@"; do for f in "$d"/*; do if [ -f "$f" ]; then printf '%s\\0' "$f"; cat "$f"; printf '\\0'; fi; done; done; exit 0`

/** Loaded per /proc/modules (with - as _), or built into the kernel. */
export async function moduleLoaded(host: Host, name: string): Promise<boolean> {
  const r = await runScript(host, LIVE)
  const [modules = '', builtin = ''] = splitSections(r.stdout)
  const prefix = `${name.replaceAll('-', '_')} `
  if (modules.split('\n').some((line) => line.startsWith(prefix))) return true
  return builtin.split('\n').some((line) => line.trimEnd().endsWith(`/${name}.ko`))
}

/** Regular files of the folders, by path. */
export async function readConfFolders(host: Host, folders: string[]): Promise<Map<string, string>> {
  const r = await runScript(host, READ_FOLDERS, folders)
  const parts = r.stdout.split('\0')
  const files = new Map<string, string>()
  for (let i = 0; i + 1 < parts.length; i += 2) files.set(parts[i]!, parts[i + 1]!)
  return files
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Line patterns for one module: a modules-load.d entry, and an "options NAME key=value" line. */
export function confPatterns(name: string): { module: RegExp; option: RegExp } {
  const n = escapeRegex(name)
  return {
    module: new RegExp(`^ *${n} *(?:[#;].*)?$`),
    option: new RegExp(`^options ${n} (\\w+=\\S+) *(?:[#;].*)?$`),
  }
}

/** Lines of a file, each without its line break. */
function lines(content: string): string[] {
  const all = content.split('\n')
  if (all.at(-1) === '') all.pop()
  return all
}

export function listsModule(content: string, pattern: RegExp): boolean {
  return lines(content).some((line) => pattern.test(line))
}

/** The key=value options set for the module across the files. */
export function permanentParams(files: Map<string, string>, option: RegExp): Set<string> {
  const params = new Set<string>()
  for (const content of files.values()) {
    for (const line of lines(content)) {
      const m = option.exec(line)
      if (m) params.add(m[1]!)
    }
  }
  return params
}

/** The content with matching lines commented out, or undefined when nothing matched. */
export function commentOut(content: string, pattern: RegExp): string | undefined {
  let changed = false
  const out = lines(content).map((line) => {
    if (!pattern.test(line)) return line
    changed = true
    return `#${line}`
  })
  return changed ? `${out.join('\n')}\n` : undefined
}
