// What dpkg and apt know about the requested packages, in as few commands as possible:
// one dpkg-query (+ apt-mark showauto) for all names, `apt-cache policy` only for the
// names whose candidate matters, `apt-cache pkgnames` only for wildcards.
import type { Host } from '../../../engine/module.js'
import { runScript, SECTION, splitSections } from './target.js'

/** dpkg's view of one installed (or once installed) package. */
export interface DpkgEntry {
  name: string
  arch: string
  /** Third word of dpkg's Status: installed, config-files, not-installed, half-installed… */
  state: string
  version: string
  provides: string[]
}

/** apt's view: the installed version, the candidate and every known version (newest first). */
export interface PolicyEntry {
  installed?: string
  candidate?: string
  versions: string[]
}

export const C_LOCALE = { LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C', LC_CTYPE: 'C' }

// dpkg's entries, then apt's auto-installed records (read from extended_states:
// apt-mark showauto would cost over half a second of cache loading).
const QUERY = `dpkg-query -W -f='\${Package}\\t\${Architecture}\\t\${Status}\\t\${Version}\\t\${Provides}\\n' "$@" 2>/dev/null
echo '${SECTION}'
awk -v RS= '/\\nAuto-Installed: 1/' /var/lib/apt/extended_states 2>/dev/null
exit 0`

export function parseDpkgQuery(text: string): DpkgEntry[] {
  return text.split('\n').filter((l) => l.includes('\t')).map((line) => {
    const [name = '', arch = '', status = '', version = '', provides = ''] = line.split('\t')
    return {
      name,
      arch,
      state: status.split(' ')[2] ?? '',
      version,
      provides: provides.split(',').map((p) => p.trim().split(/[\s(]/)[0]!).filter((p) => p !== ''),
    }
  })
}

export interface DpkgState {
  entries: DpkgEntry[]
  /** Requested names apt marks as automatically installed. */
  auto: Set<string>
}

/** dpkg's entries for `names` and which of them are marked auto-installed. */
export async function queryDpkg(host: Host, names: string[]): Promise<DpkgState> {
  if (names.length === 0) return { entries: [], auto: new Set() }
  const r = await runScript(host, QUERY, names, { env: C_LOCALE })
  const [dpkg = '', auto = ''] = splitSections(r.stdout)
  const autoNames = [...auto.matchAll(/^Package: (\S+)$/gm)].map((m) => m[1]!)
  return { entries: parseDpkgQuery(dpkg), auto: new Set(autoNames.filter((n) => names.some((asked) => asked.split(':')[0] === n))) }
}

/** The entry for a requested name ("foo" or "foo:arch"). */
export function dpkgEntryFor(entries: DpkgEntry[], name: string): DpkgEntry | undefined {
  const [base, arch] = name.split(':')
  const matching = entries.filter((e) => e.name === base && (arch === undefined || e.arch === arch))
  return matching.find((e) => e.state === 'installed') ?? matching[0]
}

export function parsePolicy(text: string): Map<string, PolicyEntry> {
  const policies = new Map<string, PolicyEntry>()
  let current: PolicyEntry | undefined
  let inTable = false
  for (const line of text.split('\n')) {
    const header = /^(\S+):$/.exec(line)
    if (header) {
      current = { versions: [] }
      policies.set(header[1]!, current)
      inTable = false
      continue
    }
    if (!current) continue
    const field = /^\s+(Installed|Candidate): (.*)$/.exec(line)
    if (field) {
      const value = field[2]!.trim()
      if (value !== '(none)') current[field[1] === 'Installed' ? 'installed' : 'candidate'] = value
    } else if (/^\s+Version table:/.test(line)) inTable = true
    else if (inTable) {
      const version = /^\s+(?:\*\*\* )?(\S+) -?\d+$/.exec(line)
      if (version) current.versions.push(version[1]!)
    }
  }
  return policies
}

/** apt-cache policy for `names` (with -t RELEASE when given). Unknown names are missing from the map. */
export async function queryPolicy(host: Host, names: string[], release?: string): Promise<Map<string, PolicyEntry>> {
  if (names.length === 0) return new Map()
  const r = await host.exec(['apt-cache', ...(release ? ['-t', release] : []), 'policy', ...names], { env: C_LOCALE })
  return parsePolicy(r.stdout)
}

/** Every package name apt knows (for wildcard names). */
export async function allPackageNames(host: Host): Promise<string[]> {
  const r = await host.exec(['apt-cache', 'pkgnames'], { env: C_LOCALE })
  return r.stdout.split('\n').filter(Boolean)
}

/** Names that installed packages provide (virtual packages satisfied on this system). */
export async function installedProvides(host: Host): Promise<Set<string>> {
  const r = await host.exec(['dpkg-query', '-W', '-f=${Package}\t${Architecture}\t${Status}\t${Version}\t${Provides}\n'], { env: C_LOCALE })
  return new Set(parseDpkgQuery(r.stdout).filter((e) => e.state === 'installed').flatMap((e) => e.provides))
}
