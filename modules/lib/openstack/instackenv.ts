// Nodes described the way TripleO's instackenv.json does (pm_type, pm_addr, pm_user,
// pm_password, mac, cpu/memory/disk/arch) or with Ironic's own driver/driver_info, turned
// into what `openstack baremetal node create` and `port create` need.

export interface NodeInput {
  name?: string
  pm_type?: string
  driver?: string
  pm_addr?: string
  pm_port?: string | number
  pm_user?: string
  pm_password?: string
  pm_system_id?: string
  driver_info?: Record<string, unknown>
  mac?: string[]
  ports?: { address: string }[]
  cpu?: string | number
  memory?: string | number
  disk?: string | number
  arch?: string
  properties?: Record<string, unknown>
}

export interface NodeSpec {
  name: string
  driver: string
  /** Set for nodes nobody can power remotely: Ironic gets a power interface that does nothing. */
  manualPower: boolean
  driverInfo: Record<string, string>
  macs: string[]
  properties: Record<string, string>
}

/** Old TripleO pm_type names and their hardware type today. */
const LEGACY_DRIVERS: Record<string, string> = { pxe_ipmitool: 'ipmi', pxe_redfish: 'redfish', fake_pxe: 'fake-hardware' }
const MANUAL = 'manual-management'

function driverInfo(n: NodeInput, driver: string): Record<string, string> {
  const info: Record<string, string> = {}
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') info[key] = String(value)
  }
  const prefix = driver === 'redfish' ? 'redfish' : driver === 'ipmi' ? 'ipmi' : undefined
  if (prefix) {
    set(`${prefix}_address`, n.pm_addr)
    set(`${prefix}_username`, n.pm_user)
    set(`${prefix}_password`, n.pm_password)
    if (prefix === 'ipmi') set('ipmi_port', n.pm_port)
    else set('redfish_system_id', n.pm_system_id)
  }
  for (const [key, value] of Object.entries(n.driver_info ?? {})) set(key, value)
  return info
}

function properties(n: NodeInput): Record<string, string> {
  const props: Record<string, string> = {}
  const pairs: [string, unknown][] = [['cpus', n.cpu], ['memory_mb', n.memory], ['local_gb', n.disk], ['cpu_arch', n.arch]]
  for (const [key, value] of [...pairs, ...Object.entries(n.properties ?? {})]) {
    if (value !== undefined && value !== null && value !== '') props[key] = String(value)
  }
  return props
}

/**
 * A node list entry as a spec; a string when the entry cannot be enrolled.
 * `manualDriver` is the hardware type manual-management nodes get (fake-hardware in tests).
 */
export function nodeSpec(n: NodeInput, index: number, manualDriver: string): NodeSpec | string {
  const where = `nodes[${index}]${n.name ? ` (${n.name})` : ''}`
  if (!n.name) return `${where}: every node needs a name; introspection finds nodes again by name`
  const requested = n.driver ?? n.pm_type
  if (!requested) return `${where}: pm_type (or driver) is missing; use e.g. ipmi for a VirtualBMC port or manual-management`
  const manualPower = requested === MANUAL
  const driver = manualPower ? manualDriver : (LEGACY_DRIVERS[requested] ?? requested)
  const info = driverInfo(n, driver)
  if (driver === 'ipmi' && !info.ipmi_address) return `${where}: pm_addr (or driver_info.ipmi_address) is required for an ipmi node`
  const macs = [...(n.mac ?? []), ...(n.ports ?? []).map((p) => p.address)].map((m) => m.toLowerCase())
  return { name: n.name, driver, manualPower, driverInfo: info, macs: [...new Set(macs)], properties: properties(n) }
}

/** The arguments of `openstack baremetal node create` for a spec. */
export function createNodeArgs(spec: NodeSpec): string[] {
  const args = ['--driver', spec.driver, '--name', spec.name]
  // fake power: Ironic records power actions but nothing happens; a person presses the button.
  if (spec.manualPower) args.push('--power-interface', 'fake')
  for (const [key, value] of Object.entries(spec.driverInfo)) args.push('--driver-info', `${key}=${value}`)
  for (const [key, value] of Object.entries(spec.properties)) args.push('--property', `${key}=${value}`)
  return args
}
