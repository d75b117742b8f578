// One node's way through Ironic: enroll it (and its ports) when missing, then
// manage → inspect → provide, polling its state and reporting each provision-state
// change as a progress line ("controller-0: manageable → inspecting"). A node whose
// inspect interface is no-inspect (no inspection service, as in a standalone Ironic
// for ipmi and manual-management nodes) goes manage → provide and says so.
import type { Baremetal, NodeState, ProvisionVerb } from './baremetal.js'
import type { NodeSpec } from './instackenv.js'
import type { NodeWatcher } from './node-watcher.js'

/** What the read phase decided for a node. */
export interface NodePlan {
  spec: NodeSpec
  /** Ironic's view now; undefined when the node must be created. */
  current?: NodeState
  missingMacs: string[]
  /** Whether manage/inspect/provide must run (false: already available and inspected). */
  introspect: boolean
  /** Set when the node is in a state introspection cannot start from. */
  problem?: string
}

export interface NodeReport {
  name: string
  uuid: string | null
  provision_state: string | null
  last_error: string | null
  failed?: boolean
  created?: boolean
  ports_created?: string[]
  manual_power?: boolean
  /** Whether Ironic has inspected the node (set once the node was read). */
  inspected?: boolean
  /** Set when Ironic cannot inspect the node (inspect interface no-inspect). */
  not_inspectable?: boolean
}

export interface FlowOptions {
  force: boolean
  wait: boolean
  timeoutMs: number
  pollMs: number
  progress(line: string): void
  sleep(ms: number): Promise<void>
  now(): number
}

/** The verbs (and the stable state each must reach) that introspect a node from `state`. */
const ROUTES: Record<string, ProvisionVerb[]> = {
  enroll: ['manage', 'inspect', 'provide'],
  available: ['manage', 'inspect', 'provide'],
  'inspect failed': ['manage', 'inspect', 'provide'],
  manageable: ['inspect', 'provide'],
}

/** Ironic has no way to inspect the node: its inspect interface refuses every request. */
export function notInspectable(state: Pick<NodeState, 'inspect_interface'>): boolean {
  return state.inspect_interface === 'no-inspect'
}

/** The verbs that introspect a node now in `state` (empty when it cannot start from there). */
export function routeFrom(state: Pick<NodeState, 'provision_state' | 'inspect_interface'>): ProvisionVerb[] {
  const route = ROUTES[state.provision_state] ?? []
  return notInspectable(state) ? route.filter((verb) => verb !== 'inspect') : route
}

const REACHES: Record<ProvisionVerb, string> = { manage: 'manageable', inspect: 'manageable', provide: 'available' }

export function planNode(spec: NodeSpec, current: NodeState | undefined, ports: Set<string> | undefined, force: boolean): NodePlan {
  const missingMacs = spec.macs.filter((mac) => !ports?.has(mac))
  if (!current) return { spec, missingMacs, introspect: true }
  const done = current.provision_state === 'available' && (!!current.inspection_finished_at || notInspectable(current))
  if (done && !force) return { spec, current, missingMacs, introspect: false }
  const busy = `${spec.name} is ${current.provision_state}${current.target_provision_state ? ` (→ ${current.target_provision_state})` : ''}`
  if (!ROUTES[current.provision_state]) return { spec, current, missingMacs, introspect: false, problem: `${busy}; introspection starts from enroll, manageable, available or inspect failed` }
  if (current.maintenance) return { spec, current, missingMacs, introspect: false, problem: `${busy} and in maintenance; see its maintenance_reason, then \`openstack baremetal node maintenance unset ${spec.name}\`` }
  return { spec, current, missingMacs, introspect: true }
}

export function report(spec: NodeSpec, state: NodeState | undefined, extra: Partial<NodeReport> = {}): NodeReport {
  return {
    name: spec.name,
    uuid: state?.uuid ?? null,
    provision_state: state?.provision_state ?? null,
    last_error: state?.last_error || null,
    ...(spec.manualPower ? { manual_power: true } : {}),
    ...(state ? { inspected: !!state.inspection_finished_at } : {}),
    ...(state && notInspectable(state) ? { not_inspectable: true } : {}),
    ...extra,
  }
}

class NodeFailure extends Error {
  constructor(readonly state: NodeState) {
    super(state.last_error || `ended in ${state.provision_state}`)
  }
}

/** Poll until the node is stable (no target state); fails unless it is then in `reach`. */
async function settle(watcher: NodeWatcher, name: string, last: NodeState, reach: string, deadline: number, o: FlowOptions): Promise<NodeState> {
  let seen = last
  for (;;) {
    const now = await watcher.fresh(seen.uuid)
    if (now.provision_state !== seen.provision_state) o.progress(`${name}: ${seen.provision_state} → ${now.provision_state}`)
    seen = now
    const target = now.target_provision_state
    if (!target || target === 'None') {
      if (now.provision_state === reach) return now
      throw new NodeFailure(now)
    }
    if (o.now() >= deadline) throw new NodeFailure({ ...now, last_error: `timed out after ${Math.round(o.timeoutMs / 1000)}s waiting for ${reach} (now ${now.provision_state})` })
    await o.sleep(o.pollMs)
  }
}

/** Carry out a plan; never throws for Ironic's failures (they are in the report). */
export async function introspectNode(ironic: Baremetal, watcher: NodeWatcher, plan: NodePlan, o: FlowOptions): Promise<NodeReport> {
  const { spec } = plan
  const deadline = o.now() + o.timeoutMs
  let state = plan.current
  const extra: Partial<NodeReport> = {}
  try {
    if (!state) {
      state = await ironic.createNode(spec)
      extra.created = true
      o.progress(`${spec.name}: enrolled as ${state.uuid} (${spec.driver})`)
    }
    for (const mac of plan.missingMacs) await ironic.createPort(mac, state.uuid)
    if (plan.missingMacs.length) extra.ports_created = plan.missingMacs
    if (!plan.introspect) return report(spec, state, extra)
    for (const verb of routeFrom(state)) {
      await ironic.setProvisionState(state.uuid, verb)
      // Without wait the inspection runs on in Ironic; provide needs it finished.
      if (verb === 'inspect' && !o.wait) return report(spec, await watcher.fresh(state.uuid), extra)
      state = await settle(watcher, spec.name, state, REACHES[verb], deadline, o)
    }
    return report(spec, state, extra)
  } catch (e) {
    if (e instanceof NodeFailure) return report(spec, e.state, { ...extra, failed: true })
    const message = e instanceof Error ? e.message : String(e)
    return report(spec, state, { ...extra, failed: true, last_error: message })
  }
}
