// Makes sure the oracle (Debian's ansible-playbook with the `json` stdout callback) is present.
// The `json` callback lives in the ansible.posix collection, which Debian ships in the `ansible`
// package, so both `ansible-core` and `ansible` are installed when something is missing.
import { spawnSync } from 'node:child_process'

export type OracleStatus = { available: true; version: string } | { available: false; reason: string }

const APT_PACKAGES = ['ansible-core', 'ansible']

export function probeOracle(): OracleStatus {
  const version = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' })
  if (version.error || version.status !== 0) {
    return { available: false, reason: 'ansible-playbook is not installed (or does not run)' }
  }
  // ansible-doc exits 0 even for unknown plugins, so look at what it printed.
  const doc = spawnSync('ansible-doc', ['-t', 'callback', 'json'], { encoding: 'utf8' })
  if (doc.error || !/json/i.test(doc.stdout ?? '')) {
    return { available: false, reason: "the 'json' stdout callback (collection ansible.posix) is missing" }
  }
  return { available: true, version: version.stdout.split('\n')[0].trim() }
}

/**
 * Probes, and when the oracle is missing and we are root, installs it with apt-get.
 * Returns the final status; the caller decides whether "unavailable" fails or skips.
 */
export function ensureOracle(log: (line: string) => void = () => {}): OracleStatus {
  const first = probeOracle()
  if (first.available) return first
  if (process.getuid?.() !== 0) return { available: false, reason: `${first.reason}; not root, so not installing it` }
  log(`compat: ${first.reason}; installing ${APT_PACKAGES.join(' ')} with apt-get`)
  if (!aptInstall()) {
    aptRun(['update'])
    if (!aptInstall()) return { available: false, reason: `${first.reason}; apt-get install ${APT_PACKAGES.join(' ')} failed` }
  }
  return probeOracle()
}

function aptInstall(): boolean {
  return aptRun(['install', '-y', '--no-install-recommends', ...APT_PACKAGES])
}

function aptRun(args: string[]): boolean {
  const run = spawnSync('apt-get', args, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 15 * 60_000,
  })
  return !run.error && run.status === 0
}
