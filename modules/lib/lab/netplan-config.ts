// The `config` parameter of the netplan module turned into a `network:` mapping, with
// the mistakes netplan would reject (or silently misread) reported in the playbook's
// terms: an unknown key under network:, a device type that is not a mapping of
// devices, a version other than 2, a MAC address YAML 1.1 already read as a number.
// Keys inside devices are left to `netplan generate` (validate), which knows them all.
import { didYouMean } from '../../../engine/load/did-you-mean.js'
import { DEVICE_TYPES, NETWORK_KEYS } from './netplan-yaml.js'

type Mapping = Record<string, unknown>

const isMapping = (value: unknown): value is Mapping => value !== null && typeof value === 'object' && !Array.isArray(value)

/** `config` may be the mapping under network: or, equally, `{network: {...}}`. */
export function networkMapping(config: Mapping): Mapping {
  const keys = Object.keys(config)
  const inner = keys.length === 1 && keys[0] === 'network' && isMapping(config.network) ? config.network : config
  return { version: 2, ...inner }
}

/** Problems with a `network:` mapping, each naming where (config.ethernets.eno1 …). */
export function networkProblems(network: Mapping): string[] {
  const problems: string[] = []
  if (String(network.version) !== '2') problems.push(`config.version must be 2 (netplan's only format), got ${JSON.stringify(network.version)}`)
  for (const key of Object.keys(network)) {
    if (NETWORK_KEYS.includes(key)) continue
    const near = didYouMean(key, NETWORK_KEYS)
    problems.push(`unknown key '${key}' in config${near ? `; did you mean '${near}'?` : ` (netplan knows: ${NETWORK_KEYS.join(', ')})`}`)
  }
  for (const type of DEVICE_TYPES) {
    const devices = network[type]
    if (devices === undefined) continue
    if (!isMapping(devices)) {
      problems.push(`config.${type} must be a mapping of device names to their settings`)
      continue
    }
    for (const [name, device] of Object.entries(devices)) {
      if (!isMapping(device)) problems.push(`config.${type}.${name} must be a mapping of settings, got ${JSON.stringify(device)}`)
    }
  }
  numericMacs(network, 'config', problems)
  return problems
}

/** Unquoted 52:54:00:12:34:56 is a base-60 integer to YAML 1.1: by now the address is lost. */
function numericMacs(value: unknown, path: string, problems: string[]): void {
  if (Array.isArray(value)) value.forEach((item, i) => numericMacs(item, `${path}[${i}]`, problems))
  if (!isMapping(value)) return
  for (const [key, child] of Object.entries(value)) {
    if (key === 'macaddress' && typeof child === 'number') {
      problems.push(`${path}.${key} arrived as the number ${child}: an unquoted MAC address made only of digits is read as a base-60 number by YAML 1.1; quote it`)
    } else numericMacs(child, `${path}.${key}`, problems)
  }
}
