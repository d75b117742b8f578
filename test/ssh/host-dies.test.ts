// Hosts that go away during a play, through the CLI: one whose sshd and sessions are killed
// while its task runs (connection reset), one that stops answering (frozen, found by the
// ServerAlive probes), and one whose sshd is stopped before the play, with and without
// ignore_unreachable. The dead host is UNREACHABLE, the others finish, the exit code is 4
// (0 when ignored), and nothing hangs. The stopped-sshd runs are compared with
// ansible-playbook's recap and exit code when it is installed.
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { scratch } from '../cli/helpers.js'
import { ensureOracle } from '../compat/oracle.js'
import { recapOf, startTsplay, waitFor } from './cli-run.js'
import { useSshHosts } from './fixture.js'
import { TEST_USER } from './lab.js'
import { run as runSetup } from './processes.js'
import type { TestSshd } from './sshd.js'

const inCI = process.env.CI === 'true' || process.env.CI === '1'

function reachPlaybook(ignoreUnreachable: boolean): string {
  return [
    '- hosts: lab',
    '  gather_facts: false',
    '  tasks:',
    '    - name: reach every host',
    '      command: "true"',
    ...(ignoreUnreachable ? ['      ignore_unreachable: true'] : []),
    '    - name: the host is still in the play',
    '      debug: { msg: still here }',
    '',
  ].join('\n')
}

describe('hosts that die during a play (CLI over SSH)', function () {
  this.timeout(120_000)
  const ssh = useSshHosts(3)
  let dir = ''
  let markers = ''

  const inventoryLine = (h: TestSshd, i: number, extraArgs = '') =>
    `node${i} ansible_host=${h.address} ansible_port=${h.port} ansible_user=${TEST_USER} ansible_ssh_private_key_file=${ssh.lab.keys.ed25519.file} ` +
    `ansible_ssh_common_args="-o UserKnownHostsFile=${ssh.knownHosts}${extraArgs}"`

  before(function () {
    if (!ssh.lab) this.skip()
    // The tasks touch a marker as the login user when they start: the test acts on it.
    markers = mkdtempSync(join(ssh.lab.scratch, 'markers-'))
    runSetup(['chown', TEST_USER, markers])
    const hosts = ssh.hosts.slice(0, 2).map((h, i) => inventoryLine(h, i))
    const keepalive = ' -o ServerAliveInterval=1 -o ServerAliveCountMax=2'
    dir = scratch({
      hosts: `[lab]\n${hosts.join('\n')}\n`,
      'frozen-hosts': `[lab]\n${ssh.hosts.slice(0, 2).map((h, i) => inventoryLine(h, i, keepalive)).join('\n')}\n`,
      'stopped-hosts': `[lab]\n${ssh.hosts.map((h, i) => inventoryLine(h, i)).join('\n')}\n`,
      'playbook.yml': [
        '- hosts: lab',
        '  gather_facts: false',
        '  tasks:',
        '    - name: before',
        '      command: "true"',
        '    - name: long task',
        `      shell: touch ${markers}/{{ inventory_hostname }}-{{ run_id }}; sleep 3`,
        '    - name: after',
        '      command: "true"',
        '',
      ].join('\n'),
      'between.yml': [
        '- hosts: lab',
        '  gather_facts: false',
        '  tasks:',
        '    - name: first',
        `      shell: touch ${markers}/{{ inventory_hostname }}-{{ run_id }}`,
        '    - name: only node0 works a while',
        '      command: sleep 2',
        "      when: inventory_hostname == 'node0'",
        '    - name: then every host again',
        '      command: "true"',
        '',
      ].join('\n'),
      'reach.yml': reachPlaybook(false),
      'ignore.yml': reachPlaybook(true),
    })
  })
  after(() => {
    for (const folder of [dir, markers]) if (folder) rmSync(folder, { recursive: true, force: true })
  })
  afterEach(async () => {
    // Each test takes a host down: bring them all back for the next one.
    for (const host of ssh.hosts) if (!host.pid) await host.start()
  })

  /** Runs the playbook and calls `kill` once node1's long task has started. */
  async function playWhileKilling(inventory: string, runId: string, kill: (host: TestSshd) => void) {
    const run = startTsplay(['-i', inventory, 'playbook.yml', '-e', `run_id=${runId}`], dir)
    const started = await waitFor(() => existsSync(join(markers, `node1-${runId}`)), 20_000)
    expect(started, `node1's long task did not start:\n${run.stdout}`).to.equal(true)
    kill(ssh.hosts[1]!)
    return run.done
  }

  it('a host whose sshd and sessions are killed mid-task is UNREACHABLE at once; the other finishes (exit 4)', async () => {
    const res = await playWhileKilling('hosts', 'crash', (host) => void host.crash())
    expect(res.code, res.stdout + res.stderr).to.equal(4)
    expect(res.stdout).to.match(/fatal: \[node1\]: UNREACHABLE! => \{"changed": false, "msg": "Failed to connect to the host via ssh: [^"]+", "unreachable": true\}/)
    expect(recapOf(res.stdout)).to.deep.equal({
      node0: 'ok=3 changed=3 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0',
      node1: 'ok=1 changed=1 unreachable=1 failed=0 skipped=0 rescued=0 ignored=0',
    })
    // node0's sleep 3 bounds the run; a hang would show here (or hit the run's limit).
    expect(res.ms).to.be.below(15_000)
  })

  it('a host killed between two tasks is UNREACHABLE at its next task (the reconnect is refused); exit 4', async () => {
    const run = startTsplay(['-i', 'hosts', 'between.yml', '-e', 'run_id=between'], dir)
    expect(await waitFor(() => existsSync(join(markers, 'node1-between')), 20_000), run.stdout).to.equal(true)
    await ssh.hosts[1]!.crash()
    const res = await run.done
    expect(res.code, res.stdout + res.stderr).to.equal(4)
    expect(res.stdout).to.match(/TASK \[then every host again\][^]*fatal: \[node1\]: UNREACHABLE! => [^\n]*Connection refused/)
    expect(recapOf(res.stdout)).to.deep.equal({
      node0: 'ok=3 changed=3 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0',
      node1: 'ok=1 changed=1 unreachable=1 failed=0 skipped=1 rescued=0 ignored=0',
    })
    expect(res.ms).to.be.below(15_000)
  })

  it('a host that stops answering mid-task is UNREACHABLE after ServerAliveInterval × ServerAliveCountMax', async () => {
    let frozen: number[] = []
    try {
      const res = await playWhileKilling('frozen-hosts', 'freeze', (host) => (frozen = host.freeze()))
      expect(res.code, res.stdout + res.stderr).to.equal(4)
      expect(res.stdout).to.include(`fatal: [node1]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: Timeout, server ${ssh.hosts[1]!.address} not responding.", "unreachable": true}`)
      expect(recapOf(res.stdout).node0).to.equal('ok=3 changed=3 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0')
      expect(res.ms).to.be.below(15_000)
    } finally {
      ssh.hosts[1]!.thaw(frozen)
      await ssh.hosts[1]!.stop()
    }
  })

  describe('a host whose sshd is stopped before the play', () => {
    let ansible = false
    before(function () {
      const oracle = ensureOracle()
      if (!oracle.available && inCI) throw new Error(`ansible-playbook is needed to compare with: ${oracle.reason}`)
      ansible = oracle.available
    })

    /** tsplay's run, and ansible-playbook's recap and exit code for the same run when it is installed. */
    async function bothTools(playbook: string) {
      await ssh.hosts[2]!.stop()
      const res = await startTsplay(['-i', 'stopped-hosts', playbook], dir).done
      // No ansible.cfg in the folder or the private HOME: ansible's defaults, as tsplay gets them.
      const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ANSIBLE_'))), ANSIBLE_NOCOLOR: '1', HOME: dir }
      const oracle = ansible ? spawnSync('ansible-playbook', ['-i', 'stopped-hosts', playbook], { cwd: dir, encoding: 'utf8', env }) : undefined
      return { res, oracle: oracle && { code: oracle.status, recap: recapOf(oracle.stdout), stdout: oracle.stdout } }
    }

    it('is UNREACHABLE with "Connection refused", the others go on (exit 4)', async () => {
      const { res, oracle } = await bothTools('reach.yml')
      expect(res.code, res.stdout + res.stderr).to.equal(4)
      expect(res.stdout).to.include(`fatal: [node2]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: ssh: connect to host ${ssh.hosts[2]!.address} port ${ssh.hosts[2]!.port}: Connection refused", "unreachable": true}`)
      expect(recapOf(res.stdout).node2).to.equal('ok=0 changed=0 unreachable=1 failed=0 skipped=0 rescued=0 ignored=0')
      if (oracle) {
        expect(res.code, oracle.stdout).to.equal(oracle.code)
        expect(recapOf(res.stdout), oracle.stdout).to.deep.equal(oracle.recap)
      }
    })

    it('with ignore_unreachable the host stays in the play: ok and ignored, exit 0', async () => {
      const { res, oracle } = await bothTools('ignore.yml')
      expect(res.code, res.stdout + res.stderr).to.equal(0)
      expect(res.stdout, res.stdout).to.match(/fatal: \[node2\]: UNREACHABLE! =>[^\n]*\n\.\.\.ignoring/)
      expect(recapOf(res.stdout).node2).to.equal('ok=2 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1')
      if (oracle) {
        expect(res.code, oracle.stdout).to.equal(oracle.code)
        expect(recapOf(res.stdout), oracle.stdout).to.deep.equal(oracle.recap)
      }
    })
  })
})
