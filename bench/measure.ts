// What the benchmark measures: a tool's wall time, CPU time and peak RSS (GNU time),
// the CPU the targets spent for it (their sshd processes and everything those ran),
// and the floor — the same number of bare ssh2 commands the playbook's tasks stand for.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SshConnection } from '../engine/connection/ssh.js'
import { JumpPool } from '../engine/connection/ssh-jump.js'
import { TEST_USER } from '../test/ssh/lab.js'
import { processTree } from '../test/ssh/processes.js'
import type { TestSshd } from '../test/ssh/sshd.js'
import type { TargetCpu } from './target-cpu.js'

function cpuBetween(before: number | undefined, after: number | undefined): number | undefined {
  return before === undefined || after === undefined ? undefined : after - before
}

export interface Measure {
  wall: number
  cpu: number
  rssMb: number
  /** CPU seconds spent on the targets (sshd, shells, commands, sftp-server); undefined when not measurable. */
  targetCpu?: number
  code: number
  recap: string
  output: string
}

/** Waits until the hosts' sessions have ended, so the CPU they use is all counted. */
async function sessionsGone(hosts: TestSshd[]): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (hosts.every((h) => processTree(h.pid).length === 1)) return
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Runs a command under GNU time: wall seconds, user+sys CPU seconds, peak RSS. */
export async function timed(argv: string[], env: NodeJS.ProcessEnv, cwd: string, hosts: TestSshd[], target: TargetCpu): Promise<Measure> {
  const out = join(cwd, `time-${process.hrtime.bigint()}.txt`)
  await sessionsGone(hosts)
  const before = target.seconds()
  const res = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', out, ...argv], { cwd, env, encoding: 'utf8', maxBuffer: 256 << 20 })
  await sessionsGone(hosts)
  const after = target.seconds()
  const [wall, user, sys, rssKb] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(/\s+/).map(Number)
  const recap = (res.stdout.split('PLAY RECAP')[1] ?? res.stdout.slice(-2000) + res.stderr.slice(-2000)).trim().split('\n').slice(1, 3).join('\n')
  return { wall, cpu: user + sys, rssMb: rssKb / 1024, targetCpu: cpuBetween(before, after), code: res.status ?? -1, recap, output: res.stdout + res.stderr }
}

/** The floor as its own node process (start-up and loading the transport included): wall, CPU and peak RSS. */
export async function floorProcess(hosts: TestSshd[], key: string, knownHosts: string, perHost: number, cwd: string, target: TargetCpu): Promise<Measure> {
  const spec = { hosts: hosts.map((h) => ({ address: h.address, port: h.port })), user: TEST_USER, key, knownHosts, perHost }
  const script = fileURLToPath(new URL('./floor-process.mjs', import.meta.url))
  return timed([process.execPath, script, JSON.stringify(spec)], process.env, cwd, hosts, target)
}

/** `perHost` bare commands on each host's one connection, all hosts at once, in this process; seconds, connecting included. */
export async function floor(hosts: TestSshd[], key: string, knownHosts: string, perHost: number, target: TargetCpu): Promise<{ seconds: number; targetCpu?: number }> {
  const jumps = new JumpPool()
  const conns = hosts.map((h) => new SshConnection({
    host: h.address, port: h.port, user: TEST_USER, privateKeyFiles: [key], agentSocket: false,
    knownHostsFiles: [knownHosts], globalKnownHostsFiles: [],
  }, jumps))
  await sessionsGone(hosts)
  const before = target.seconds()
  const start = process.hrtime.bigint()
  await Promise.all(conns.map(async (c) => { for (let i = 0; i < perHost; i++) await c.exec(['true']) }))
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  await Promise.all(conns.map((c) => c.close()))
  await sessionsGone(hosts)
  return { seconds, targetCpu: cpuBetween(before, target.seconds()) }
}
