// service: the init-system-neutral way to control a service. On systemd hosts it is
// the systemd module (as Ansible's service action picks it); elsewhere it runs init
// scripts and update-rc.d/chkconfig.
import { defineModule } from '../engine/module.js'
import { detectServiceManager, type ServiceManagerInfo } from './lib/system/service-manager.js'
import { runSysvService, type SysvParams } from './lib/system/sysv-service.js'
import { runSystemd } from './lib/system/systemd-run.js'

interface ServiceParams extends SysvParams {
  use: string
}

/** Options systemd has no use for, with the value that means "not given". */
const SYSV_ONLY: [keyof ServiceParams, unknown][] = [['pattern', undefined], ['runlevel', 'default'], ['sleep', undefined], ['arguments', '']]

export default defineModule<ServiceParams>({
  name: 'service',
  description:
    'Start, stop, restart or reload a service and choose whether it starts at boot. Uses systemd when systemd is pid 1 ' +
    '(or ansible_service_mgr says so), otherwise the init script with update-rc.d or chkconfig; fails when neither can manage it.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Name of the service.' },
      state: {
        type: 'string',
        enum: ['started', 'stopped', 'reloaded', 'restarted'],
        description: 'started/stopped only act when needed; restarted and reloaded always act.',
      },
      enabled: { type: 'boolean', description: 'Whether the service starts at boot.' },
      sleep: { type: 'integer', description: 'Seconds between stop and start when restarting (init scripts only).' },
      pattern: { type: 'string', description: 'Without a usable status action: the service runs when `ps auxww` shows this text (init scripts only).' },
      runlevel: { type: 'string', default: 'default', description: 'Runlevel for OpenRC; accepted for compatibility.' },
      arguments: { type: 'string', default: '', description: 'Extra words given to the init script after the action.' },
      use: {
        type: 'string',
        default: 'auto',
        description: 'Service manager to use: auto (detect), systemd, or sysvinit/service for init scripts.',
      },
    },
    anyOf: [{ required: ['state'] }, { required: ['enabled'] }],
  },
  aliases: { arguments: ['args'] },
  examples: [
    `- name: Make sure libvirtd runs and starts at boot
  service:
    name: libvirtd
    state: started
    enabled: true`,
    `- name: Restart sshd
  service: name=ssh state=restarted`,
  ],
  async run(host, p, ctx) {
    const manager: ServiceManagerInfo = p.use === 'auto' ? await detectServiceManager(host) : { name: p.use, source: 'facts' }
    if (manager.name !== 'systemd') return runSysvService(host, p, ctx, manager)
    const warnings = SYSV_ONLY.filter(([key, unset]) => p[key] !== unset).map(([key]) => `Ignoring "${key}" as it is not used in "systemd"`)
    return runSystemd(host, { name: p.name, state: p.state, enabled: p.enabled, scope: 'system', no_block: false }, ctx, warnings)
  },
})
