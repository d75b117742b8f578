// One node's way through Ironic: enroll it (and its ports) when missing, then
// manage → inspect → provide, polling `node show` and reporting each provision-state
// change as a progress line ("controller-0: manageable → inspecting").
import type { Baremetal, NodeState, ProvisionVerb } from './baremetal.js'
import type { NodeSpec } from './instackenv.js'

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
/** The verbs that introspect a node now in `state` (empty when it cannot start from there). */
export function routeFrom(state: string): ProvisionVerb[] {
  return ROUTES[state] ?? []
}

const REACHES: Record<ProvisionVerb, string> = { manage: 'manageable', inspect: 'manageable', provide: 'available' }

export function planNode(spec: NodeSpec, current: NodeState | undefined, ports: Set<string> | undefined, force: boolean): NodePlan {
  const missingMacs = spec.macs.filter((mac) => !ports?.has(mac))
  if (!current) return { spec, missingMacs, introspect: true }
  const inspected = current.provision_state === 'available' && !!current.inspection_finished_at
  if (inspected && !force) return { spec, current, missingMacs, introspect: false }
  if (!ROUTES[current.provision_state]) {
    const problem = `${spec.name} is ${current.provision_state}${current.target_provision_state ? ` (→ ${current.target_provision_state})` : ''}; introspection starts from enroll, manageable, available or inspect failed`
    return { spec, current, missingMacs, introspect: false, problem }
  }
  return { spec, current, missingMacs, introspect: true }
}

export function report(spec: NodeSpec, state: NodeState | undefined, extra: Partial<NodeReport> = {}): NodeReport {
  return {
    name: spec.name,
    uuid: state?.uuid ?? null,
    provision_state: state?.provision_state ?? null,
    last_error: state?.last_error || null,
    ...(spec.manualPower ? { manual_power: true } : {}),
    ...extra,
  }
}

class NodeFailure extends Error {
  constructor(readonly state: NodeState) {
    super(state.last_error || `ended in ${state.provision_state}`)
  }
}

/** Poll until the node is stable (no target state); fails unless it is then in `reach`. */
async function settle(ironic: Baremetal, name: string, last: NodeState, reach: string, deadline: number, o: FlowOptions): Promise<NodeState> {
  let seen = last
  for (;;) {
    const now = await ironic.showNode(seen.uuid)
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
export async function introspectNode(ironic: Baremetal, plan: NodePlan, o: FlowOptions): Promise<NodeReport> {
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
    for (const verb of routeFrom(state.provision_state)) {
      await ironic.setProvisionState(state.uuid, verb)
      // Without wait the inspection runs on in Ironic; provide needs it finished.
      if (verb === 'inspect' && !o.wait) return report(spec, await ironic.showNode(state.uuid), extra)
      state = await settle(ironic, spec.name, state, REACHES[verb], deadline, o)
    }
    return report(spec, state, extra)
  } catch (e) {
    if (e instanceof NodeFailure) return report(spec, e.state, { ...extra, failed: true })
    const message = e instanceof Error ? e.message : String(e)
    return report(spec, state, { ...extra, failed: true, last_error: message })
  }
}
