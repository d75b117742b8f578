// What rpm says is installed for each requested spec (name, name-version, "name >= 1.2",
// a provide, or an .rpm file/URL), in one command; and which installed packages
// dnf/yum would update.
import type { Host } from '../../../engine/module.js'
import { runScript } from './target.js'

const FORMAT = 'INSTALLED %{NAME}\\t%{EPOCH}:%{VERSION}-%{RELEASE}.%{ARCH}\\n'

// One block per spec: "SPEC <spec>" then an INSTALLED line per matching package.
// A package file is matched by the exact NEVRA it contains.
const QUERY = `for s in "$@"; do
  printf 'SPEC %s\\n' "$s"
  case $s in
    *.rpm) n=$(rpm -qp --qf '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}' "$s" 2>/dev/null) && rpm -q --qf '${FORMAT}' "$n" 2>/dev/null ;;
    *) rpm -q --qf '${FORMAT}' "$s" 2>/dev/null || rpm -q --whatprovides --qf '${FORMAT}' "$s" 2>/dev/null ;;
  esac
done
exit 0`

export interface InstalledPackage {
  name: string
  /** epoch:version-release.arch ("(none):" without epoch). */
  evra: string
}

/** The installed packages matching each spec (empty when none). */
export async function queryInstalled(host: Host, specs: string[]): Promise<Map<string, InstalledPackage[]>> {
  const found = new Map<string, InstalledPackage[]>(specs.map((s) => [s, []]))
  if (specs.length === 0) return found
  const r = await runScript(host, QUERY, specs, { env: { LANG: 'C', LC_ALL: 'C' } })
  let current: InstalledPackage[] | undefined
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('SPEC ')) current = found.get(line.slice(5))
    else if (line.startsWith('INSTALLED ') && current) {
      const [name = '', evra = ''] = line.slice(10).split('\t')
      if (!current.some((p) => p.name === name && p.evra === evra)) current.push({ name, evra })
    }
  }
  return found
}

/** name-version-release.arch as dnf prints it (epoch 0/none left out). */
export function nevra(p: InstalledPackage): string {
  const evra = p.evra.replace(/^(\(none\)|0):/, '')
  return `${p.name}-${evra}`
}

/** Names with an update available, from `dnf/yum check-update` output ("name.arch  version  repo"). */
export function parseCheckUpdate(text: string): Set<string> {
  const names = new Set<string>()
  for (const line of text.split('\n')) {
    if (line.startsWith('Obsoleting')) break
    const m = /^(\S+)\.(\S+)\s+\S+\s+\S+\s*$/.exec(line)
    if (m) names.add(m[1]!)
  }
  return names
}
