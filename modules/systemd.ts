// systemd: start, stop, restart, reload, enable, mask systemd units, and reload the
// systemd manager. Only on hosts whose pid 1 is systemd.
import { defineModule } from '../engine/module.js'
import { runSystemd, type SystemdParams } from './lib/system/systemd-run.js'

export default defineModule<SystemdParams>({
  name: 'systemd',
  description:
    'Control systemd units: state started/stopped/restarted/reloaded, enabled at boot, masked, and daemon-reload/daemon-reexec ' +
    'of the manager. Returns the unit\'s `systemctl show` properties as `status`. Fails when systemd is not pid 1.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string', description: 'Unit name, e.g. libvirtd.service or crond (".service" is implied).' },
      state: {
        type: 'string',
        enum: ['reloaded', 'restarted', 'started', 'stopped'],
        description: 'started/stopped only act when needed; restarted and reloaded always act (a stopped unit is started).',
      },
      enabled: { type: 'boolean', description: 'Whether the unit starts at boot.' },
      force: { type: 'boolean', description: 'Pass --force to systemctl (overrides existing conflicting symlinks).' },
      masked: { type: 'boolean', description: 'Whether the unit is masked (cannot be started at all).' },
      daemon_reload: { type: 'boolean', default: false, description: 'Run daemon-reload before anything else, to pick up changed unit files.' },
      daemon_reexec: { type: 'boolean', default: false, description: 'Run daemon-reexec before anything else.' },
      scope: {
        type: 'string',
        enum: ['system', 'user', 'global'],
        default: 'system',
        description: 'Which systemd manager: the system one, the calling user\'s, or the defaults of all users.',
      },
      no_block: { type: 'boolean', default: false, description: 'Do not wait for start/stop jobs to finish (--no-block).' },
    },
    dependencies: { state: ['name'], enabled: ['name'], masked: ['name'] },
  },
  aliases: { name: ['service', 'unit'], daemon_reload: ['daemon-reload'], daemon_reexec: ['daemon-reexec'] },
  examples: [
    `- name: Start libvirtd and enable it at boot
  systemd:
    name: libvirtd
    state: started
    enabled: true`,
    `- name: Pick up a changed unit file and restart the service
  systemd:
    name: vbmcd.service
    state: restarted
    daemon_reload: true`,
    `- name: Mask apt-daily
  systemd:
    name: apt-daily.service
    masked: true`,
  ],
  run: (host, p, ctx) => runSystemd(host, p, ctx),
})
