// Ansible's variable precedence, lowest first (ansible-core's VariableManager.get_vars):
// role defaults → inventory (group_vars, host_vars) → facts → play vars → vars_files →
// role vars → block vars → task vars → include_vars → set_fact/register → role params →
// include params → extra vars. Magic variables are set on top.
import type { Block, Play, RoleInstance, Task } from '../load/model.js'
import { mergeLayers, type MergedVars, type VarLayer } from './layers.js'

/** Per-host variables that tasks produce during a run. */
export interface HostVarState {
  /** Facts (setup, cacheable set_fact), keys without the ansible_ prefix. */
  facts: Record<string, unknown>
  /** include_vars results. */
  includeVars: Record<string, unknown>
  /** set_fact and register: values plus which of them are unsafe (registered results). */
  setFacts: Record<string, unknown>
  unsafeFacts: Set<string>
}

export function emptyHostVarState(): HostVarState {
  return { facts: {}, includeVars: {}, setFacts: {}, unsafeFacts: new Set() }
}

export interface CollectInput {
  inventoryVars: Record<string, unknown>
  state: HostVarState
  play?: Play
  /** vars_files of the play, already loaded for this host. */
  varsFiles?: Record<string, unknown>
  task?: Task
  extraVars: Record<string, unknown>
  /** Inject facts as top-level ansible_* variables (inject_facts_as_vars, on by default). */
  injectFacts?: boolean
  /** hash_behaviour=merge: dicts from different layers are merged instead of replaced. */
  hashMerge?: boolean
}

function roleChain(role: RoleInstance | undefined): RoleInstance[] {
  const chain: RoleInstance[] = []
  for (let r = role; r; r = r.parentRole) chain.unshift(r)
  return chain
}

/** The role's dependencies, deepest first, without the role itself. */
function dependenciesOf(role: RoleInstance): RoleInstance[] {
  return allRoles(role.dependencies)
}

/** Whose defaults a role's task sees, lowest first (Ansible's Role.get_default_vars): its dependencies, the roles that pulled it in, itself. */
function defaultsOrder(role: RoleInstance | undefined): RoleInstance[] {
  if (!role) return []
  const chain = roleChain(role)
  return [...dependenciesOf(role), ...chain.slice(0, -1), role]
}

/** Whose vars a role's task sees, lowest first (Role.get_vars): the roles that pulled it in, its dependencies, itself. */
function varsOrder(role: RoleInstance | undefined): RoleInstance[] {
  if (!role) return []
  const chain = roleChain(role)
  return [...chain.slice(0, -1), ...dependenciesOf(role), role]
}

function allRoles(roles: RoleInstance[]): RoleInstance[] {
  const out: RoleInstance[] = []
  const visit = (role: RoleInstance) => {
    role.dependencies.forEach(visit)
    out.push(role)
  }
  roles.forEach(visit)
  return out
}

/** Block vars from the outermost block in, including vars of the include/import that brought each block in. */
function blockVarLayers(task: Task): VarLayer[] {
  const blocks: Block[] = []
  for (let b: Block | undefined = task.parent; b; b = b.parent) blocks.unshift(b)
  const layers: VarLayer[] = []
  for (const block of blocks) {
    if (block.from) layers.push({ values: block.from.keywords.vars as Record<string, unknown> | undefined })
    layers.push({ values: block.keywords.vars as Record<string, unknown> | undefined })
  }
  return layers
}

/** Include params: the extra `k: v` args given to include_tasks/include_role, innermost last. */
function includeParamLayers(task: Task): VarLayer[] {
  const layers: VarLayer[] = []
  for (let b: Block | undefined = task.parent; b; b = b.parent) {
    const from = b.from
    if (from && (from.action === 'include_tasks' || from.action === 'import_tasks')) {
      const { file: _file, _raw_params: _raw, apply: _apply, ...params } = from.args
      layers.unshift({ values: params })
    }
  }
  return layers
}

export function factVars(facts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(facts)) out[key.startsWith('ansible_') ? key : `ansible_${key}`] = value
  return out
}

export function collectVars(input: CollectInput): MergedVars {
  const { play, task, state } = input
  const layers: VarLayer[] = []
  const playRoles = play ? allRoles(play.exportedRoles) : []
  for (const role of playRoles) layers.push({ values: role.defaults })
  for (const role of defaultsOrder(task?.role)) layers.push({ values: role.defaults })
  layers.push({ values: input.inventoryVars })
  layers.push({ values: { ansible_facts: state.facts }, unsafe: true })
  if (input.injectFacts !== false) layers.push({ values: factVars(state.facts), unsafe: true })
  if (play) layers.push({ values: play.vars }, { values: input.varsFiles })
  for (const role of playRoles) layers.push({ values: role.vars })
  if (task) {
    for (const role of varsOrder(task.role)) layers.push({ values: role.vars })
    layers.push(...blockVarLayers(task))
    layers.push({ values: task.keywords.vars as Record<string, unknown> | undefined })
  }
  layers.push({ values: state.includeVars })
  layers.push(...setFactLayers(state))
  const top: VarLayer[] = []
  if (task) {
    for (const role of roleChain(task.role)) top.push({ values: role.params })
    top.push(...includeParamLayers(task))
  }
  top.push({ values: input.extraVars })
  return mergeLayers([...layers, ...top], input.hashMerge)
}

/** set_fact values (templatable) and registered results (unsafe), as two layers in one. */
function setFactLayers(state: HostVarState): VarLayer[] {
  const safe: Record<string, unknown> = {}
  const unsafe: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(state.setFacts)) (state.unsafeFacts.has(key) ? unsafe : safe)[key] = value
  return [{ values: safe }, { values: unsafe, unsafe: true }]
}
