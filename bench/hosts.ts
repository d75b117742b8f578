// The benchmark's targets: N loopback sshd test hosts (test/ssh), a known_hosts file
// listing them, and an inventory for both tools. Started and stopped by pid.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { acquireLab, releaseLab, TEST_USER, type SshLab } from '../test/ssh/lab.js'
import { allocateAddress, TestSshd } from '../test/ssh/sshd.js'

export interface BenchHosts {
  lab: SshLab
  hosts: TestSshd[]
  knownHosts: string
  /** Writes an inventory of every host into `file` and returns its path. */
  inventory(file: string): string
  stop(): Promise<void>
}

/** Starts `count` hosts, a few at a time (each generates a host key first). */
export async function startHosts(count: number, work: string): Promise<BenchHosts> {
  const lab = acquireLab()
  const hosts: TestSshd[] = []
  const stop = async (): Promise<void> => {
    await Promise.all(hosts.map((h) => h.stop()))
    releaseLab()
  }
  try {
    for (let i = 0; i < count; i += 8) {
      const batch = Array.from({ length: Math.min(8, count - i) }, () => new TestSshd(lab, { address: allocateAddress() }))
      hosts.push(...batch)
      await Promise.all(batch.map((h) => h.start()))
    }
  } catch (err) {
    await stop()
    throw err
  }
  const knownHosts = join(work, 'known_hosts')
  writeFileSync(knownHosts, hosts.map((h) => h.knownHostsLine()).join('\n') + '\n')
  const inventory = (file: string): string => {
    const lines = hosts.map((h, i) => `h${i} ansible_host=${h.address} ansible_port=${h.port}`)
    writeFileSync(file, [
      '[lab]', ...lines, '', '[lab:vars]', `ansible_user=${TEST_USER}`,
      `ansible_ssh_private_key_file=${lab.keys.ed25519.file}`, 'ansible_python_interpreter=/usr/bin/python3',
      `ansible_ssh_common_args="-o UserKnownHostsFile=${knownHosts}"`, '',
    ].join('\n'))
    return file
  }
  return { lab, hosts, knownHosts, inventory, stop }
}
