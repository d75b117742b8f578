// Standalone Ironic under systemd: a unit of our own that runs the same all-in-one
// `ironic` process as the no-systemd path. Debian's ironic-api/ironic-conductor units
// would need a message bus or JSON-RPC between two processes and start with the
// package's keystone configuration, so they are not used (nor installed by default).
import type { Host } from '../../../engine/module.js'

export interface UnitSpec {
  name: string
  confPath: string
}

export function unitPath(name: string): string {
  return `/etc/systemd/system/${name}.service`
}

/** systemd's quoting for one ExecStart argument. */
function systemdArg(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

export function unitText(s: UnitSpec): string {
  return [
    '[Unit]',
    'Description=Standalone Ironic, API and conductor in one process (written by undercloud_install)',
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=/usr/bin/ironic --config-file ${systemdArg(s.confPath)}`,
    'Restart=on-failure',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n')
}

export async function unitActive(host: Host, name: string): Promise<boolean> {
  const r = await host.exec(['systemctl', 'is-active', `${name}.service`])
  return r.stdout.trim() === 'active'
}

/** Reload units, enable and (re)start ours; a string says why it could not. */
export async function startUnit(host: Host, name: string): Promise<string | undefined> {
  for (const argv of [['systemctl', 'daemon-reload'], ['systemctl', 'enable', `${name}.service`], ['systemctl', 'restart', `${name}.service`]]) {
    const r = await host.exec(argv)
    if (r.rc !== 0) return `${argv.join(' ')} failed: ${(r.stderr || r.stdout).trim()}`
  }
  return undefined
}
