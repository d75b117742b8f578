// `openstack baremetal` (python3-openstackclient 6.x with python3-ironicclient 5.x) on
// the target. List commands use --fields so their JSON keys are the column labels
// ("UUID", "Name", "Provisioning State"); `node show -f json` keys are field names.
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
  power_state?: string | null
}

export class OpenstackError extends Error {
  constructor(
    message: string,
    readonly result: ExecResult,
  ) {
    super(message)
  }
}

const SHOW_FIELDS = ['uuid', 'name', 'provision_state', 'target_provision_state', 'last_error', 'inspection_finished_at', 'power_state']

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

  /** Every node: name → uuid and provision state. */
  async listNodes(): Promise<{ uuid: string; name: string; provision_state: string }[]> {
    const rows = await this.json<Record<string, string>[]>(['node', 'list', '--fields', 'uuid', 'name', 'provision_state'])
    return rows.map((r) => ({ uuid: r.UUID!, name: r.Name!, provision_state: r['Provisioning State']! }))
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

  showNode(uuid: string): Promise<NodeState> {
    return this.json<NodeState>(['node', 'show', uuid, ...SHOW_FIELDS.flatMap((f) => ['--fields', f])])
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
