// Ctrl-C while long commands run over SSH: the CLI is started as a shell starts a foreground
// job (its own process group) and gets SIGINT like a terminal sends it. Like ansible-playbook
// it exits 99 with "[ERROR]: User interrupted execution" and no recap — and unlike it, the
// remote commands are signalled (sshd passes the signal to them), so nothing is left running
// on the targets: on one host as the login user, on the other under sudo.
import { expect } from 'chai'
import { rmSync } from 'node:fs'
import { scratch } from '../cli/helpers.js'
import { commandsAnywhere, commandsUnder, startTsplay, waitFor } from './cli-run.js'
import { useSshHosts } from './fixture.js'
import { TEST_USER } from './lab.js'

/** An unusual duration, so the test finds exactly its own sleep processes. */
const SLEEP = ['sleep', '61.25']

describe('Ctrl-C over SSH', function () {
  this.timeout(90_000)
  const ssh = useSshHosts(2)
  let dir = ''

  before(function () {
    if (!ssh.lab) this.skip()
    const hosts = ssh.hosts.map((h, i) =>
      `node${i} ansible_host=${h.address} ansible_port=${h.port} ansible_user=${TEST_USER} ansible_ssh_private_key_file=${ssh.lab.keys.ed25519.file} ansible_ssh_common_args="-o UserKnownHostsFile=${ssh.knownHosts}"`,
    )
    dir = scratch({
      hosts: `[lab]\n${hosts.join('\n')}\n`,
      'playbook.yml': [
        '- hosts: lab',
        '  gather_facts: false',
        '  tasks:',
        '    - name: a long command, under sudo on node1',
        `      command: ${SLEEP.join(' ')}`,
        "      become: \"{{ inventory_hostname == 'node1' }}\"",
        '    - name: never reached',
        '      debug: { msg: unreachable code }',
        '',
      ].join('\n'),
    })
  })
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('exits 99 with "User interrupted execution" within seconds, and the remote commands are gone', async () => {
    const run = startTsplay(['-i', 'hosts', 'playbook.yml'], dir)
    try {
      const bothRunning = await waitFor(() => ssh.hosts.every((h) => commandsUnder(h.pid, SLEEP).length === 1), 20_000)
      expect(bothRunning, `the sleeps did not start on both hosts:\n${run.stdout}`).to.equal(true)
      const sentAt = Date.now()
      process.kill(-run.child.pid!, 'SIGINT')
      const res = await run.done
      const stoppedIn = Date.now() - sentAt
      expect(res.code, res.stdout + res.stderr).to.equal(99)
      expect(res.stderr).to.include('[ERROR]: User interrupted execution')
      expect(res.stdout).not.to.include('never reached')
      expect(res.stdout).not.to.include('PLAY RECAP')
      expect(stoppedIn, 'ms from SIGINT to exit').to.be.below(5000)
      // The sleeps were signalled through their channels, not left to run out their minute.
      const gone = await waitFor(() => commandsAnywhere(SLEEP).length === 0, 3000)
      expect(gone, `still running: ${commandsAnywhere(SLEEP).join(', ')}`).to.equal(true)
    } finally {
      run.child.kill('SIGKILL')
    }
  })
})
