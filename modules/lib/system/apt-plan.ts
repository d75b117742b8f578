// Which packages apt must install or remove, decided from dpkg's and apt's answers the
// way ansible-core's apt module decides it (package_status / install / remove), with
// "name", "name=version-glob" and "name>=version" specs.
import { fnmatch } from '../../../engine/template/filters/python-glob.js'
import { dpkgEntryFor, type DpkgState, type PolicyEntry } from './apt-state.js'
import { compareDebianVersions } from './dpkg-version.js'

export interface PackageSpec {
  spec: string
  name: string
  op?: '=' | '>='
  version?: string
}

/** "foo=1.2*" → name foo, op =, version 1.2*. */
export function parseSpec(spec: string): PackageSpec {
  const m = /^(.*?)(>?=)(.*)$/s.exec(spec)
  if (!m) return { spec, name: spec }
  return { spec, name: m[1]!, op: m[2] as '=' | '>=', version: m[3]! }
}

export const WILDCARD = /[*?[\]!]/

interface Status {
  installed: boolean
  /** The installed version satisfies the spec. */
  versionOk: boolean
  /** What to install: a version, true for "by name" (virtual packages), or undefined for nothing. */
  installable?: string | true
  /** dpkg still has files of it (installed, or removed with config files left). */
  hasFiles: boolean
}

function satisfies(version: string, spec: PackageSpec): boolean {
  if (spec.op === '=') return fnmatch(version, spec.version!)
  if (spec.op === '>=') return compareDebianVersions(version, spec.version!) >= 0
  return true
}

/** Whether the candidate must be known to decide about `spec` (else apt-cache policy is not asked). */
export function needsPolicy(spec: PackageSpec, dpkg: DpkgState, upgrade: boolean): boolean {
  const entry = dpkgEntryFor(dpkg.entries, spec.name)
  if (entry?.state !== 'installed' || upgrade || spec.op === '=') return true
  return !satisfies(entry.version, spec)
}

export function packageStatus(spec: PackageSpec, dpkg: DpkgState, policy: PolicyEntry | undefined, providedNames: Set<string>): Status {
  const entry = dpkgEntryFor(dpkg.entries, spec.name)
  const installed = entry?.state === 'installed'
  const hasFiles = entry !== undefined && entry.state !== 'not-installed'
  if (policy && !installed && !policy.candidate && policy.versions.length === 0) {
    // A virtual package: satisfied when an installed package provides it, else installed by name.
    return providedNames.has(spec.name) ? { installed: true, versionOk: true, hasFiles } : { installed: false, versionOk: false, installable: true, hasFiles }
  }
  const best = spec.op === '=' ? policy?.versions.find((v) => fnmatch(v, spec.version!)) : policy?.candidate
  if (!installed) return { installed, versionOk: false, installable: best, hasFiles }
  const versionOk = satisfies(entry.version, spec)
  const installable = best !== undefined && best !== entry.version && satisfies(best, spec) ? best : undefined
  return { installed, versionOk, installable, hasFiles }
}

export interface InstallPlan {
  /** apt-get install arguments ("name", "name=version"). */
  packages: string[]
  /** Names apt marks auto-installed that the task asks for by name: apt-mark manual. */
  markManual: string[]
  failure?: string
}

export interface InstallOptions {
  upgrade: boolean
  onlyUpgrade: boolean
}

/** `policies` holds apt-cache policy for the names needsPolicy() selected; a missing one is unknown to apt. */
export function planInstall(specs: PackageSpec[], dpkg: DpkgState, policies: Map<string, PolicyEntry>, providedNames: Set<string>, opts: InstallOptions): InstallPlan {
  const plan: InstallPlan = { packages: [], markManual: [] }
  for (const spec of specs) {
    const asked = needsPolicy(spec, dpkg, opts.upgrade)
    const policy = policies.get(spec.name)
    if (asked && !policy) return { ...plan, failure: `No package matching '${spec.name}' is available` }
    const status = packageStatus(spec, dpkg, policy, providedNames)
    if (status.installed && dpkg.auto.has(spec.name.split(':')[0]!)) plan.markManual.push(spec.name)
    if (!status.installed && opts.onlyUpgrade) continue
    if (!status.versionOk && !status.installable) return { ...plan, failure: `no available installation candidate for ${spec.spec}` }
    const versioned = typeof status.installable === 'string' ? `${spec.name}=${status.installable}` : spec.version !== undefined ? `${spec.name}=${spec.version}` : spec.name
    if (status.installable && ((!status.installed && !opts.onlyUpgrade) || opts.upgrade || !status.versionOk)) plan.packages.push(versioned)
    else if (status.versionOk && status.installable && spec.op === '=') plan.packages.push(`${spec.name}=${spec.version}`)
  }
  return plan
}

/** apt-get remove arguments: installed packages matching their spec, or any leftovers when purging. */
export function planRemove(specs: PackageSpec[], dpkg: DpkgState, purge: boolean): string[] {
  return specs
    .filter((spec) => {
      const status = packageStatus(spec, dpkg, undefined, new Set())
      return (status.installed && status.versionOk) || (status.hasFiles && purge)
    })
    .map((spec) => spec.spec)
}

/** Wildcard names expanded against apt's package list; the pattern when nothing matches. */
export function expandWildcards(specs: PackageSpec[], known: string[]): { specs: PackageSpec[]; unmatched?: string } {
  const out: PackageSpec[] = []
  for (const spec of specs) {
    if (!WILDCARD.test(spec.name)) {
      out.push(spec)
      continue
    }
    const names = known.filter((n) => (spec.name.includes(':') || !n.includes(':')) && fnmatch(n, spec.name))
    if (names.length === 0) return { specs: out, unmatched: spec.name }
    out.push(...names.map((name) => parseSpec(name)))
  }
  return { specs: out }
}
