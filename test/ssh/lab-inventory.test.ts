// inventories/lab as shipped: it passes --syntax-check and --list-tasks, and a --check run
// over SSH against two loopback test hosts standing in for the hypervisor and undercloud-0
// (reached through the hypervisor with ProxyJump, as the inventory says) completes without
// a failure and changes nothing on them. Only the addresses, user and key are overridden,
// by a second inventory source, as a user fills in HYPERVISOR_ADDRESS.
import { expect } from 'chai'
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot, scratch, tsplay } from '../cli/helpers.js'
import { useSshHosts } from './fixture.js'
import { TEST_USER } from './lab.js'

describe('inventories/lab', function () {
  this.timeout(180_000)
  const ssh = useSshHosts(2)
  let dir = ''

  before(function () {
    const [hypervisor, undercloud] = ssh.hosts
    dir = scratch({})
    // -F reaches the jump connection too (as with OpenSSH, -o options apply to the target only).
    writeFileSync(join(dir, 'ssh_config'), `Host *\n  UserKnownHostsFile ${ssh.knownHosts}\n  IdentityFile ${ssh.lab.keys.ed25519.file}\n`)
    const common = `ansible_user=${TEST_USER} ansible_ssh_private_key_file=${ssh.lab.keys.ed25519.file} ansible_ssh_extra_args="-F ${join(dir, 'ssh_config')}"`
    writeFileSync(join(dir, 'test-hosts'), [
      `hypervisor ansible_host=${hypervisor!.address} ansible_port=${hypervisor!.port} ${common}`,
      `undercloud-0 ansible_host=${undercloud!.address} ansible_port=${undercloud!.port} ${common}`,
      '',
    ].join('\n'))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  // As users run it: from the repository root, with its ansible.cfg (roles_path = roles).
  const lab = (...args: string[]) => tsplay([`${repoRoot}/playbooks/lab.yml`, '-i', `${repoRoot}/inventories/lab`, ...args], repoRoot, { ANSIBLE_CONFIG: `${repoRoot}/ansible.cfg` })

  it('passes --syntax-check', () => {
    const res = lab('--syntax-check')
    expect(res.code, res.stdout + res.stderr).to.equal(0)
  })

  it('lists the six phases with their tags', () => {
    const res = lab('--list-tasks')
    expect(res.code, res.stderr).to.equal(0)
    for (const tag of ['hypervisor', 'networks', 'vms', 'bmc', 'undercloud', 'introspection']) expect(res.stdout).to.include(`TAGS: [${tag}]`)
  })

  it('--check over SSH (ProxyJump to undercloud-0) completes and changes nothing', () => {
    const before = readdirSync(ssh.lab.scratch).sort()
    const res = lab('-i', `${dir}/test-hosts`, '--check', '-e', 'lab_orchestrator_public_key="ssh-ed25519 AAAATEST lab"', '-e', '{"undercloud_tripleo_packages": []}')
    expect(res.code, res.stdout.slice(-5000) + res.stderr).to.equal(0)
    expect(res.stdout).to.match(/hypervisor\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/)
    expect(res.stdout).to.match(/undercloud-0\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/)
    expect(readdirSync(ssh.lab.scratch).sort()).to.deep.equal(before)
  })
})
