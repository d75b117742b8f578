// Which init system runs the target: the gathered fact when there is one, else what
// pid 1 is. systemd counts only when pid 1 is systemd — a container whose pid 1 is a
// shell has systemctl installed but nothing answering it.
import type { Host } from '../../../engine/module.js'
import { readIfExists } from './target.js'

/** A fact by its short or ansible_-prefixed name. */
export function fact(host: Host, name: string): unknown {
  return host.facts[name] ?? host.facts[`ansible_${name}`]
}

export interface ServiceManagerInfo {
  /** 'systemd', or what pid 1 is called ('init', 'sh', …), or 'unknown'. */
  name: string
  /** How it was learned, for messages. */
  source: 'facts' | '/proc/1/comm'
}

export async function detectServiceManager(host: Host): Promise<ServiceManagerInfo> {
  const fromFacts = fact(host, 'service_mgr')
  if (typeof fromFacts === 'string' && fromFacts !== '') return { name: fromFacts, source: 'facts' }
  const comm = (await readIfExists(host, '/proc/1/comm'))?.trim()
  return { name: comm || 'unknown', source: '/proc/1/comm' }
}

export function describeManager(info: ServiceManagerInfo): string {
  return info.source === 'facts' ? `ansible_service_mgr is '${info.name}'` : `pid 1 is '${info.name}'`
}
