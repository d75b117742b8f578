// hostname: set the host's name, running and permanent, the way its system keeps it.
import { change, defineModule, fail, ok, type Host, type ModuleResult } from '../engine/module.js'
import { detectServiceManager } from './lib/system/service-manager.js'
import { distributionStrategy, HostnameError, STRATEGIES, type HostnameStrategy } from './lib/system/hostname-strategies.js'
import { applyFailure } from './lib/system/target.js'

interface HostnameParams {
  name: string
  use?: string
}

/** Strategies ansible-core has for other kernels (BSDs, macOS, Solaris); tsplay targets Linux. */
const NOT_LINUX = ['freebsd', 'macos', 'macosx', 'darwin', 'openbsd', 'solaris']

async function chooseStrategy(host: Host, use: string | undefined): Promise<HostnameStrategy | string> {
  if (use !== undefined) return STRATEGIES[use] ?? `hostname: use=${use} is for a system tsplay does not manage (Linux targets only)`
  if ((await detectServiceManager(host)).name === 'systemd') return STRATEGIES.systemd!
  const { strategy, distribution } = await distributionStrategy(host)
  return strategy ?? `hostname module cannot be used on platform Linux (${distribution || 'unknown distribution'})`
}

/** The facts Ansible sets from the new name; the FQDN is what the target resolves. */
async function nameFacts(host: Host, name: string): Promise<ModuleResult> {
  const r = await host.exec(['hostname', '--fqdn'])
  const fqdn = r.rc === 0 && r.stdout.trim() ? r.stdout.trim() : name
  return {
    ansible_hostname: name.split('.')[0],
    ansible_nodename: name,
    ansible_fqdn: fqdn,
    ansible_domain: fqdn.split('.').slice(1).join('.'),
  }
}

export default defineModule<HostnameParams>({
  name: 'hostname',
  description:
    'Set the system\'s host name, both the running and the permanent one: hostnamectl on systemd hosts, otherwise ' +
    '/etc/hostname (Debian, Alpine), /etc/sysconfig/network (Red Hat) or /etc/conf.d/hostname (Gentoo).',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'The host name.' },
      use: {
        type: 'string',
        enum: ['alpine', 'debian', 'freebsd', 'generic', 'macos', 'macosx', 'darwin', 'openbsd', 'openrc', 'redhat', 'sles', 'solaris', 'systemd'],
        description:
          'How to set it, instead of detecting: systemd/debian (hostnamectl), redhat, alpine, sles, openrc, or generic ' +
          '(the hostname command and /etc/hostname). The BSD, macOS and Solaris ways are refused.',
      },
    },
  },
  examples: [
    `- name: Name the undercloud
  hostname:
    name: undercloud-0.localdomain`,
  ],
  async run(host, p, ctx) {
    const chosen = NOT_LINUX.includes(p.use ?? '') ? `hostname: use=${p.use} is for a system tsplay does not manage (Linux targets only)` : await chooseStrategy(host, p.use)
    if (typeof chosen === 'string') return fail(chosen)
    let current: string
    let permanent: string
    try {
      current = await chosen.current(host)
      permanent = await chosen.permanent(host)
    } catch (err) {
      if (err instanceof HostnameError) return fail(err.message)
      throw err
    }
    const setters = [
      ...(current !== p.name ? [() => chosen.setCurrent(host, p.name)] : []),
      ...(permanent !== p.name ? [() => chosen.setPermanent(host, p.name)] : []),
    ]
    if (chosen.permanentFirst) setters.reverse()
    if (setters.length === 0) return ok({ name: p.name, ansible_facts: await nameFacts(host, p.name) })
    const before = p.name !== current ? current : permanent
    const diff = { before: `hostname = ${before}\n`, after: `hostname = ${p.name}\n` }
    if (ctx.checkMode) return change({ name: p.name, diff, ansible_facts: await nameFacts(host, p.name) })
    return change({
      name: p.name,
      diff,
      apply: async () => {
        for (const set of setters) {
          const error = await set()
          if (error) return applyFailure(error, { name: p.name })
        }
        return { ansible_facts: await nameFacts(host, p.name) }
      },
    })
  },
})
