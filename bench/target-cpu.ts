// CPU spent on the targets: every sshd test host, the sessions it forks and the
// commands those run. sshd's session processes are orphaned when a connection ends,
// so their time never reaches the daemon's "children" counters; a cgroup (v1
// cpuacct, which every process forked below the daemons joins) counts it all. The
// group is made for this run only and removed after the hosts stopped.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'

const ROOT = '/sys/fs/cgroup/cpuacct'

export class TargetCpu {
  private constructor(private readonly dir: string | undefined) {}

  /** Starts counting for these daemons; counts nothing (seconds() is undefined) where cgroups cannot be used. */
  static track(pids: number[]): TargetCpu {
    if (!existsSync(`${ROOT}/cpuacct.usage`)) return new TargetCpu(undefined)
    const dir = `${ROOT}/tsplay-bench-${process.pid}`
    try {
      mkdirSync(dir)
      for (const pid of pids) writeFileSync(`${dir}/cgroup.procs`, String(pid))
      return new TargetCpu(dir)
    } catch {
      return new TargetCpu(undefined)
    }
  }

  /** CPU seconds the targets used so far. */
  seconds(): number | undefined {
    return this.dir ? Number(readFileSync(`${this.dir}/cpuacct.usage`, 'utf8')) / 1e9 : undefined
  }

  /** Removes the group; call once the hosts (and so every process in it) are gone. */
  release(): void {
    if (!this.dir) return
    for (let i = 0; i < 20; i++) {
      try {
        rmdirSync(this.dir)
        return
      } catch {
        // sessions still exiting
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100)
      }
    }
  }
}
