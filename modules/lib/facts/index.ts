// The fact collectors setup can run, in the order they are collected (later ones
// may use earlier facts: pkg_mgr needs the distribution, processor the architecture).
import type { FactCollector, SubsetGroup } from './collector.js'
import { distributionCollector, lsbCollector } from './distribution.js'
import { dmiCollector, memoryCollector, processorCollector, uptimeCollector } from './hardware.js'
import { fcWwnCollector, iscsiCollector, nvmeCollector } from './initiators.js'
import { localCollector } from './local.js'
import { mountsCollector } from './mounts.js'
import { networkCollector } from './network.js'
import { platformCollector } from './platform.js'
import { apparmorCollector, fipsCollector, selinuxCollector, sshPubKeysCollector } from './security.js'
import { pkgMgrCollector, serviceMgrCollector } from './services.js'
import { chrootCollector, cmdlineCollector, dateTimeCollector, dnsCollector, envCollector, userCollector } from './system.js'
import { virtualCollector } from './virtual.js'

export const FACT_COLLECTORS: FactCollector[] = [
  platformCollector,
  distributionCollector,
  lsbCollector,
  selinuxCollector,
  apparmorCollector,
  fipsCollector,
  pkgMgrCollector,
  serviceMgrCollector,
  cmdlineCollector,
  dateTimeCollector,
  envCollector,
  sshPubKeysCollector,
  userCollector,
  dnsCollector,
  localCollector,
  chrootCollector,
  processorCollector,
  memoryCollector,
  mountsCollector,
  uptimeCollector,
  dmiCollector,
  networkCollector,
  iscsiCollector,
  nvmeCollector,
  fcWwnCollector,
  virtualCollector,
]

const GROUPS: SubsetGroup[] = ['hardware', 'network', 'virtual']

/** Names gather_subset accepts besides 'all' and 'min'. */
export function validSubsets(): string[] {
  return [...new Set([...GROUPS, ...FACT_COLLECTORS.map((c) => c.name)])]
}

/** A group name stands for its collectors; a collector name for itself. */
function expand(name: string): string[] {
  const byGroup = FACT_COLLECTORS.filter((c) => c.group === name).map((c) => c.name)
  return (GROUPS as string[]).includes(name) ? byGroup : [name]
}

/**
 * The collectors a gather_subset list selects, by Ansible's rules: start from 'min',
 * add what is named ('all' = everything), remove what is negated ('!all' keeps min,
 * '!min' drops it), and what is named explicitly survives the removals.
 * Throws on an unknown subset name.
 */
export function selectCollectors(subsets: string[]): FactCollector[] {
  const minimal = FACT_COLLECTORS.filter((c) => c.group === 'min').map((c) => c.name)
  const everything = FACT_COLLECTORS.map((c) => c.name)
  const valid = new Set(validSubsets())
  const added = new Set<string>()
  const excluded = new Set<string>()
  const explicit = new Set<string>()
  for (const subset of ['min', ...subsets]) {
    if (subset === 'min') minimal.forEach((n) => added.add(n))
    else if (subset === 'all') everything.forEach((n) => added.add(n))
    else if (subset === '!min') minimal.forEach((n) => excluded.add(n))
    else if (subset === '!all') everything.filter((n) => !minimal.includes(n)).forEach((n) => excluded.add(n))
    else if (subset.startsWith('!')) expand(subset.slice(1)).forEach((n) => excluded.add(n))
    else if (!valid.has(subset)) throw new Error(`Bad subset '${subset}' given to Ansible. gather_subset options allowed: all, ${[...valid].sort().join(', ')}`)
    else expand(subset).forEach((n) => { added.add(n); explicit.add(n) })
  }
  return FACT_COLLECTORS.filter((c) => added.has(c.name) && (!excluded.has(c.name) || explicit.has(c.name)))
}
