// How setup gathers facts in one command: each collector contributes small sh
// snippets that print named sections; one script runs them all on the target and
// the sections are parsed here, on the controller.
import { randomBytes } from 'node:crypto'
import { shellQuote } from '../../../engine/connection/connection.js'

export type Facts = Record<string, unknown>

/**
 * The gather_subset group a collector belongs to: 'min' is always gathered unless
 * excluded; 'other' only comes with 'all' or when named.
 */
export type SubsetGroup = 'min' | 'hardware' | 'network' | 'virtual' | 'other'

export interface FactCollector {
  /** gather_subset name, as in Ansible ('platform', 'distribution', 'network', ...). */
  name: string
  group: SubsetGroup
  /** sh snippets by section name; each prints its section's content in a subshell (stderr is discarded). */
  sections: Record<string, string>
  /** Facts without the ansible_ prefix, from the sections and the facts collected before. */
  collect(sections: Sections, earlier: Facts): Facts
}

export class Sections {
  constructor(private readonly bySection: Map<string, string>) {}

  /** The text a section printed, or undefined when it printed nothing. */
  get(name: string): string | undefined {
    const text = this.bySection.get(name)
    return text === undefined || text === '' ? undefined : text
  }

  /** Sections whose name starts with `prefix` (dynamic ones such as local facts). */
  withPrefix(prefix: string): [string, string][] {
    return [...this.bySection].filter(([name]) => name.startsWith(prefix)).map(([name, text]) => [name.slice(prefix.length), text])
  }
}

export interface FactScript {
  script: string
  parse(stdout: string): Sections
}

/** One sh script printing every section the collectors need, each once; `variables` are set first. */
export function buildFactScript(collectors: FactCollector[], variables: Record<string, string> = {}): FactScript {
  const marker = `@@tsplay-facts-${randomBytes(6).toString('hex')}@@`
  const snippets = new Map<string, string>()
  for (const collector of collectors) for (const [name, sh] of Object.entries(collector.sections)) snippets.set(name, sh)
  const lines = [`M='${marker}'`, `sec() { printf '\\n%s %s\\n' "$M" "$1"; }`]
  for (const [name, value] of Object.entries(variables)) lines.push(`${name}=${shellQuote(value)}`)
  // A subshell each: a failing or exiting snippet cannot end the others.
  for (const [name, sh] of snippets) lines.push(`sec ${name}`, `( ${sh}\n) 2>/dev/null`)
  lines.push('sec end')
  return { script: lines.join('\n'), parse: (stdout) => parseSections(stdout, marker) }
}

export function parseSections(stdout: string, marker: string): Sections {
  const sections = new Map<string, string>()
  const parts = stdout.split(`\n${marker} `)
  for (const part of parts.slice(1)) {
    const newline = part.indexOf('\n')
    const name = newline < 0 ? part : part.slice(0, newline)
    if (name === 'end') continue
    sections.set(name, newline < 0 ? '' : part.slice(newline + 1))
  }
  return new Sections(sections)
}

/** "key=value" lines (the shape several snippets print). */
export function keyValueLines(text: string | undefined, separator = '='): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of (text ?? '').split('\n')) {
    const at = line.indexOf(separator)
    if (at > 0) out.set(line.slice(0, at).trim(), line.slice(at + separator.length).trim())
  }
  return out
}

/** Shell-style KEY="value" assignments, as in /etc/os-release. */
export function parseOsRelease(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const line of (text ?? '').split('\n')) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line)
    if (!m) continue
    let value = m[2]!.trim()
    if (/^".*"$/.test(value)) value = value.slice(1, -1).replace(/\\(["$`\\])/g, '$1')
    else if (/^'.*'$/.test(value)) value = value.slice(1, -1)
    out.set(m[1]!, value)
  }
  return out
}
