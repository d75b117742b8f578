// OpenSSH client configuration (~/.ssh/config, /etc/ssh/ssh_config, or the file of -F)
// for one host, parsed with the `ssh-config` package (maintained, typed, implements
// Host and Match evaluation with OpenSSH's first-value-wins rule). Include directives
// are expanded here, and %-tokens and ~ in paths are substituted as ssh does.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { homedir, userInfo } from 'node:os'
import { basename, dirname, isAbsolute, join } from 'node:path'
import picomatch from 'picomatch'
import SSHConfig, { LineType, type Line } from 'ssh-config'

/** Lowercased keyword → value (a list for keywords ssh accumulates, like IdentityFile). */
export type SshConfigValues = Record<string, string | string[]>

/** The files ssh reads when no -F is given: the user's, then the system's. */
export function defaultSshConfigFiles(): string[] {
  return [join(homedir(), '.ssh', 'config'), '/etc/ssh/ssh_config']
}

/** Settings for `host` from the files in order; a value from an earlier file wins. */
export function sshConfigFor(host: string, files: readonly string[]): SshConfigValues {
  const merged: SshConfigValues = {}
  for (const file of files) {
    const config = parsedConfig(file)
    // Match exec would run commands from the file; ssh does, but a playbook run should not surprise.
    const values = config.compute(host, { ignoreCase: true, matchExec: false })
    for (const [key, value] of Object.entries(values)) {
      if (key === 'host' || key === 'match') continue
      const existing = merged[key]
      if (existing === undefined) merged[key] = value
      else if (Array.isArray(existing) && Array.isArray(value)) merged[key] = [...existing, ...value]
    }
  }
  return merged
}

/** First value of a keyword. */
export function configValue(values: SshConfigValues, key: string): string | undefined {
  const v = values[key]
  return Array.isArray(v) ? v[0] : v
}

export function configList(values: SshConfigValues, key: string): string[] {
  const v = values[key]
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

/** Substitutes ~ and the %-tokens ssh allows in paths (IdentityFile, UserKnownHostsFile). */
export function expandPath(path: string, ctx: { host: string; user: string; port: number; originalHost: string }): string {
  const tokens: Record<string, string> = {
    '%': '%',
    d: homedir(),
    h: ctx.host,
    n: ctx.originalHost,
    p: String(ctx.port),
    r: ctx.user,
    u: userInfo().username,
  }
  const expanded = path.replace(/%(.)/g, (all, t: string) => tokens[t] ?? all)
  return expanded === '~' || expanded.startsWith('~/') ? join(homedir(), expanded.slice(1)) : expanded
}

/** Parsed files by path, kept while the file, what it includes and the folders it includes from stay the same (every host reads them). */
const parsed = new Map<string, { stamp: string; config: SSHConfig; files: string[] }>()

function parsedConfig(file: string): SSHConfig {
  const known = parsed.get(file)
  if (known && known.stamp === stampOf(known.files)) return known.config
  const seen = new Set<string>()
  const config = loadConfig(file, dirname(file), seen)
  const files = [file, ...seen]
  parsed.set(file, { stamp: stampOf(files), config, files })
  return config
}

/** Size, mtime and inode of each file ('-' for a missing one). */
function stampOf(files: readonly string[]): string {
  return files.map((f) => {
    try {
      const st = statSync(f)
      return `${st.size}:${st.mtimeMs}:${st.ino}`
    } catch {
      return '-'
    }
  }).join('|')
}

function loadConfig(file: string, includeBase: string, seen: Set<string>): SSHConfig {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return SSHConfig.parse('')
    throw err
  }
  seen.add(file)
  const config = SSHConfig.parse(text)
  expandIncludes(config, includeBase, seen)
  return config
}

/** Replaces each Include line by the lines of the files it names (relative ones from ~/.ssh or /etc/ssh). */
function expandIncludes(lines: Line[], includeBase: string, seen: Set<string>): void {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.type !== LineType.DIRECTIVE) continue
    if ('config' in line) {
      expandIncludes(line.config, includeBase, seen)
      continue
    }
    if (line.param.toLowerCase() !== 'include') continue
    const patterns = Array.isArray(line.value) ? line.value.map((v) => v.val) : line.value.split(/\s+/)
    const included = patterns.flatMap((p) => matchingFiles(p, includeBase, seen)).filter((f) => !seen.has(f))
    const expanded = included.flatMap((f) => [...loadConfig(f, includeBase, seen)])
    lines.splice(i, 1, ...expanded)
    i += expanded.length - 1
  }
}

/** The files an Include pattern names; the folder a wildcard was matched in joins `seen` (its mtime tells of new files). */
function matchingFiles(pattern: string, base: string, seen: Set<string>): string[] {
  const path = pattern.startsWith('~/') ? join(homedir(), pattern.slice(2)) : isAbsolute(pattern) ? pattern : join(base, pattern)
  const name = basename(path)
  if (!/[*?[]/.test(name)) return [path]
  seen.add(dirname(path))
  const isMatch = picomatch(name, { dot: false })
  try {
    return readdirSync(dirname(path))
      .filter((entry) => isMatch(entry))
      .sort()
      .map((entry) => join(dirname(path), entry))
  } catch {
    return []
  }
}
