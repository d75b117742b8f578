// A real libvirtd for the integration suites. Uses the one already running; otherwise
// installs the Debian packages when missing and starts the daemons: through systemd
// when it is pid 1, else `virtlogd -d` and `libvirtd -d` by hand — libvirtd inside a
// network namespace made for it, so the bridges the tests create never appear in this
// machine's network configuration. Daemons the suite started are stopped by their pid
// (from their pid files) once the last suite is done; nothing else is touched.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'

export const URI = 'qemu:///system'
/** Every network and domain the tests make starts with this; cleanup removes all of them. */
export const PREFIX = 'tsplaytest-'

const NETNS = 'tsplaytest-libvirt'
const QEMU_CONF = '/run/tsplaytest-qemu.conf'
const PID_FILES = { virtlogd: '/run/tsplaytest-virtlogd.pid', libvirtd: '/run/tsplaytest-libvirtd.pid' }
const PACKAGES = ['libvirt-daemon-system', 'libvirt-clients', 'qemu-system-x86', 'qemu-utils', 'genisoimage']
const COMMANDS = ['virsh', 'libvirtd', 'virtlogd', 'qemu-system-x86_64', 'qemu-img', 'genisoimage']
const inCI = process.env.CI === 'true' || process.env.CI === '1'

interface Started {
  pids: number[]
  netns: boolean
}

let users = 0
let started: Started | undefined

function run(argv: string[], timeoutMs = 120_000): { ok: boolean; out: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: timeoutMs })
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`.trim() }
}

/** `virsh -c URI ARGS`; throws with virsh's message when it fails. */
export function virsh(...args: string[]): string {
  const r = spawnSync('virsh', ['-c', URI, ...args], { encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) throw new Error(`virsh ${args.join(' ')}: ${(r.stderr || r.stdout).trim()}`)
  return r.stdout
}

const hasCommand = (name: string) => run(['sh', '-c', 'command -v "$1"', 'sh', name]).ok
const reachable = () => run(['virsh', '-c', URI, 'version'], 15_000).ok

/** Installs what is missing; returns why libvirt cannot be used, or undefined. */
function install(): string | undefined {
  const missing = COMMANDS.filter((c) => !hasCommand(c) && !existsSync(`/usr/sbin/${c}`))
  if (missing.length === 0) return undefined
  if (process.getuid?.() !== 0) return `missing ${missing.join(', ')} and not root to install ${PACKAGES.join(' ')}`
  const apt = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-q', '--no-install-recommends', ...PACKAGES]
  let r = run(apt, 900_000)
  if (!r.ok) {
    run(['apt-get', 'update', '-q'], 300_000)
    r = run(apt, 900_000)
  }
  return r.ok ? undefined : `apt-get install ${PACKAGES.join(' ')} failed: ${r.out.slice(-500)}`
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

function readPid(file: string): number {
  const pid = Number(readFileSync(file, 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`${file} holds no pid`)
  return pid
}

/** Starts the daemons by hand (no systemd): virtlogd, then libvirtd in its own network namespace. */
async function startByHand(): Promise<Started> {
  const mine: Started = { pids: [], netns: false }
  try {
    for (const file of Object.values(PID_FILES)) rmSync(file, { force: true })
    const logd = run(['virtlogd', '-d', '-p', PID_FILES.virtlogd])
    if (!logd.ok) throw new Error(`virtlogd -d failed: ${logd.out}`)
    await waitFor(() => existsSync(PID_FILES.virtlogd), 'virtlogd')
    mine.pids.push(readPid(PID_FILES.virtlogd))
    const ns = run(['ip', 'netns', 'add', NETNS])
    if (!ns.ok) throw new Error(`ip netns add ${NETNS} failed: ${ns.out}`)
    mine.netns = true
    run(['ip', 'netns', 'exec', NETNS, 'ip', 'link', 'set', 'lo', 'up'])
    const daemon = run(['ip', 'netns', 'exec', NETNS, ...qemuAsRoot(), 'libvirtd', '-d', '-p', PID_FILES.libvirtd])
    if (!daemon.ok) throw new Error(`libvirtd -d failed: ${daemon.out}`)
    await waitFor(() => existsSync(PID_FILES.libvirtd), 'libvirtd')
    mine.pids.push(readPid(PID_FILES.libvirtd))
    await waitFor(reachable, `libvirtd at ${URI}`)
    return mine
  } catch (err) {
    await stop(mine)
    throw err
  }
}

/**
 * Where /dev/kvm exists but QEMU's user cannot open it (a container without udev), libvirt
 * finds its cached QEMU capabilities stale on every lookup and probes QEMU again — a
 * minute per `virsh define` — and KVM fails. The daemon then gets its own mount namespace
 * in which a qemu.conf that runs QEMU as root stands in for the machine's (which is not
 * changed): one probe, and KVM works.
 */
function qemuAsRoot(): string[] {
  if (!existsSync('/dev/kvm') || run(['runuser', '-u', 'libvirt-qemu', '--', 'test', '-r', '/dev/kvm', '-a', '-w', '/dev/kvm']).ok) return []
  writeFileSync(QEMU_CONF, '# tsplay libvirt tests: QEMU as root, as its usual user cannot open /dev/kvm here\nuser = "root"\ngroup = "root"\n')
  return ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$1" /etc/libvirt/qemu.conf && shift && exec "$@"', 'sh', QEMU_CONF]
}

async function stop(mine: Started): Promise<void> {
  for (const pid of [...mine.pids].reverse()) {
    if (!signal(pid, 'SIGTERM')) continue // already gone
    await waitFor(() => !alive(pid), `the exit of pid ${pid}`, 15_000).catch(() => signal(pid, 'SIGKILL'))
  }
  if (mine.netns) run(['ip', 'netns', 'delete', NETNS])
  for (const file of [...Object.values(PID_FILES), QEMU_CONF]) rmSync(file, { force: true })
}

/** Sends a signal; false when the process is gone. */
function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig)
    return true
  } catch {
    return false
  }
}

/** Running: exists and is not a zombie (a daemon's parent is pid 1, which may never reap it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

/** Removes every tsplaytest- domain and network (left by this run or by an interrupted one). */
export function removeTestObjects(): void {
  const names = (args: string[]) => run(['virsh', '-c', URI, ...args]).out.split('\n').map((n) => n.trim()).filter((n) => n.startsWith(PREFIX))
  for (const dom of names(['list', '--all', '--name'])) {
    run(['virsh', '-c', URI, 'destroy', dom])
    run(['virsh', '-c', URI, 'undefine', '--nvram', '--managed-save', dom])
  }
  for (const net of names(['net-list', '--all', '--name'])) {
    run(['virsh', '-c', URI, 'net-destroy', net])
    run(['virsh', '-c', URI, 'net-undefine', net])
  }
}

/**
 * Mocha hooks for a suite that needs libvirtd: skipped (loudly) when libvirt cannot be
 * had here, failing instead under CI=true.
 */
export function useLibvirtd(): void {
  before(async function () {
    this.timeout(900_000)
    users++
    if (!reachable()) {
      const problem = install()
      if (problem) {
        if (inCI) throw new Error(`the libvirt suites cannot run: ${problem}`)
        console.warn(`    SKIPPED libvirt integration tests: ${problem}`)
        this.skip()
      }
      if (!reachable() && !started) {
        const systemd = readFileSync('/proc/1/comm', 'utf8').trim() === 'systemd'
        if (systemd) {
          const r = run(['systemctl', 'start', 'libvirtd'])
          if (!r.ok) throw new Error(`systemctl start libvirtd failed: ${r.out}`)
          await waitFor(reachable, `libvirtd at ${URI}`)
        } else started = await startByHand()
      }
    }
    removeTestObjects()
  })
  after(async function () {
    this.timeout(60_000)
    users--
    if (reachable()) removeTestObjects()
    if (users === 0 && started) {
      await stop(started)
      started = undefined
    }
  })
}
