// npm run bench [-- HOSTS]: starts HOSTS loopback sshd test hosts, runs bench/playbook.yml
// under tsplay and under ansible-playbook (pipelining on, forks = HOSTS, host key checking
// off) twice each, and prints wall time, CPU time, peak RSS and the ratio — plus the floor:
// the same number of bare ssh2 commands, to show what the engine itself adds.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SshConnection } from '../engine/connection/ssh.js'
import { JumpPool } from '../engine/connection/ssh-jump.js'
import { acquireLab, releaseLab, sshUnavailable, TEST_USER } from '../test/ssh/lab.js'
import { allocateAddress, TestSshd } from '../test/ssh/sshd.js'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..')
const hostCount = Number(process.argv[2] ?? 50)
const TASKS = 10

interface Measure { wall: number; cpu: number; rssMb: number; code: number; recap: string }

/** Runs a command under GNU time: wall seconds, user+sys CPU seconds, peak RSS. */
function timed(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Measure {
  const out = join(cwd, `time-${process.hrtime.bigint()}.txt`)
  const res = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', out, ...argv], { cwd, env, encoding: 'utf8', maxBuffer: 256 << 20 })
  const [wall, user, sys, rssKb] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(/\s+/).map(Number)
  const recap = (res.stdout.split('PLAY RECAP')[1] ?? res.stdout.slice(-2000) + res.stderr.slice(-2000)).trim().split('\n').slice(1, 3).join('\n')
  return { wall, cpu: user + sys, rssMb: rssKb / 1024, code: res.status ?? -1, recap }
}

function ensureTools(): void {
  const need: string[] = []
  if (!existsSync('/usr/bin/time')) need.push('time')
  if (!existsSync('/usr/bin/ansible-playbook')) need.push('ansible-core')
  if (need.length) spawnSync('apt-get', ['install', '-y', '-q', ...need], { stdio: 'inherit' })
}

async function floor(hosts: TestSshd[], key: string, knownHosts: string): Promise<number> {
  const jumps = new JumpPool()
  const conns = hosts.map((h) => new SshConnection({
    host: h.address, port: h.port, user: TEST_USER, privateKeyFiles: [key], agentSocket: false,
    knownHostsFiles: [knownHosts], globalKnownHostsFiles: [],
  }, jumps))
  const start = process.hrtime.bigint()
  await Promise.all(conns.map(async (c) => { for (let i = 0; i < TASKS; i++) await c.exec(['true']) }))
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  await Promise.all(conns.map((c) => c.close()))
  return seconds
}

async function main(): Promise<void> {
  const why = sshUnavailable()
  if (why) throw new Error(`the benchmark needs loopback sshd hosts: ${why}`)
  ensureTools()
  const lab = acquireLab()
  const hosts: TestSshd[] = []
  const work = mkdtempSync(join(tmpdir(), 'tsplay-bench-'))
  chmodSync(work, 0o755)
  try {
    for (let i = 0; i < hostCount; i++) hosts.push(await new TestSshd(lab, { address: allocateAddress() }).start())
    const knownHosts = join(work, 'known_hosts')
    writeFileSync(knownHosts, hosts.map((h) => h.knownHostsLine()).join('\n') + '\n')
    const inventory = (name: string) => {
      const lines = hosts.map((h, i) => `h${i} ansible_host=${h.address} ansible_port=${h.port}`)
      const file = join(work, name)
      writeFileSync(file, [
        '[lab]', ...lines, '', '[lab:vars]', `ansible_user=${TEST_USER}`,
        `ansible_ssh_private_key_file=${lab.keys.ed25519.file}`, 'ansible_python_interpreter=/usr/bin/python3',
        `ansible_ssh_common_args="-o UserKnownHostsFile=${knownHosts}"`, '',
      ].join('\n'))
      return file
    }
    // Both tools read the same (empty) ansible.cfg, so no user or system config skews the run.
    const cfg = join(work, 'ansible.cfg')
    writeFileSync(cfg, '[defaults]\n')
    const env = { ...process.env, ANSIBLE_PIPELINING: 'True', ANSIBLE_FORKS: String(hostCount), ANSIBLE_HOST_KEY_CHECKING: 'False', ANSIBLE_NOCOLOR: '1', ANSIBLE_CONFIG: cfg }
    const results: Record<string, Measure[]> = { tsplay: [], ansible: [] }
    for (const tool of ['tsplay', 'ansible'] as const) {
      const root = join(lab.scratch, `bench-${tool}`)
      rmSync(root, { recursive: true, force: true })
      const inv = inventory(`hosts-${tool}`)
      const argv = tool === 'tsplay'
        ? [process.execPath, join(repo, 'dist/engine/cli.js'), '-i', inv, join(repo, 'bench/playbook.yml'), '-e', `bench_root=${root}`, '-f', String(hostCount)]
        : ['ansible-playbook', '-i', inv, join(repo, 'bench/playbook.yml'), '-e', `bench_root=${root}`]
      for (let run = 0; run < 2; run++) results[tool].push(timed(argv, env, work))
    }
    const floorSeconds = await floor(hosts, lab.keys.ed25519.file, knownHosts)
    report(results, floorSeconds)
  } finally {
    await Promise.all(hosts.map((h) => h.stop()))
    releaseLab()
    rmSync(work, { recursive: true, force: true })
  }
}

function report(results: Record<string, Measure[]>, floorSeconds: number): void {
  const row = (tool: string, i: number, m: Measure) =>
    `${tool.padEnd(8)} run ${i + 1} (${i === 0 ? 'changes' : 'idempotent'})  wall ${m.wall.toFixed(2).padStart(7)} s  cpu ${m.cpu.toFixed(2).padStart(7)} s  peak RSS ${m.rssMb.toFixed(0).padStart(5)} MB  exit ${m.code}`
  console.log(`\nbench: ${hostCount} hosts × ${TASKS} tasks over SSH (loopback sshd), no facts\n`)
  for (const tool of ['tsplay', 'ansible']) results[tool].forEach((m, i) => console.log(row(tool, i, m)))
  const ts = results.tsplay.reduce((a, m) => a + m.wall, 0)
  const an = results.ansible.reduce((a, m) => a + m.wall, 0)
  const hostTasks = hostCount * TASKS
  const overheadMs = ((results.tsplay[1].wall - floorSeconds) * 1000) / hostTasks
  console.log(`\nfloor: ${hostTasks} bare ssh2 commands in ${floorSeconds.toFixed(2)} s`)
  console.log(`engine overhead above the floor (idempotent run): ${overheadMs.toFixed(2)} ms per host-task`)
  console.log(`ratio (ansible-playbook wall / tsplay wall, both runs): ${(an / ts).toFixed(1)}×`)
  for (const tool of ['tsplay', 'ansible']) console.log(`${tool} recap (run 2):\n${results[tool][1].recap}`)
}

main().catch((err) => {
  console.error(err)
  process.exitCode = 1
})
