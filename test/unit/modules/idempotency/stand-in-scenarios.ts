// Scenarios whose tools cannot run for real on this machine, run through the real local
// connection against stand-ins of those tools' command lines (stand-ins/): systemd, because
// systemd is not pid 1 here (a container), and dnf/yum, because this is Debian. The stand-ins
// keep their state in files, so what a run changed is still observed, not assumed.
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { TaskHost, type Host } from '../../../../engine/module.js'
import type { Scenario } from './scenario.js'
import { treeSnapshot } from './snapshot.js'

const STAND_INS = join(dirname(fileURLToPath(import.meta.url)), 'stand-ins')

/** A host whose PATH finds the stand-ins first; they keep their state under `state`. */
function standInHost(state: string, facts: Record<string, unknown> = {}): () => Host {
  const env = { PATH: `${STAND_INS}:${process.env.PATH ?? '/usr/bin:/bin'}`, TSPLAY_STANDIN_STATE: state }
  return () => new TaskHost('localhost', new LocalConnection(), { env }, facts)
}

function standIn(module: string, state: string, how: string, params: Record<string, unknown>, prepare: string[], facts?: Record<string, unknown>): Scenario {
  return {
    module,
    how,
    params,
    expect: 'converges',
    host: standInHost(state, facts),
    snapshot: () => treeSnapshot(state),
    setup: async () => {
      for (const folder of [state, ...prepare]) await mkdir(folder, { recursive: true })
    },
  }
}

export function standInScenarios(root: string): Scenario[] {
  const state = (name: string) => join(root, `stand-in-${name}`)
  return [
    standIn(
      'systemd',
      state('systemd'),
      'stand-in systemctl: systemd is not pid 1 in this container',
      { name: 'libvirtd', state: 'started', enabled: true },
      [join(state('systemd'), 'units', 'libvirtd')],
      { ansible_service_mgr: 'systemd' },
    ),
    standIn('dnf', state('dnf'), 'stand-in dnf and rpm: this machine is Debian', { name: ['python3-tripleoclient'], state: 'present' }, []),
    standIn('yum', state('yum'), 'stand-in yum and rpm: this machine is Debian', { name: ['ipmitool'], state: 'present' }, []),
  ]
}
