// A playbook over SSH end to end, through the CLI as a user runs it: two loopback sshd
// hosts, key login, host keys checked against a known_hosts file, become to root, file
// modules over SFTP, a second run that changes nothing, and check mode that touches nothing.
import { expect } from 'chai'
import { existsSync, rmSync } from 'node:fs'
import { scratch, tsplay } from '../cli/helpers.js'
import { useSshHosts } from './fixture.js'
import { TEST_USER } from './lab.js'

describe('playbook over SSH (CLI)', function () {
  this.timeout(120_000)
  const ssh = useSshHosts(2)
  let dir = ''

  before(function () {
    const hosts = ssh.hosts.map((h, i) => [
      `node${i} ansible_host=${h.address} ansible_port=${h.port} ansible_user=${TEST_USER}`,
      `ansible_ssh_private_key_file=${ssh.lab.keys.ed25519.file}`,
      `ansible_ssh_common_args="-o UserKnownHostsFile=${ssh.knownHosts}"`,
    ].join(' '))
    const target = `${ssh.lab.scratch}/motd-{{ inventory_hostname }}`
    dir = scratch({
      hosts: `[lab]\n${hosts.join('\n')}\n`,
      'playbook.yml': [
        '- hosts: lab',
        '  gather_facts: true',
        '  tasks:',
        '    - command: whoami',
        '      register: plain',
        '      changed_when: false',
        '      check_mode: false',
        '    - command: whoami',
        '      become: true',
        '      register: elevated',
        '      changed_when: false',
        '      check_mode: false',
        '    - assert:',
        `        that: ["plain.stdout == '${TEST_USER}'", "elevated.stdout == 'root'", "ansible_system == 'Linux'"]`,
        '    - copy:',
        `        dest: "${target}"`,
        '        content: "lab host {{ inventory_hostname }}\\n"',
        '        mode: "0640"',
        '',
      ].join('\n'),
    })
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('check mode reports the change and writes nothing', () => {
    const res = tsplay(['-i', 'hosts', 'playbook.yml', '--check'], dir)
    expect(res.code, res.stdout + res.stderr).to.equal(0)
    expect(res.stdout).to.match(/node0\s+: ok=5\s+changed=1/)
    expect(existsSync(`${ssh.lab.scratch}/motd-node0`)).to.equal(false)
  })
  it('runs on every host, then a second run changes nothing', () => {
    const first = tsplay(['-i', 'hosts', 'playbook.yml'], dir)
    expect(first.code, first.stdout + first.stderr).to.equal(0)
    expect(first.stdout).to.match(/node1\s+: ok=5\s+changed=1\s+unreachable=0\s+failed=0/)
    const second = tsplay(['-i', 'hosts', 'playbook.yml'], dir)
    expect(second.stdout).to.match(/node0\s+: ok=5\s+changed=0/)
    expect(second.stdout).to.match(/node1\s+: ok=5\s+changed=0/)
  })
  it('an unknown host key is refused with OpenSSH wording; the host is unreachable (exit 4)', () => {
    const res = tsplay(['-i', 'hosts', 'playbook.yml', '-e', 'ansible_ssh_common_args="-o UserKnownHostsFile=/dev/null"'], dir)
    expect(res.code).to.equal(4)
    expect(res.stdout).to.match(/UNREACHABLE!/)
    expect(res.stdout).to.match(/[Hh]ost key/)
  })
})
