// Large files over SSH through the CLI: copy sends a 192 MiB controller file and fetch brings
// it back, checksums intact, and tsplay's peak memory grows by far less than the file's size
// (the transfer streams; nothing holds the whole file). The peak is the process's own maxRSS,
// printed at exit by a preloaded one-liner.
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { scratch } from '../cli/helpers.js'
import { cliArgv } from './cli-run.js'
import { useSshHosts } from './fixture.js'
import { TEST_USER } from './lab.js'

const MiB = 1024 * 1024
const REPORT_PEAK = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss-kb='+process.resourceUsage().maxRSS+'\\n'))`

function writeRandomFile(path: string, bytes: number): string {
  const hash = createHash('sha256')
  const fd = openSync(path, 'w')
  for (let left = bytes; left > 0; left -= 8 * MiB) {
    const chunk = randomBytes(Math.min(8 * MiB, left))
    hash.update(chunk)
    writeSync(fd, chunk)
  }
  closeSync(fd)
  return hash.digest('hex')
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

describe('large files through the CLI over SSH', function () {
  this.timeout(240_000)
  const ssh = useSshHosts(1)
  let dir = ''
  let remote = ''

  before(function () {
    if (!ssh.lab) this.skip()
    const host = ssh.hosts[0]!
    remote = join(ssh.lab.scratch, `large-${process.pid}`)
    dir = scratch({
      hosts: `node0 ansible_host=${host.address} ansible_port=${host.port} ansible_user=${TEST_USER} ansible_ssh_private_key_file=${ssh.lab.keys.ed25519.file} ansible_ssh_common_args="-o UserKnownHostsFile=${ssh.knownHosts}"\n`,
      'playbook.yml': [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        '    - name: send it',
        '      copy: { src: "{{ source }}", dest: "{{ remote }}/{{ source | basename }}", mode: "0600" }',
        '    - name: bring it back',
        '      fetch: { src: "{{ remote }}/{{ source | basename }}", dest: "{{ playbook_dir }}/back/", flat: true }',
        '',
      ].join('\n'),
    })
    spawnSync('install', ['-d', '-o', TEST_USER, remote])
  })
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
    if (remote) rmSync(remote, { recursive: true, force: true })
  })

  /** Runs the play for `source`; returns the exit code, the screen and tsplay's peak RSS in MiB. */
  function play(source: string): { code: number; screen: string; peakMiB: number } {
    const [node, ...rest] = cliArgv(['-i', 'hosts', 'playbook.yml', '-e', `source=${source}`, '-e', `remote=${remote}`])
    const res = spawnSync(node!, ['--import', REPORT_PEAK, ...rest], { cwd: dir, encoding: 'utf8', timeout: 180_000, env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_CONFIG: '/dev/null' } })
    const peak = /maxrss-kb=(\d+)/.exec(res.stderr)?.[1]
    return { code: res.status ?? -1, screen: res.stdout + res.stderr, peakMiB: Number(peak) / 1024 }
  }

  it('copies and fetches 192 MiB intact while tsplay grows by far less than the file', () => {
    const small = join(dir, 'small.bin')
    writeRandomFile(small, 64 * 1024)
    const baseline = play(small)
    expect(baseline.code, baseline.screen).to.equal(0)

    const big = join(dir, 'big.bin')
    const sum = writeRandomFile(big, 192 * MiB)
    const large = play(big)
    expect(large.code, large.screen).to.equal(0)
    expect(large.screen).to.match(/node0\s+: ok=2\s+changed=2\s+unreachable=0\s+failed=0/)
    expect(sha256Of(join(remote, 'big.bin'))).to.equal(sum)
    expect(sha256Of(join(dir, 'back', 'big.bin'))).to.equal(sum)
    const growth = large.peakMiB - baseline.peakMiB
    console.log(`      peak RSS: ${baseline.peakMiB.toFixed(0)} MiB for 64 KiB, ${large.peakMiB.toFixed(0)} MiB for 192 MiB (+${growth.toFixed(0)} MiB)`)
    // Holding the file once would add 192 MiB (the buffered path measured +254 MiB); streaming stays near +60 (chunks awaiting GC).
    expect(growth, 'memory growth for a 192 MiB file').to.be.below(96)

    // Idempotent: the second run hashes both sides and transfers nothing.
    const again = play(big)
    expect(again.screen).to.match(/node0\s+: ok=2\s+changed=0\s+unreachable=0\s+failed=0/)
  })
})
