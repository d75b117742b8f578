// A scripted Ironic behind the fake Host for node_introspect tests: it answers the
// `openstack baremetal` commands the module runs with the JSON python-ironicclient 5.x
// prints (list: column labels; create: field names — checked against a real Ironic 21.4
// by test/integration/ironic) and walks nodes through the provision states a verb leads
// to, one state per `node list` poll.
import type { Command, ExecResult } from '../../../../engine/connection/connection.js'
import type { HostExecOptions } from '../../../../engine/module.js'
import { FakeHost } from '../fake-host.js'

export interface IronicNode {
  uuid: string
  name: string
  provision_state: string
  target_provision_state: string | null
  last_error: string | null
  inspection_finished_at: string | null
  power_state: string | null
  inspect_interface: string
  maintenance: boolean
  driver: string
  /** Upcoming states, shown one per poll. */
  pending: Partial<IronicNode>[]
}

export class FakeIronic {
  readonly nodes = new Map<string, IronicNode>()
  readonly ports: { address: string; node_uuid: string }[] = []
  /** Nodes whose inspection fails, with Ironic's last_error. */
  readonly inspectErrors = new Map<string, string>()
  /** Nodes whose inspection never ends (for timeouts). */
  readonly stuck = new Set<string>()
  readonly envs: Record<string, string>[] = []
  /** How long each openstack command takes (0: answered at once). */
  latencyMs = 0
  /** The inspect interface new nodes of a driver get (fake unless set). */
  readonly inspectInterfaces = new Map<string, string>()
  readonly host = new FakeHost()
  private created = 0

  constructor() {
    this.host.onExec((cmd) => Array.isArray(cmd) && cmd[1] === 'baremetal', async (cmd, opts) => {
      // Like the real client, a command takes a while, and Ironic answers at its end.
      if (this.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.latencyMs))
      return this.answer(cmd as string[], opts)
    })
  }

  add(name: string, state: string, extra: Partial<IronicNode> = {}): IronicNode {
    const node: IronicNode = {
      uuid: `uuid-${name}`, name, provision_state: state, target_provision_state: null, last_error: null,
      inspection_finished_at: null, power_state: 'power off', inspect_interface: 'fake', maintenance: false, driver: 'ipmi', pending: [], ...extra,
    }
    this.nodes.set(node.uuid, node)
    return node
  }

  private answer(argv: string[], opts: HostExecOptions): Partial<ExecResult> {
    this.envs.push(opts.env ?? {})
    const [what, verb, arg] = argv.slice(2)
    const json = (value: unknown) => ({ stdout: JSON.stringify(value) })
    if (what === 'node' && verb === 'list') {
      for (const n of this.nodes.values()) Object.assign(n, n.pending.shift() ?? {})
      return json([...this.nodes.values()].map(listRow))
    }
    if (what === 'port' && verb === 'list') return json(this.ports.map((p) => ({ Address: p.address, 'Node UUID': p.node_uuid })))
    if (what === 'port' && verb === 'create') {
      this.ports.push({ address: arg!, node_uuid: argv[argv.indexOf('--node') + 1]! })
      return json({ address: arg })
    }
    if (what === 'node' && verb === 'create') {
      const name = argv[argv.indexOf('--name') + 1]!
      this.created++
      const driver = argv[argv.indexOf('--driver') + 1]!
      const inspect = this.inspectInterfaces.get(driver) ?? 'fake'
      return json(view(this.add(name, 'enroll', { uuid: `new-${this.created}-${name}`, driver, inspect_interface: inspect })))
    }
    const node = this.nodes.get(arg!)
    if (!node) return { rc: 1, stderr: `Node ${arg} could not be found. (HTTP 404)` }
    if (verb === 'inspect' && node.inspect_interface === 'no-inspect') return { rc: 1, stderr: `Driver ${node.driver} does not support inspect (disabled or not implemented). (HTTP 400)` }
    node.pending.push(...this.route(node, verb!))
    return {}
  }

  private route(node: IronicNode, verb: string): Partial<IronicNode>[] {
    const error = this.inspectErrors.get(node.name)
    if (verb === 'manage') return [{ provision_state: 'verifying', target_provision_state: 'manageable' }, { provision_state: 'manageable', target_provision_state: null }]
    if (verb === 'provide') return [{ provision_state: 'cleaning', target_provision_state: 'available' }, { provision_state: 'available', target_provision_state: null }]
    if (this.stuck.has(node.name)) return Array(1000).fill({ provision_state: 'inspect wait', target_provision_state: 'manageable' })
    if (error) return [{ provision_state: 'inspecting', target_provision_state: 'manageable' }, { provision_state: 'inspect failed', target_provision_state: null, last_error: error }]
    return [
      { provision_state: 'inspecting', target_provision_state: 'manageable' },
      { provision_state: 'inspect wait', target_provision_state: 'manageable' },
      { provision_state: 'manageable', target_provision_state: null, inspection_finished_at: '2026-01-01T00:00:00+00:00' },
    ]
  }
}

function view(n: IronicNode): Record<string, unknown> {
  const { pending: _pending, ...fields } = n
  return fields
}

const LABELS: Record<string, string> = {
  uuid: 'UUID', name: 'Name', provision_state: 'Provisioning State', target_provision_state: 'Target Provision State', last_error: 'Last Error',
  inspection_finished_at: 'Inspection Finished At', inspect_interface: 'Inspect Interface', power_state: 'Power State', maintenance: 'Maintenance', driver: 'Driver',
}

function listRow(n: IronicNode): Record<string, unknown> {
  return Object.fromEntries(Object.entries(view(n)).map(([field, value]) => [LABELS[field]!, value]))
}

/** The openstack commands that change Ironic, as text. */
export function mutations(execs: Command[]): string[] {
  return execs
    .filter((c): c is string[] => Array.isArray(c))
    .map((c) => c.slice(1).join(' '))
    .filter((t) => !/^baremetal (node|port) list/.test(t))
}
