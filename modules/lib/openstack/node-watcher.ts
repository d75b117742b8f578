// Polling many nodes with one command. Every node waiting for a state change asks the
// watcher; all who ask while no list is under way share the next `node list`, and who
// asks during one waits for the one after (it may predate their last action). So N
// nodes in flight cost one openstack process per poll instead of N.
import type { NodeState } from './baremetal.js'

export class NodeWatcher {
  private running?: Promise<unknown>
  private next?: Promise<Map<string, NodeState>>

  constructor(private readonly list: () => Promise<NodeState[]>) {}

  /** Ironic's view of a node, read by a list started after this call. */
  async fresh(uuid: string): Promise<NodeState> {
    const state = (await this.nextList()).get(uuid)
    if (!state) throw new Error(`node ${uuid} is no longer in Ironic`)
    return state
  }

  private nextList(): Promise<Map<string, NodeState>> {
    if (!this.next) {
      const after = this.running ?? Promise.resolve()
      this.next = after.then(() => {
        this.next = undefined // whoever asks from now on needs a later list
        const run = this.list().then((rows) => new Map(rows.map((row) => [row.uuid, row])))
        this.running = run.catch(() => undefined)
        return run
      })
    }
    return this.next
  }
}
