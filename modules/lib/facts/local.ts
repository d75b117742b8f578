// local: facts the target provides itself in /etc/ansible/facts.d/*.fact — JSON or
// INI files, or executables printing JSON.
import type { FactCollector } from './collector.js'

/** Where local facts are looked for unless setup's fact_path says otherwise. */
export const DEFAULT_FACT_PATH = '/etc/ansible/facts.d'

export const localCollector: FactCollector = {
  name: 'local',
  group: 'min',
  sections: {
    // One dynamic section per file ("local:NAME"); executables are run, others read.
    // FACT_PATH is set by the script's prelude (setup's fact_path).
    local: `for f in "$FACT_PATH"/*.fact; do
  [ -f "$f" ] || continue
  sec "local:$(basename "$f" .fact)"
  if [ -x "$f" ]; then "$f"; else cat "$f"; fi
done`,
  },
  collect(s) {
    const local: Record<string, unknown> = {}
    for (const [name, text] of s.withPrefix('local:').sort(([a], [b]) => (a < b ? -1 : 1))) {
      local[name] = parseLocalFact(text, `${name}.fact`)
    }
    return { local }
  },
}

export function parseLocalFact(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return parseIni(text) ?? `error loading facts as JSON or ini - please check content: ${file}`
  }
}

/** Python's ConfigParser view of an INI file: { section: { key: value } }; undefined when it is not INI. */
export function parseIni(text: string): Record<string, Record<string, string>> | undefined {
  const out: Record<string, Record<string, string>> = {}
  let section: Record<string, string> | undefined
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const header = /^\[(.+)\]$/.exec(line)
    if (header) {
      section = out[header[1]!] = {}
      continue
    }
    const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line)
    if (!m || !section) return undefined
    section[m[1]!.toLowerCase()] = m[2]!
  }
  return out
}
