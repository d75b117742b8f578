// Scenarios that change this machine's system state, run for real inside the isolated root
// the runner sets up (isolation.ts): accounts, keys, the host name (its own UTS namespace),
// packages from a local repository, an init-script service, and modprobe's boot files (the
// kernel itself is a stand-in: kernel-stand-in.ts). They are only built by isolated-runner.ts.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { TaskHost, type Host } from '../../../../engine/module.js'
import { packageState, prepareAptRepo, PROBE_PACKAGES } from './apt-repo.js'
import { KernelStandInHost } from './kernel-stand-in.js'
import type { Scenario } from './scenario.js'
import { pathsSnapshot, treeSnapshot } from './snapshot.js'

const ISOLATED = 'real, in an isolated root'
const localHost = (): Host => new TaskHost('localhost', new LocalConnection(), {})
const run = (argv: string[]) => execFileSync(argv[0]!, argv.slice(1), { stdio: 'ignore' })

export const SERVICE_NAME = 'tsplay-idem'

/** An init script whose daemon is a sleep with a pid file under `work` (it ends by itself after 10 minutes). */
function initScript(pidFile: string): string {
  return `#!/bin/sh
### BEGIN INIT INFO
# Provides:          ${SERVICE_NAME}
# Required-Start:    $remote_fs
# Required-Stop:     $remote_fs
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: daemon of the tsplay idempotency test
### END INIT INFO
PIDFILE=${pidFile}
case "$1" in
  start) start-stop-daemon --start --quiet --background --make-pidfile --pidfile $PIDFILE --exec /bin/sleep -- 600 ;;
  stop) start-stop-daemon --stop --quiet --pidfile $PIDFILE --remove-pidfile --retry 5; exit 0 ;;
  restart) "$0" stop; "$0" start ;;
  status) if [ -f $PIDFILE ] && kill -0 "$(cat $PIDFILE)" 2>/dev/null; then echo "${SERVICE_NAME} is running"; else echo "${SERVICE_NAME} is not running"; exit 3; fi ;;
  *) echo "Usage: $0 {start|stop|restart|status}"; exit 2 ;;
esac
`
}

function serviceState(): string {
  let running: boolean
  try {
    run(['/etc/init.d/' + SERVICE_NAME, 'status'])
    running = true
  } catch {
    running = false
  }
  const links = execFileSync('sh', ['-c', `ls /etc/rc?.d 2>/dev/null | grep -c ${SERVICE_NAME} || true`], { encoding: 'utf8' }).trim()
  return `running=${running} boot links=${links}`
}

function accountScenarios(): Scenario[] {
  const accounts = () => pathsSnapshot(['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/gshadow'])
  return [
    {
      module: 'user',
      how: ISOLATED,
      expect: 'converges',
      params: { name: 'tsplayidem', shell: '/bin/bash', comment: 'idempotency probe', create_home: true },
      host: localHost,
      snapshot: async () => `${await accounts()}\n${await treeSnapshot('/home/tsplayidem')}`,
    },
    { module: 'group', how: ISOLATED, expect: 'converges', params: { name: 'tsplaylab', gid: 4242 }, host: localHost, snapshot: accounts },
    {
      module: 'authorized_key',
      how: `${ISOLATED}, for a user made there`,
      expect: 'converges',
      params: { user: 'tsplaykeys', key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMbRlfXGzJgaPl0ZHoyq2RhTvIS7ht7m2Eyqn3kq8RBy lab@controller' },
      host: localHost,
      setup: async () => {
        run(['useradd', '--create-home', '--shell', '/bin/sh', 'tsplaykeys'])
      },
      snapshot: () => treeSnapshot('/home/tsplaykeys'),
    },
  ]
}

function systemScenarios(work: string): Scenario[] {
  const pidFile = join(work, `${SERVICE_NAME}.pid`)
  const packages = (name: string): Scenario => ({
    module: name === PROBE_PACKAGES[0] ? 'apt' : 'package',
    how: `${ISOLATED}, from a local repository`,
    expect: 'converges',
    params: { name, state: 'present' },
    host: localHost,
    setup: async () => void prepareAptRepo(work),
    snapshot: async () => `${packageState(name)}\n${await treeSnapshot(join('/opt', name))}`,
  })
  const kernel = new KernelStandInHost(localHost())
  return [
    {
      module: 'hostname',
      how: `${ISOLATED} with its own UTS namespace`,
      expect: 'converges',
      params: { name: 'tsplay-idem-host', use: 'generic' },
      host: localHost,
      snapshot: async () => `running=${hostname()}\n${await pathsSnapshot(['/etc/hostname'])}`,
    },
    packages(PROBE_PACKAGES[0]!),
    packages(PROBE_PACKAGES[1]!),
    {
      module: 'service',
      how: `${ISOLATED}, an init script (use: sysvinit)`,
      expect: 'converges',
      params: { name: SERVICE_NAME, state: 'started', enabled: true, use: 'sysvinit' },
      host: localHost,
      setup: async () => writeFileSync(join('/etc/init.d', SERVICE_NAME), initScript(pidFile), { mode: 0o755 }),
      snapshot: async () => serviceState(),
    },
    {
      module: 'modprobe',
      how: `${ISOLATED}; boot files real, the kernel a stand-in (tests never load kernel modules; no modprobe here)`,
      expect: 'converges',
      params: { name: 'kvm_intel', params: 'nested=1', persistent: 'present' },
      host: () => kernel,
      setup: async () => {
        mkdirSync('/etc/modprobe.d', { recursive: true })
      },
      snapshot: async () => `loaded=${[...kernel.loaded].join(',')}\n${await treeSnapshot('/etc/modules-load.d')}\n${await treeSnapshot('/etc/modprobe.d')}`,
    },
  ]
}

export function isolatedScenarios(work: string): Scenario[] {
  return [...accountScenarios(), ...systemScenarios(work)]
}

/** Stops the test daemon if a scenario left it running (the pid file is under `work`). */
export function stopTestService(): void {
  try {
    run(['/etc/init.d/' + SERVICE_NAME, 'stop'])
  } catch {
    // Not installed or already stopped.
  }
}
