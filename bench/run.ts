// npm run bench [-- HOSTS] [--skip-ansible] [--profile DIR]: starts HOSTS loopback sshd
// test hosts, runs bench/playbook.yml under tsplay and under ansible-playbook (pipelining
// on, forks = HOSTS, host key checking off) twice each, and prints wall time, CPU time and
// peak RSS of both, the targets' CPU and the ratio — plus the floor: the same number of
// bare ssh2 commands, to show what the engine itself adds.
//   --skip-ansible   tsplay only (ansible-playbook at 200 hosts takes many minutes)
//   --profile DIR    tsplay runs with node --cpu-prof, profiles written to DIR
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync, chmodSync, existsSync, readFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sshUnavailable } from '../test/ssh/lab.js'
import { startHosts } from './hosts.js'
import { floor, floorProcess, timed, type Measure } from './measure.js'
import { report, type BenchResults } from './report.js'
import { TargetCpu } from './target-cpu.js'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const playbook = join(repo, 'bench/playbook.yml')

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'skip-ansible': { type: 'boolean', default: false }, profile: { type: 'string' } },
})
const hostCount = Number(positionals[0] ?? 50)
const tools = values['skip-ansible'] ? (['tsplay'] as const) : (['tsplay', 'ansible'] as const)

/** Tasks per host in bench/playbook.yml (counted, so the floor follows the playbook). */
function taskCount(): number {
  return readFileSync(playbook, 'utf8').split('\n').filter((l) => /^ {4}- name:/.test(l)).length
}

function ensureTools(): void {
  const need: string[] = []
  if (!existsSync('/usr/bin/time')) need.push('time')
  if (!values['skip-ansible'] && !existsSync('/usr/bin/ansible-playbook')) need.push('ansible-core')
  if (need.length) spawnSync('apt-get', ['install', '-y', '-q', ...need], { stdio: 'inherit' })
}

function argvFor(tool: 'tsplay' | 'ansible', inventory: string, root: string): string[] {
  if (tool === 'ansible') return ['ansible-playbook', '-i', inventory, playbook, '-e', `bench_root=${root}`]
  const profile = values.profile ? ['--cpu-prof', '--cpu-prof-dir', resolve(values.profile)] : []
  return [process.execPath, ...profile, join(repo, 'dist/bin/tsplay.mjs'), '-i', inventory, playbook, '-e', `bench_root=${root}`, '-f', String(hostCount)]
}

async function main(): Promise<void> {
  const why = sshUnavailable()
  if (why) throw new Error(`the benchmark needs loopback sshd hosts: ${why}`)
  ensureTools()
  const work = mkdtempSync(join(tmpdir(), 'tsplay-bench-'))
  chmodSync(work, 0o755)
  const lab = await startHosts(hostCount, work)
  const target = TargetCpu.track(lab.hosts.map((h) => h.pid))
  try {
    // Both tools read the same (empty) ansible.cfg, so no user or system config skews the run.
    const cfg = join(work, 'ansible.cfg')
    writeFileSync(cfg, '[defaults]\n')
    const env = { ...process.env, ANSIBLE_PIPELINING: 'True', ANSIBLE_FORKS: String(hostCount), ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_NOCOLOR: '1', ANSIBLE_CONFIG: cfg }
    const loadBefore = loadavg()
    const runs: Record<string, Measure[]> = {}
    for (const tool of tools) {
      const root = join(lab.lab.scratch, `bench-${tool}`)
      rmSync(root, { recursive: true, force: true })
      const argv = argvFor(tool, lab.inventory(join(work, `hosts-${tool}`)), root)
      runs[tool] = []
      for (let run = 0; run < 2; run++) runs[tool].push(await timed(argv, env, work, lab.hosts, target))
    }
    const tasks = taskCount()
    const results: BenchResults = {
      hosts: hostCount, tasks, runs,
      floor: await floor(lab.hosts, lab.lab.keys.ed25519.file, lab.knownHosts, tasks, target),
      floorProcess: await floorProcess(lab.hosts, lab.lab.keys.ed25519.file, lab.knownHosts, tasks, work, target),
      load: { before: loadBefore, after: loadavg() },
    }
    report(results)
  } finally {
    await lab.stop()
    target.release()
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
