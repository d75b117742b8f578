// The benchmark's printout: each run of each tool, the floor, the engine's overhead above
// it, the ratio, and the machine's load (timings on a shared machine are noisy).
import type { Measure } from './measure.js'

export interface BenchResults {
  hosts: number
  tasks: number
  runs: Record<string, Measure[]>
  floor: { seconds: number; targetCpu?: number }
  /** The same commands from a fresh node process (start-up and loading included). */
  floorProcess: Measure
  load: { before: number[]; after: number[] }
}

const fixed = (n: number, width = 7): string => n.toFixed(2).padStart(width)
const cpu = (n: number | undefined): string => (n === undefined ? '    n/a' : fixed(n))
const load = (l: number[]): string => l.map((n) => n.toFixed(2)).join(' ')

export function report(r: BenchResults): void {
  const hostTasks = r.hosts * r.tasks
  console.log(`\nbench: ${r.hosts} hosts × ${r.tasks} tasks over SSH (loopback sshd), no facts\n`)
  for (const [tool, runs] of Object.entries(r.runs)) {
    runs.forEach((m, i) =>
      console.log(
        `${tool.padEnd(8)} run ${i + 1} (${i === 0 ? 'changes   ' : 'idempotent'})  wall ${fixed(m.wall)} s  cpu ${fixed(m.cpu)} s  ` +
          `peak RSS ${m.rssMb.toFixed(0).padStart(5)} MB  target cpu ${cpu(m.targetCpu)} s  exit ${m.code}`,
      ),
    )
  }
  const ts = r.runs.tsplay!
  const fp = r.floorProcess
  console.log(`\nfloor: ${hostTasks} bare ssh2 commands (${r.tasks} per host, one connection per host, connecting included)`)
  console.log(`  in the bench process:     ${r.floor.seconds.toFixed(2)} s, target cpu ${cpu(r.floor.targetCpu).trim()} s`)
  console.log(`  as a fresh node process:  wall ${fp.wall.toFixed(2)} s, cpu ${fp.cpu.toFixed(2)} s, peak RSS ${fp.rssMb.toFixed(0)} MB, target cpu ${cpu(fp.targetCpu).trim()} s, exit ${fp.code}`)
  const overhead = (m: Measure, floorSeconds: number): string => (((m.wall - floorSeconds) * 1000) / hostTasks).toFixed(2)
  console.log(`tsplay overhead per host-task above the in-process floor: ${overhead(ts[0]!, r.floor.seconds)} ms (run 1), ${overhead(ts[1]!, r.floor.seconds)} ms (run 2)`)
  console.log(`tsplay overhead per host-task above the process floor:    ${overhead(ts[0]!, fp.wall)} ms (run 1), ${overhead(ts[1]!, fp.wall)} ms (run 2)`)
  // CPU is what a busy machine distorts least: all of tsplay's and the targets' against the floor process's.
  const cpuOverhead = (m: Measure): string =>
    m.targetCpu === undefined || fp.targetCpu === undefined ? 'n/a' : ((((m.cpu + m.targetCpu) - (fp.cpu + fp.targetCpu)) * 1000) / hostTasks).toFixed(2)
  console.log(`tsplay CPU (its own + the targets') above the process floor's: ${cpuOverhead(ts[0]!)} ms (run 1), ${cpuOverhead(ts[1]!)} ms (run 2) per host-task`)
  const total = (ms: Measure[]): number => ms.reduce((a, m) => a + m.wall, 0)
  if (r.runs.ansible) {
    const an = r.runs.ansible
    console.log(`ratio ansible-playbook / tsplay wall: ${(an[0]!.wall / ts[0]!.wall).toFixed(1)}× (run 1), ${(an[1]!.wall / ts[1]!.wall).toFixed(1)}× (run 2), ${(total(an) / total(ts)).toFixed(1)}× (both)`)
  } else {
    console.log('ratio: ansible-playbook skipped (--skip-ansible)')
  }
  console.log(`load average (1/5/15 min): ${load(r.load.before)} before, ${load(r.load.after)} after`)
  for (const [tool, runs] of Object.entries(r.runs)) console.log(`${tool} recap (run 2):\n${runs[1]!.recap}`)
  for (const [tool, runs] of Object.entries(r.runs)) {
    runs.forEach((m, i) => {
      if (m.code !== 0) console.log(`\n${tool} run ${i + 1} failed (exit ${m.code}):\n${m.output.slice(-3000)}`)
    })
  }
  if (fp.code !== 0) console.log(`\nthe floor process failed (exit ${fp.code}):\n${fp.output.slice(-3000)}`)
}
