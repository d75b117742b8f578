// A host's inventory variables, merged in ansible's order (lowest first):
//
//   1. vars of `all` from the inventory source       5. group_vars/<group> beside the inventory
//   2. group_vars/all beside the inventory           6. group_vars/<group> beside the playbook
//   3. group_vars/all beside the playbook            7. the host's vars from the inventory source
//   4. vars of the host's other groups, shallow      8. host_vars/<host> beside the inventory
//      groups before deep ones                      9. host_vars/<host> beside the playbook
//
// Groups are ordered by depth, then ansible_group_priority, then name. Merging replaces
// whole keys (ansible's default hash_behaviour=replace).

import type { InventoryGraph } from './graph.js'
import { compareCodePoints, type VarsFiles, type VarsKind } from './vars-files.js'

export interface VarsDirs {
  /** Folders of the inventory sources (a file's folder, or the folder given). */
  inventory: string[]
  /** Playbook folders registered with addPlaybookDir, in order. */
  playbook: string[]
}

type Vars = Record<string, unknown>

/** The host's groups without `all`, in the order their vars apply (ansible's sort_groups). */
export function sortedGroupsOf(graph: InventoryGraph, host: string): string[] {
  const key = (name: string) => ({ depth: graph.depth(name), priority: graph.groups.get(name)?.priority ?? 1 })
  return graph
    .groupsOfHost(host)
    .filter((g) => g !== 'all')
    .sort((a, b) => {
      const ka = key(a)
      const kb = key(b)
      return ka.depth - kb.depth || ka.priority - kb.priority || compareCodePoints(a, b)
    })
}

export function resolveHostVars(graph: InventoryGraph, files: VarsFiles, dirs: VarsDirs, host: string): Vars {
  const record = graph.getHost(host)
  if (!record) return {}
  const groups = sortedGroupsOf(graph, host)
  const fromFiles = (baseDirs: string[], kind: VarsKind, names: string[]): Vars =>
    merge(baseDirs.flatMap((dir) => names.map((name) => files.varsFor(dir, kind, name))))
  return merge([
    graph.groups.get('all')!.vars,
    fromFiles(dirs.inventory, 'group_vars', ['all']),
    fromFiles(dirs.playbook, 'group_vars', ['all']),
    merge(groups.map((g) => graph.groups.get(g)!.vars)),
    fromFiles(dirs.inventory, 'group_vars', groups),
    fromFiles(dirs.playbook, 'group_vars', groups),
    record.vars,
    fromFiles(dirs.inventory, 'host_vars', [record.name]),
    fromFiles(dirs.playbook, 'host_vars', [record.name]),
  ])
}

function merge(layers: Vars[]): Vars {
  return Object.assign({}, ...layers) as Vars
}
