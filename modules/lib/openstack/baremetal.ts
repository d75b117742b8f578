// `openstack baremetal` (python3-openstackclient 6.x with python3-ironicclient 5.x) on
// the target. List commands use --fields, and their JSON keys are then the column
// labels ("UUID", "Provisioning State"); `node create -f json` keys are field names.
// Each command costs a Python start (~1 s of CPU), so node states are read for all
// nodes with one `node list`, never one `node show` per node.
import type { ExecResult } from '../../../engine/connection/connection.js'
import type { Host } from '../../../engine/module.js'
import { createNodeArgs, type NodeSpec } from './instackenv.js'

export interface NodeState {
  uuid: string
  name: string
  provision_state: string
  target_provision_state?: string | null
  last_error?: string | null
  inspection_finished_at?: string | null
  inspect_interface?: string | null
  power_state?: string | null
  maintenance?: boolean | null
  driver?: string | null
}

/** The node fields read, with the labels `node list --fields` prints for them. */
const LIST_LABELS: Record<keyof NodeState, string> = {
  uuid: 'UUID',
  name: 'Name',
  provision_state: 'Provisioning State',
  target_provision_state: 'Target Provision State',
  last_error: 'Last Error',
  inspection_finished_at: 'Inspection Finished At',
  inspect_interface: 'Inspect Interface',
  power_state: 'Power State',
  maintenance: 'Maintenance',
  driver: 'Driver',
}

export class OpenstackError extends Error {
  constructor(
    message: string,
    readonly result: ExecResult,
  ) {
    super(message)
  }
}

/** The verbs that move a node between provision states. */
export type ProvisionVerb = 'manage' | 'inspect' | 'provide'

export class Baremetal {
  constructor(
    private readonly host: Host,
    private readonly env: Record<string, string>,
    private readonly bin = 'openstack',
  ) {}

  private async run(args: string[]): Promise<string> {
    const r = await this.host.exec([this.bin, 'baremetal', ...args], { env: this.env })
    if (r.rc === 0) return r.stdout
    const detail = (r.stderr || r.stdout).trim() || `exit code ${r.rc}`
    if (r.rc === 127) throw new OpenstackError(`${this.bin} was not found on the target (${detail}); install python3-openstackclient and python3-ironicclient`, r)
    throw new OpenstackError(`openstack baremetal ${args.slice(0, 2).join(' ')} failed: ${detail}`, r)
  }

  private async json<T>(args: string[]): Promise<T> {
    const stdout = await this.run([...args, '-f', 'json'])
    try {
      return JSON.parse(stdout) as T
    } catch {
      throw new OpenstackError(`openstack baremetal ${args.slice(0, 2).join(' ')} -f json printed no JSON: ${stdout.slice(0, 200)}`, { rc: 0, stdout, stderr: '' })
    }
  }

  /** Every node with the fields of NodeState. */
  async listNodes(): Promise<NodeState[]> {
    const fields = Object.keys(LIST_LABELS) as (keyof NodeState)[]
    const rows = await this.json<Record<string, unknown>[]>(['node', 'list', '--fields', ...fields])
    return rows.map((row) => {
      const missing = fields.filter((f) => !(LIST_LABELS[f] in row))
      if (missing.length) throw new OpenstackError(`openstack baremetal node list printed no ${missing.map((f) => `"${LIST_LABELS[f]}"`).join(', ')} column`, { rc: 0, stdout: JSON.stringify(row), stderr: '' })
      return Object.fromEntries(fields.map((f) => [f, row[LIST_LABELS[f]]])) as unknown as NodeState
    })
  }

  /** MAC addresses (lower case) of every port, by node uuid. */
  async portsByNode(): Promise<Map<string, Set<string>>> {
    const rows = await this.json<Record<string, string>[]>(['port', 'list', '--fields', 'address', 'node_uuid'])
    const byNode = new Map<string, Set<string>>()
    for (const row of rows) {
      const node = row['Node UUID']!
      if (!byNode.has(node)) byNode.set(node, new Set())
      byNode.get(node)!.add(row.Address!.toLowerCase())
    }
    return byNode
  }

  /** Enroll a node; Ironic answers with the new node (in state enroll). */
  createNode(spec: NodeSpec): Promise<NodeState> {
    return this.json<NodeState>(['node', 'create', ...createNodeArgs(spec)])
  }

  async createPort(mac: string, nodeUuid: string): Promise<void> {
    await this.run(['port', 'create', mac, '--node', nodeUuid])
  }

  async setProvisionState(uuid: string, verb: ProvisionVerb): Promise<void> {
    await this.run(['node', verb, uuid])
  }
}
