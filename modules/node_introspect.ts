// node_introspect: the lab's overcloud nodes enrolled in Ironic and introspected
// (manage → inspect → provide), a few at a time, with each provision-state change shown
// as progress. Nodes already available and inspected are left alone unless `force`.
// Nodes without remote power (pm_type manual-management) get a power interface that
// does nothing, and the result says that a person must power them on and off. Nodes
// Ironic cannot inspect (inspect interface no-inspect: no inspection service, as in a
// standalone Ironic for ipmi and manual-management) go manage → provide, with a warning.
import pLimit from 'p-limit'
import { change, defineModule, fail, ok, type Host, type ModuleContext, type ModuleResult } from '../engine/module.js'
import { Baremetal } from './lib/openstack/baremetal.js'
import type { NodeInput, NodeSpec } from './lib/openstack/instackenv.js'
import { introspectNode, planNode, report, routeFrom, type FlowOptions, type NodePlan, type NodeReport } from './lib/openstack/introspect-node.js'
import { loadAuthEnv, loadNodeSpecs } from './lib/openstack/introspect-inputs.js'
import { NodeWatcher } from './lib/openstack/node-watcher.js'

interface NodeIntrospectParams {
  nodes?: NodeInput[]
  nodes_file?: string
  rc_file?: string
  auth?: Record<string, string>
  concurrency: number
  timeout: number
  wait: boolean
  force: boolean
  poll_interval: number
  manual_driver: string
  openstack_bin: string
}

/** Ironic's current view of the listed nodes: one node list and one port list, whatever their number. */
async function readPlans(ironic: Baremetal, specs: NodeSpec[], force: boolean): Promise<NodePlan[]> {
  const [listed, ports] = await Promise.all([ironic.listNodes(), ironic.portsByNode()])
  const byName = new Map(listed.map((n) => [n.name, n]))
  return specs.map((spec) => {
    const current = byName.get(spec.name)
    return planNode(spec, current, current ? ports.get(current.uuid) : undefined, force)
  })
}

/** One line per node saying what will happen to it. */
function describePlan(plan: NodePlan): string {
  const steps: string[] = []
  if (!plan.current) steps.push(`enroll (${plan.spec.driver}${plan.spec.manualPower ? ', manual power' : ''})`)
  if (plan.missingMacs.length) steps.push(`add port${plan.missingMacs.length > 1 ? 's' : ''} ${plan.missingMacs.join(', ')}`)
  const from = plan.current ?? { provision_state: 'enroll' }
  if (plan.introspect) steps.push([from.provision_state, ...routeFrom(from)].join(' → '))
  return `${plan.spec.name}: ${steps.length ? steps.join('; ') : 'available and inspected, left alone'}\n`
}

/** What a person must know: nodes to power by hand, nodes Ironic cannot inspect. */
function notes(nodes: NodeReport[]): ModuleResult {
  const names = (list: NodeReport[]) => `${list.map((n) => n.name).join(', ')} ha${list.length > 1 ? 've' : 's'}`
  const manual = nodes.filter((n) => n.manual_power)
  const uninspectable = nodes.filter((n) => n.not_inspectable && !n.failed)
  const warnings: string[] = []
  if (manual.length) warnings.push(`${names(manual)} no remote power control: Ironic's power actions do nothing, so power each node on by hand when it is inspecting and off when it is done`)
  if (uninspectable.length) warnings.push(`${names(uninspectable)} no inspect interface (no-inspect): made available without inspection; enable the inspector inspect interface with an ironic-inspector service to inspect them`)
  return { ...(manual.length ? { manual_power_nodes: manual.map((n) => n.name) } : {}), ...(warnings.length ? { warnings } : {}) }
}

function summarise(nodes: NodeReport[]): ModuleResult {
  const failed = nodes.filter((n) => n.failed)
  const result: ModuleResult = { nodes, ...notes(nodes) }
  if (!failed.length) return result
  const reasons = failed.map((n) => `${n.name} (${n.provision_state ?? 'not enrolled'}): ${n.last_error ?? 'no error recorded'}`)
  return { ...result, failed: true, msg: `introspection failed for ${failed.length} of ${nodes.length} node(s): ${reasons.join('; ')}` }
}

function flowOptions(p: NodeIntrospectParams, ctx: ModuleContext): FlowOptions {
  return {
    force: p.force,
    wait: p.wait,
    timeoutMs: p.timeout * 1000,
    pollMs: p.poll_interval * 1000,
    progress: (line) => ctx.progress(line),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
  }
}

/** Read everything the task needs; a string is the reason to fail. */
async function prepare(host: Host, p: NodeIntrospectParams): Promise<{ ironic: Baremetal; plans: NodePlan[] } | string> {
  try {
    const env = await loadAuthEnv(host, p)
    const specs = await loadNodeSpecs(host, p)
    const ironic = new Baremetal(host, env, p.openstack_bin)
    return { ironic, plans: await readPlans(ironic, specs, p.force) }
  } catch (e) {
    if (e instanceof Error) return e.message
    throw e
  }
}

export default defineModule<NodeIntrospectParams>({
  name: 'node_introspect',
  description:
    'Enroll bare-metal nodes (instackenv.json style) and their ports in Ironic and introspect them (manage → inspect → provide) ' +
    "with `openstack baremetal`, a few nodes at a time, reporting each node's state changes; inspected available nodes are left alone. " +
    'Nodes whose inspect interface is no-inspect are made available without inspection, with a warning.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      nodes: {
        type: 'array',
        description: 'Nodes as in instackenv.json: name, pm_type (ipmi, redfish, manual-management…) or driver, pm_addr/pm_port/pm_user/pm_password or driver_info, mac (list), cpu, memory, disk, arch.',
        items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, mac: { type: 'array', items: { type: 'string' } } } },
      },
      nodes_file: { type: 'string', description: 'Path on the target of an instackenv.json (or YAML) file with a "nodes" list; used when nodes is not given.' },
      rc_file: { type: 'string', description: 'Path on the target of an rc file such as stackrc; its `export OS_*=value` lines are read (the file is not run).' },
      auth: { type: 'object', additionalProperties: { type: 'string' }, description: 'OS_* environment variables for the openstack client (over those of rc_file).' },
      concurrency: { type: 'integer', minimum: 1, default: 2, description: 'How many nodes are introspected at the same time.' },
      timeout: { type: 'integer', minimum: 1, default: 1800, description: 'Seconds each node may take from enrolment to available.' },
      wait: { type: 'boolean', default: true, description: 'Wait for inspection to finish and provide the node; false returns once inspection has started.' },
      force: { type: 'boolean', default: false, description: 'Introspect again nodes that are already available and inspected.' },
      poll_interval: { type: 'number', minimum: 0, default: 5, description: 'Seconds between two `openstack baremetal node show` polls of a node.' },
      manual_driver: { type: 'string', default: 'manual-management', description: 'Hardware type for pm_type manual-management nodes (their power interface is set to fake: a person powers them).' },
      openstack_bin: { type: 'string', default: 'openstack', description: 'The openstack client command (a path for a virtualenv).' },
    },
    anyOf: [{ required: ['nodes'] }, { required: ['nodes_file'] }],
  },
  secretParams: ['auth'],
  examples: [
    `- node_introspect:
    nodes_file: /home/stack/instackenv.json
    rc_file: /home/stack/stackrc
    concurrency: 2
`,
    `- node_introspect:
    auth: { OS_AUTH_TYPE: none, OS_ENDPOINT: "http://127.0.0.1:6385" }
    nodes:
      - name: controller-0
        pm_type: ipmi
        pm_addr: 192.168.122.1
        pm_port: 6230
        pm_user: admin
        pm_password: "{{ ipmi_password }}"
        mac: ["52:54:00:aa:bb:01"]
        cpu: 4
        memory: 8192
        disk: 40
        arch: x86_64
`,
  ],
  async run(host, p, ctx) {
    const prepared = await prepare(host, p)
    if (typeof prepared === 'string') return fail(prepared)
    const { ironic, plans } = prepared
    const blocked = plans.filter((plan) => plan.problem)
    if (blocked.length) return fail(blocked.map((b) => b.problem).join('; '), { nodes: plans.map((pl) => report(pl.spec, pl.current)) })
    const planned = plans.map((pl) => report(pl.spec, pl.current))
    const work = plans.filter((pl) => !pl.current || pl.introspect || pl.missingMacs.length)
    if (!work.length) return ok({ nodes: planned, ...notes(planned) })
    return change({
      nodes: planned,
      diff: { prepared: plans.map(describePlan).join('') },
      apply: async () => {
        const limit = pLimit(p.concurrency)
        const flow = flowOptions(p, ctx)
        const watcher = new NodeWatcher(() => ironic.listNodes())
        return summarise(await Promise.all(plans.map((plan) => limit(() => introspectNode(ironic, watcher, plan, flow)))))
      },
    })
  },
})
