// apt-get command lines as ansible-core's apt module builds them (same options, same
// order), the environment they run in, the package-list cache age, and the
// "prepared" diff Ansible cuts out of apt-get's output.
import type { ExecResult } from '../../../engine/connection/connection.js'
import type { Host } from '../../../engine/module.js'
import type { AptParams } from './apt-params.js'
import { C_LOCALE } from './apt-state.js'
import { runScript } from './target.js'

export const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive', DEBIAN_PRIORITY: 'critical', ...C_LOCALE }

/** "apt-get … 0 upgraded, 0 newly installed": the run changed nothing. */
export const APT_GET_ZERO = '\n0 upgraded, 0 newly installed'

const APT_LISTS = '/var/lib/apt/lists'
const UPDATE_STAMP = '/var/lib/apt/periodic/update-success-stamp'

function dpkgOptions(p: AptParams): string[] {
  return p.dpkg_options.split(',').flatMap((o) => ['-o', `Dpkg::Options::=--${o}`])
}

const flag = (on: boolean | undefined, ...words: string[]): string[] => (on ? words : [])

/** Options every apt-get run gets: how long to wait for the dpkg lock. */
function lockOption(p: AptParams): string[] {
  return ['-o', `DPkg::Lock::Timeout=${p.lock_timeout}`]
}

export function installArgv(p: AptParams, packages: string[], mode: { simulate: boolean; buildDep?: boolean; fixed?: boolean }): string[] {
  const argv = ['apt-get', '-y', ...dpkgOptions(p), ...flag(p.only_upgrade, '--only-upgrade'), ...flag(mode.fixed, '--fix-broken'), ...flag(p.force, '--force-yes')]
  if (!mode.buildDep) argv.push(...flag(p.autoremove, '--auto-remove'))
  argv.push(...flag(p.fail_on_autoremove, '--no-remove'), ...flag(mode.simulate, '--simulate'), mode.buildDep ? 'build-dep' : 'install', ...packages)
  if (p.default_release) argv.push('-t', p.default_release)
  if (p.install_recommends !== undefined) argv.push('-o', `APT::Install-Recommends=${p.install_recommends ? 'yes' : 'no'}`)
  argv.push(...flag(p.allow_unauthenticated, '--allow-unauthenticated'), ...flag(p.allow_downgrade, '--allow-downgrades'))
  argv.push(...flag(p.allow_change_held_packages, '--allow-change-held-packages'), ...lockOption(p))
  return argv
}

export function removeArgv(p: AptParams, packages: string[], simulate: boolean): string[] {
  return ['apt-get', '-q', '-y', ...dpkgOptions(p), ...flag(p.purge, '--purge'), ...flag(p.force, '--force-yes'), ...flag(p.autoremove, '--auto-remove'), ...flag(simulate, '--simulate'), 'remove', ...packages, ...lockOption(p)]
}

/** upgrade=dist/full → dist-upgrade; yes/safe → upgrade --with-new-pkgs (apt-get, never aptitude). */
export function upgradeArgv(p: AptParams, mode: string, simulate: boolean): string[] {
  const command = mode === 'dist' || mode === 'full' ? ['dist-upgrade'] : ['upgrade', '--with-new-pkgs']
  const argv = ['apt-get', '-y', ...dpkgOptions(p), ...flag(p.force, '--force-yes'), ...flag(p.fail_on_autoremove, '--no-remove')]
  argv.push(...flag(p.allow_unauthenticated, '--allow-unauthenticated'), ...flag(p.allow_downgrade, '--allow-downgrades'), ...flag(simulate, '--simulate'))
  argv.push(...command, ...flag(p.autoremove, '--auto-remove'))
  if (p.default_release) argv.push('-t', p.default_release)
  return [...argv, ...lockOption(p)]
}

export function cleanupArgv(p: AptParams, operation: 'autoremove' | 'autoclean', simulate: boolean): string[] {
  return ['apt-get', '-y', ...dpkgOptions(p), ...flag(p.purge, '--purge'), ...flag(p.force, '--force-yes'), operation, ...flag(simulate, '--simulate'), ...lockOption(p)]
}

// policy_rc_d: a /usr/sbin/policy-rc.d answering with the given code for the duration of
// the command (an existing one is put aside and restored), so packages do not start services.
const WITH_POLICY_RC_D = `code=$1; shift
p=/usr/sbin/policy-rc.d; saved=
if [ -e "$p" ]; then saved=$(mktemp -d) && mv "$p" "$saved/" || exit 1; fi
printf '#!/bin/sh\\nexit %s\\n' "$code" > "$p" && chmod 0755 "$p" || exit 1
"$@"; rc=$?
rm -f "$p"; if [ -n "$saved" ]; then mv "$saved/policy-rc.d" "$p"; rmdir "$saved"; fi
exit $rc`

/** Runs an apt command with the apt environment (and policy-rc.d when asked). */
export function runApt(host: Host, p: AptParams, argv: string[]): Promise<ExecResult> {
  if (p.policy_rc_d === undefined || argv.includes('--simulate')) return host.exec(argv, { env: APT_ENV })
  return runScript(host, WITH_POLICY_RC_D, [String(p.policy_rc_d), ...argv], { env: APT_ENV })
}

/** mtime (seconds) of the last successful `apt-get update`, 0 when unknown. */
export async function cacheTime(host: Host): Promise<number> {
  const stamp = (await host.stat(UPDATE_STAMP, { follow: true })) ?? (await host.stat(APT_LISTS, { follow: true }))
  return stamp ? Math.floor(stamp.mtime) : 0
}

/** Ansible's parse_diff: the lines between "Reading state information..." and "N upgraded". */
export function preparedDiff(output: string): { prepared: string } {
  const lines = output.split('\n')
  let start = lines.indexOf('Resolving dependencies...')
  if (start < 0) start = lines.indexOf('Reading state information...')
  let end = lines.findIndex((l) => /^[0-9]+ (packages )?upgraded/.test(l))
  if (end < 0) end = lines.length
  return { prepared: lines.slice(start + 1, end + 1).join('\n') }
}

/** `apt-get update`, retried with exponential backoff like Ansible's cache.update(). */
export async function updateCache(host: Host, p: AptParams, sleep = (s: number) => new Promise((r) => setTimeout(r, s * 1000))): Promise<string | undefined> {
  let error = ''
  const jitter = Math.floor(Math.random() * 1000) / 1000
  for (let retry = 0; retry < p.update_cache_retries; retry++) {
    const r = await host.exec(['apt-get', 'update', '-q', ...lockOption(p)], { env: APT_ENV })
    if (r.rc === 0 && !/^(E|Err):/m.test(r.stdout + r.stderr)) return undefined
    error = r.stderr.trim() || r.stdout.trim()
    if (retry + 1 < p.update_cache_retries) await sleep(Math.min(2 ** retry, p.update_cache_retry_max_delay) + jitter)
  }
  return `Failed to update apt cache: ${error || 'unknown reason'}`
}
