// A local apt repository for the apt and package scenarios, made inside the isolated root:
// small packages built with dpkg-deb (they install one file under /opt), a flat repository
// indexed with dpkg-scanpackages, sources.list pointing only at it, and `apt-get update`.
// Nothing is downloaded; /etc, /opt and the dpkg/apt state are overlays (isolation.ts).
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const PROBE_PACKAGES = ['tsplay-idem-apt', 'tsplay-idem-package']

function buildPackage(work: string, repo: string, name: string): void {
  const root = join(work, 'build', name)
  mkdirSync(join(root, 'DEBIAN'), { recursive: true })
  mkdirSync(join(root, 'opt', name), { recursive: true })
  const control = [`Package: ${name}`, 'Version: 1.0', 'Architecture: all', 'Maintainer: tsplay tests <tests@invalid>', `Description: probe package of the tsplay idempotency test`]
  writeFileSync(join(root, 'DEBIAN', 'control'), `${control.join('\n')}\n`)
  writeFileSync(join(root, 'opt', name, 'installed'), `${name}\n`)
  execFileSync('dpkg-deb', ['--build', '--root-owner-group', root, join(repo, `${name}_1.0_all.deb`)], { stdio: 'ignore' })
}

let prepared: string | undefined

/** Builds the repository once and makes apt see only it; returns its folder. */
export function prepareAptRepo(work: string): string {
  if (prepared) return prepared
  const repo = join(work, 'repo')
  mkdirSync(repo, { recursive: true })
  // apt reads file: repositories as its sandbox user _apt, which must be able to reach them.
  chmodSync(work, 0o755)
  for (const name of PROBE_PACKAGES) buildPackage(work, repo, name)
  writeFileSync(join(repo, 'Packages'), execFileSync('dpkg-scanpackages', ['--multiversion', '.'], { cwd: repo, stdio: ['ignore', 'pipe', 'ignore'] }))
  for (const entry of readdirSync('/etc/apt/sources.list.d')) rmSync(join('/etc/apt/sources.list.d', entry), { recursive: true, force: true })
  writeFileSync('/etc/apt/sources.list', `deb [trusted=yes] file:${repo} ./\n`)
  execFileSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  prepared = repo
  return repo
}

/** dpkg's status of a package and the files it installed under /opt, as text. */
export function packageState(name: string): string {
  let status: string
  try {
    status = execFileSync('dpkg-query', ['-W', '-f', '${Status} ${Version}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  } catch {
    status = 'unknown to dpkg'
  }
  return `${name}: ${status}`
}
