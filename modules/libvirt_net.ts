// libvirt_net: a libvirt virtual network, defined from structured parameters or from
// XML, kept in a state (present/active/inactive/absent) with its autostart flag.
// Idempotent by comparing normalised definitions; see lib/libvirt/normalise.ts.
import { TsplayError } from '../engine/errors.js'
import { change, defineModule, fail, ok, type Diff, type ModuleResult } from '../engine/module.js'
import { normaliseXml, type Comparison } from './lib/libvirt/normalise.js'
import { networkRules, networkSpecProblem, networkXml, type NetworkSpec } from './lib/libvirt/network-xml.js'
import { planNetwork, probeNetwork, type NetworkFacts, type NetworkState } from './lib/libvirt/network-plan.js'
import { runSteps } from './lib/libvirt/steps.js'
import { probeOrAssumeAbsent } from './lib/libvirt/virsh.js'
import { childOf, parseXml, renderXml, type XmlElement } from './lib/libvirt/xml-tree.js'

/** The structured network fields (all optional here: `xml` may replace them), plus the module's own. */
interface LibvirtNetParams extends Partial<NetworkSpec> {
  xml?: string
  state: NetworkState
  autostart?: boolean
  uri: string
  restart_on_change: boolean
}

const ABSENT: NetworkFacts = { exists: false, active: false, autostart: false, persistent: false }

const STRUCTURED = ['bridge', 'forward', 'forward_dev', 'ip', 'netmask', 'prefix', 'dhcp_range', 'dhcp_hosts', 'domain', 'mtu'] as const

const str = (description: string) => ({ type: 'string', minLength: 1, description })

/** The wanted name and definition, or the message the task fails with. */
function wantedNetwork(p: LibvirtNetParams): { name: string; xml?: XmlElement } | string {
  if (p.xml !== undefined) {
    const given = STRUCTURED.filter((key) => p[key] !== undefined)
    if (given.length) return `xml and the structured parameters (${given.join(', ')}) are mutually exclusive`
    let xml: XmlElement
    try {
      xml = parseXml(p.xml, 'the xml parameter')
    } catch (err) {
      if (err instanceof TsplayError) return err.message
      throw err
    }
    if (xml.name !== 'network') return `the xml parameter must be a <network> definition, not <${xml.name}>`
    const name = childOf(xml, 'name')?.text
    if (!name) return 'the xml parameter has no <name>'
    if (p.name !== undefined && p.name !== name) return `name '${p.name}' does not match the <name> of the xml parameter ('${name}')`
    return { name, xml: p.state === 'absent' ? undefined : xml }
  }
  if (p.name === undefined) return "one of 'name' or 'xml' is required"
  if (p.state === 'absent') return { name: p.name }
  const spec = { ...p, name: p.name, forward: p.forward ?? 'none' }
  const problem = networkSpecProblem(spec)
  return problem ?? { name: p.name, xml: networkXml(spec) }
}

export default defineModule<LibvirtNetParams>({
  name: 'libvirt_net',
  description:
    'Define, start, stop or remove a libvirt virtual network (virsh on the target). The definition comes from structured ' +
    'parameters or from `xml`; it is compared with what libvirt stores after normalising both (uuid, generated MAC and ' +
    'bridge name, default attributes and element order do not count) and redefined when it differs. A running network ' +
    'keeps its old definition until restarted: with restart_on_change it is restarted (guests lose their link until ' +
    'libvirt plugs them back in), otherwise the result says restart_needed.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: str('Network name (optional when `xml` has a <name>).'),
      xml: str('A complete <network> definition, instead of the structured parameters.'),
      bridge: str('Name of the bridge device (libvirt picks virbrN when unset); for forward: bridge, the existing host bridge.'),
      forward: {
        type: 'string',
        enum: ['none', 'nat', 'route', 'bridge'],
        description: 'Forward mode. none (the default): an isolated network; nat/route: to the host\'s networks; bridge: an existing host bridge.',
      },
      forward_dev: str('Host interface that nat/route forwarding is limited to.'),
      ip: str('Address of the host on the network (IPv4 or IPv6); enables libvirt\'s dnsmasq for DHCP/DNS.'),
      netmask: str('IPv4 netmask, e.g. 255.255.255.0 (or use prefix).'),
      prefix: { type: 'integer', minimum: 0, maximum: 128, description: 'Prefix length, e.g. 24 (or use netmask).' },
      dhcp_range: {
        type: 'object',
        additionalProperties: false,
        required: ['start', 'end'],
        properties: { start: str('First address handed out.'), end: str('Last address handed out.') },
        description: 'Range of addresses the DHCP server hands out.',
      },
      dhcp_hosts: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['ip'],
          properties: { mac: str('Guest MAC address.'), ip: str('Fixed address.'), name: str('Guest host name.') },
        },
        description: 'Fixed DHCP leases: {mac, ip, name}.',
      },
      domain: str('DNS domain of the network\'s dnsmasq.'),
      mtu: { type: 'integer', minimum: 68, description: 'MTU of the bridge.' },
      state: {
        type: 'string',
        enum: ['present', 'absent', 'active', 'inactive'],
        default: 'active',
        description: 'present: defined; active: defined and running; inactive: defined and stopped; absent: stopped and undefined.',
      },
      autostart: { type: 'boolean', description: 'Start the network when libvirtd starts (unset: leave as it is).' },
      uri: { type: 'string', default: 'qemu:///system', description: 'libvirt connection URI.' },
      restart_on_change: {
        type: 'boolean',
        default: false,
        description: 'Restart a running network whose definition differs; otherwise report restart_needed.',
      },
    },
  },
  examples: [
    `- name: Isolated provisioning network for PXE-booted nodes
  libvirt_net:
    name: provisioning
    bridge: br-prov
    autostart: true`,
    `- name: NAT network with DHCP and fixed leases
  libvirt_net:
    name: external
    forward: nat
    ip: 192.168.100.1
    netmask: 255.255.255.0
    dhcp_range: { start: 192.168.100.100, end: 192.168.100.200 }
    dhcp_hosts:
      - { mac: "52:54:00:aa:00:01", ip: 192.168.100.10, name: undercloud }
    domain: lab.test
    autostart: true`,
    `- name: The seeds' privatenet, from XML
  libvirt_net:
    xml: "<network><name>privatenet</name><bridge name='privatebr0'/><ip address='10.0.0.1' netmask='255.255.255.0'/></network>"`,
    `- name: Remove a network
  libvirt_net:
    name: provisioning
    state: absent`,
  ],
  async run(host, p, ctx) {
    const wanted = wantedNetwork(p)
    if (typeof wanted === 'string') return fail(wanted)
    const { name } = wanted
    const warnings: string[] = []
    let facts: NetworkFacts
    try {
      facts = await probeOrAssumeAbsent(() => probeNetwork(host, p.uri, name), ABSENT, { checkMode: ctx.checkMode, uri: p.uri, kind: 'network', warnings })
    } catch (err) {
      // Unreadable XML from libvirt and an unreachable libvirt fail the task.
      if (err instanceof TsplayError) return fail(err.message, { state: p.state })
      throw err
    }
    const plan = planNetwork(host, { ...p, name }, facts, wanted.xml)
    const result: ModuleResult = { name, state: p.state, active: plan.activeAfter }
    if (warnings.length) result.warnings = warnings
    if (plan.restartNeeded) result.restart_needed = true
    if (p.autostart !== undefined || facts.exists) result.autostart = p.autostart ?? facts.autostart
    if (plan.steps.length === 0) return ok(result)
    result.actions = plan.steps.map((s) => s.action)
    const diff = networkDiff(name, plan.comparison, facts.definition)
    return change({ ...result, ...(diff ? { diff } : {}), apply: () => runSteps(plan.steps, result) })
  },
})

/** The definition's change as normalised XML; removal shows the whole definition going. */
function networkDiff(name: string, comparison: Comparison | undefined, current: XmlElement | undefined): Diff | undefined {
  const header = `network ${name} (normalised XML)`
  if (!comparison) return current ? { before_header: header, after_header: header, before: renderXml(normaliseXml(current, networkRules)), after: '' } : undefined
  return comparison.same ? undefined : { before_header: header, after_header: header, before: comparison.before, after: comparison.after }
}
