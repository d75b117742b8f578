// The package work of one apt task, planned by reading (dpkg-query, apt-cache, or an
// apt-get --simulate run) and carried out by `run` in apply: install, remove, upgrade
// or autoremove/autoclean, as ansible-core's apt module chooses between them.
import { shellJoin } from '../../../engine/connection/connection.js'
import type { Host, ModuleResult } from '../../../engine/module.js'
import { APT_GET_ZERO, cleanupArgv, installArgv, preparedDiff, removeArgv, runApt, upgradeArgv } from './apt-commands.js'
import type { AptParams } from './apt-params.js'
import { expandWildcards, needsPolicy, parseSpec, planInstall, planRemove, WILDCARD, type PackageSpec } from './apt-plan.js'
import { allPackageNames, installedProvides, queryDpkg, queryPolicy } from './apt-state.js'
import { applyFailure, withOutputLines } from './target.js'

export interface AptWork {
  kind: 'install' | 'remove' | 'upgrade' | 'cleanup'
  changed: boolean
  /** Keys to report (simulation output for upgrade/cleanup). */
  result: ModuleResult
  failure?: string
  /** apt-get's view of the change, for --diff. */
  diff?: { prepared: string }
  run?: () => Promise<ModuleResult>
}

/** The names a task asks for, as Ansible reads `name`: "*" means every installed package. */
export function requestedPackages(p: AptParams): { packages: string[]; all: boolean } {
  const given = p.name ?? []
  return { packages: given.filter((n) => n !== '*').map((n) => n.trim()), all: given.includes('*') }
}

export async function planWork(host: Host, p: AptParams, diffMode: boolean): Promise<AptWork> {
  const { packages, all } = requestedPackages(p)
  if (p.state === 'latest' && all) {
    if (packages.length) return failed('install', 'unable to install additional packages when upgrading all installed packages')
    return upgradeWork(host, p, 'yes')
  }
  const bad = packages.find((n) => (n.match(/=/g) ?? []).length > 1)
  if (bad !== undefined) return failed('install', `invalid package spec: ${bad}`)
  const option = packages.find((n) => n.startsWith('-'))
  if (option !== undefined) return failed('install', `invalid package name: ${option} (package names cannot start with "-")`)
  if (p.upgrade && p.upgrade !== 'no') return upgradeWork(host, p, p.upgrade)
  if (packages.length === 0 && p.autoclean) return cleanupWork(host, p, 'autoclean')
  if (packages.length === 0 && p.autoremove) return cleanupWork(host, p, 'autoremove')
  let specs = packages.map(parseSpec)
  if (specs.some((s) => WILDCARD.test(s.name)) && p.state !== 'build-dep') {
    const expanded = expandWildcards(specs, await allPackageNames(host))
    if (expanded.unmatched !== undefined) return failed(p.state === 'absent' ? 'remove' : 'install', `No package(s) matching '${expanded.unmatched}' available`)
    specs = expanded.specs
  }
  if (p.state === 'absent') return removeWork(host, p, specs)
  if (p.state === 'build-dep') return simulatedInstall(host, p, packages, { buildDep: true })
  return installWork(host, p, specs, diffMode)
}

function failed(kind: AptWork['kind'], failure: string): AptWork {
  return { kind, changed: false, result: {}, failure }
}

async function installWork(host: Host, p: AptParams, specs: PackageSpec[], diffMode: boolean): Promise<AptWork> {
  const upgrade = p.state === 'latest'
  const dpkg = await queryDpkg(host, specs.map((s) => s.name))
  const policies = await queryPolicy(host, specs.filter((s) => needsPolicy(s, dpkg, upgrade)).map((s) => s.name), p.default_release)
  const virtual = [...policies.values()].some((e) => !e.candidate && e.versions.length === 0)
  const provided = virtual ? await installedProvides(host) : new Set<string>()
  const plan = planInstall(specs, dpkg, policies, provided, { upgrade, onlyUpgrade: p.only_upgrade })
  if (plan.failure) return failed('install', plan.failure)
  if (plan.packages.length === 0 && plan.markManual.length === 0) return { kind: 'install', changed: false, result: {} }
  const fixed = p.state === 'fixed'
  const work: AptWork = { kind: 'install', changed: true, result: {} }
  if (diffMode && plan.packages.length) work.diff = preparedDiff((await runApt(host, p, installArgv(p, plan.packages, { simulate: true, fixed }))).stdout)
  work.run = async () => {
    let output: ModuleResult = {}
    if (plan.packages.length) {
      const argv = installArgv(p, plan.packages, { simulate: false, fixed })
      const r = await runApt(host, p, argv)
      if (r.rc !== 0) return applyFailure(`'${shellJoin(argv)}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc })
      output = withOutputLines({ stdout: r.stdout, stderr: r.stderr })
    }
    if (plan.markManual.length) {
      const argv = ['apt-mark', 'manual', ...plan.markManual]
      const r = await host.exec(argv)
      if (r.rc !== 0) return applyFailure(`'${shellJoin(argv)}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc })
    }
    return output
  }
  return work
}

/** build-dep: only apt-get knows whether anything is missing, so it is asked with --simulate. */
async function simulatedInstall(host: Host, p: AptParams, packages: string[], mode: { buildDep: boolean }): Promise<AptWork> {
  if (packages.length === 0) return { kind: 'install', changed: false, result: {} }
  const sim = await runApt(host, p, installArgv(p, packages, { simulate: true, ...mode }))
  if (sim.rc !== 0) return failed('install', `'${shellJoin(installArgv(p, packages, { simulate: true, ...mode }))}' failed: ${sim.stderr}`)
  const changed = !sim.stdout.includes(APT_GET_ZERO)
  return {
    kind: 'install',
    changed,
    result: {},
    diff: preparedDiff(sim.stdout),
    run: async () => {
      const argv = installArgv(p, packages, { simulate: false, ...mode })
      const r = await runApt(host, p, argv)
      if (r.rc !== 0) return applyFailure(`'${shellJoin(argv)}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc })
      return withOutputLines({ changed: !r.stdout.includes(APT_GET_ZERO), stdout: r.stdout, stderr: r.stderr })
    },
  }
}

async function removeWork(host: Host, p: AptParams, specs: PackageSpec[]): Promise<AptWork> {
  const dpkg = await queryDpkg(host, specs.map((s) => s.name))
  const packages = planRemove(specs, dpkg, p.purge)
  if (packages.length === 0) return { kind: 'remove', changed: false, result: {} }
  const quoted = packages.map((n) => `'${n}'`).join(' ')
  return {
    kind: 'remove',
    changed: true,
    result: {},
    diff: preparedDiff((await runApt(host, p, removeArgv(p, packages, true))).stdout),
    run: async () => {
      const r = await runApt(host, p, removeArgv(p, packages, false))
      if (r.rc !== 0) return applyFailure(`'apt-get remove ${quoted}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc })
      return withOutputLines({ stdout: r.stdout, stderr: r.stderr })
    },
  }
}

async function upgradeWork(host: Host, p: AptParams, mode: string): Promise<AptWork> {
  const command = mode === 'dist' || mode === 'full' ? 'dist-upgrade' : 'upgrade --with-new-pkgs'
  const sim = await runApt(host, p, upgradeArgv(p, mode, true))
  if (sim.rc !== 0) return { ...failed('upgrade', `'apt-get ${command}' failed: ${sim.stderr}`), result: { stdout: sim.stdout, rc: sim.rc } }
  return {
    kind: 'upgrade',
    changed: !sim.stdout.includes(APT_GET_ZERO),
    result: withOutputLines({ msg: sim.stdout, stdout: sim.stdout, stderr: sim.stderr }),
    diff: preparedDiff(sim.stdout),
    run: async () => {
      const r = await runApt(host, p, upgradeArgv(p, mode, false))
      if (r.rc !== 0) return applyFailure(`'apt-get ${command}' failed: ${r.stderr}`, { stdout: r.stdout, rc: r.rc })
      return withOutputLines({ changed: !r.stdout.includes(APT_GET_ZERO), msg: r.stdout, stdout: r.stdout, stderr: r.stderr })
    },
  }
}

/** What apt-get prints when autoremove/autoclean does something. */
const CLEANUP_SIGN = { autoremove: 'The following packages will be REMOVED', autoclean: 'Del ' }

async function cleanupWork(host: Host, p: AptParams, operation: 'autoremove' | 'autoclean'): Promise<AptWork> {
  const sim = await runApt(host, p, cleanupArgv(p, operation, true))
  if (sim.rc !== 0) return { ...failed('cleanup', `'apt-get ${operation}' failed: ${sim.stderr}`), result: { stdout: sim.stdout, stderr: sim.stderr, rc: sim.rc } }
  return {
    kind: 'cleanup',
    changed: sim.stdout.includes(CLEANUP_SIGN[operation]),
    result: withOutputLines({ stdout: sim.stdout, stderr: sim.stderr }),
    diff: preparedDiff(sim.stdout),
    run: async () => {
      const r = await runApt(host, p, cleanupArgv(p, operation, false))
      if (r.rc !== 0) return applyFailure(`'apt-get ${operation}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc })
      return withOutputLines({ changed: r.stdout.includes(CLEANUP_SIGN[operation]), stdout: r.stdout, stderr: r.stderr })
    },
  }
}
