// What libvirt_net finds (one exec: the list of networks, net-info and both XML
// dumps) and the steps that bring a network to the wanted definition and state.
import type { Host } from '../../../engine/module.js'
import { compareDefinitions, type Comparison } from './normalise.js'
import { networkRules, networkXmlToDefine } from './network-xml.js'
import { defineFromTempFile, parseInfo, parseNames, virshBatch, virshError, VirshUnavailable } from './virsh.js'
import { virshStep, type Step } from './steps.js'
import { parseXml, renderXml, type XmlElement } from './xml-tree.js'

export type NetworkState = 'present' | 'absent' | 'active' | 'inactive'

export interface NetworkFacts {
  exists: boolean
  active: boolean
  autostart: boolean
  persistent: boolean
  /** The stored (inactive) definition. */
  definition?: XmlElement
  /** The running network's definition (when active). */
  live?: XmlElement
}

export async function probeNetwork(host: Host, uri: string, name: string): Promise<NetworkFacts> {
  const [list, info, inactive, live] = await virshBatch(host, uri, [
    ['net-list', '--all', '--name'],
    ['net-info', name],
    ['net-dumpxml', '--inactive', name],
    ['net-dumpxml', name],
  ])
  if (list!.rc !== 0) throw new VirshUnavailable(`cannot list the networks of ${uri}: ${virshError(list!)}`)
  if (!parseNames(list!.stdout).includes(name)) return { exists: false, active: false, autostart: false, persistent: false }
  const fields = parseInfo(info!.stdout)
  const active = fields.Active === 'yes'
  return {
    exists: true,
    active,
    autostart: fields.Autostart === 'yes',
    persistent: fields.Persistent !== 'no',
    definition: inactive!.rc === 0 ? parseXml(inactive!.stdout, `the definition of network '${name}'`) : undefined,
    live: active && live!.rc === 0 ? parseXml(live!.stdout, `the running network '${name}'`) : undefined,
  }
}

export interface NetworkRequest {
  name: string
  uri: string
  state: NetworkState
  autostart?: boolean
  restart_on_change: boolean
}

export interface NetworkPlan {
  steps: Step[]
  /** Set unless state is absent. */
  comparison?: Comparison
  /** The running network differs from the wanted definition and is left running. */
  restartNeeded: boolean
  /** Whether the network runs once the steps are done. */
  activeAfter: boolean
}

/** The steps for the request; `wanted` is the definition (absent: unused). */
export function planNetwork(host: Host, req: NetworkRequest, facts: NetworkFacts, wanted: XmlElement | undefined): NetworkPlan {
  const step = (action: string, args: string[]) => virshStep(host, req.uri, `${action} network '${req.name}'`, args)
  if (req.state === 'absent') {
    const steps: Step[] = []
    if (facts.active) steps.push(step('stop', ['net-destroy', req.name]))
    if (facts.exists && facts.persistent) steps.push(step('undefine', ['net-undefine', req.name]))
    return { steps, restartNeeded: false, activeAfter: false }
  }
  const comparison = compareDefinitions(facts.definition, wanted!, networkRules)
  const steps: Step[] = []
  if (!comparison.same || !facts.persistent) {
    const xml = renderXml(networkXmlToDefine(wanted!, facts.definition))
    steps.push({ action: `define network '${req.name}'`, run: () => defineFromTempFile(host, req.uri, 'net-define', xml) })
  }
  // A running network keeps its old definition until restarted; compare what runs.
  const liveDiffers = facts.active && !compareDefinitions(facts.live ?? facts.definition, wanted!, networkRules).same
  let restartNeeded = false
  let activeAfter = facts.active
  if (req.state === 'inactive' && facts.active) {
    steps.push(step('stop', ['net-destroy', req.name]))
    activeAfter = false
  } else if (req.state === 'active' && !facts.active) {
    steps.push(step('start', ['net-start', req.name]))
    activeAfter = true
  } else if (liveDiffers && req.state !== 'inactive') {
    if (req.restart_on_change) steps.push(step('stop', ['net-destroy', req.name]), step('start', ['net-start', req.name]))
    else restartNeeded = true
  }
  if (req.autostart !== undefined && req.autostart !== facts.autostart) {
    steps.push(step(req.autostart ? 'enable autostart of' : 'disable autostart of', ['net-autostart', ...(req.autostart ? [] : ['--disable']), req.name]))
  }
  return { steps, comparison, restartNeeded, activeAfter }
}
