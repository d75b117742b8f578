// Inside the child process started under `unshare --mount --uts`: overlays over the
// folders the system modules write (so users, groups, packages, boot files and host names
// change only in this mount namespace), and a check that they really are in place.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Folders whose changes stay private: accounts and config, homes, packages and their state, logs. */
export const PRIVATE_FOLDERS = ['/etc', '/home', '/root', '/opt', '/var/lib/dpkg', '/var/lib/apt', '/var/cache/apt', '/var/log', '/var/mail', '/var/spool']

function mount(args: string[]): void {
  execFileSync('mount', args, { stdio: ['ignore', 'ignore', 'pipe'] })
}

/** The mount points of this process's mount namespace. */
function mountPoints(): Set<string> {
  const lines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
  return new Set(lines.filter(Boolean).map((line) => line.split(' ')[4]!))
}

/**
 * Puts a writable overlay (upper layer on a tmpfs under `work`) over each private folder, and
 * hides /run/systemd so that `service` and update-rc.d use init scripts even on a systemd host.
 * Throws, before anything else runs, when the namespace is not private or a mount fails.
 */
export function isolate(work: string): void {
  if (process.env.TSPLAY_IDEMPOTENCY_ISOLATED !== '1') throw new Error('refusing to mount: not started by the idempotency test under unshare')
  const layers = join(work, 'layers')
  mkdirSync(layers, { recursive: true })
  mount(['-t', 'tmpfs', 'tsplay-idempotency', layers])
  for (const folder of PRIVATE_FOLDERS.filter((f) => existsSync(f))) {
    const name = folder.slice(1).replaceAll('/', '_')
    const upper = join(layers, name, 'upper')
    const workdir = join(layers, name, 'work')
    mkdirSync(upper, { recursive: true })
    mkdirSync(workdir, { recursive: true })
    mount(['-t', 'overlay', 'overlay', '-o', `lowerdir=${folder},upperdir=${upper},workdir=${workdir}`, folder])
  }
  if (existsSync('/run/systemd')) mount(['-t', 'tmpfs', 'tsplay-no-systemd', '/run/systemd'])
  const missing = PRIVATE_FOLDERS.filter((f) => existsSync(f) && !mountPoints().has(f))
  if (missing.length > 0) throw new Error(`isolation incomplete, not mounted: ${missing.join(', ')}`)
}
