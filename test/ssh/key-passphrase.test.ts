// An encrypted identity file given with --private-key, end to end through the CLI: on a
// terminal its passphrase is asked once for all hosts (as ssh asks, but not per host);
// ansible_ssh_pass opens it where given; without a terminal and a passphrase the hosts are
// unreachable with the reason. The passphrase never shows.
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { scratch } from '../cli/helpers.js'
import { cliArgv, runOnTerminal } from './cli-run.js'
import { useSshHosts } from './fixture.js'
import { KEY_PASSPHRASE, TEST_USER } from './lab.js'

describe('an encrypted private key (--private-key) over SSH', function () {
  this.timeout(120_000)
  const ssh = useSshHosts(2)
  let dir = ''
  let key = ''

  /** No other key to offer: an empty HOME (no ~/.ssh/id_*) and no agent. */
  function environment(): NodeJS.ProcessEnv {
    const { SSH_AUTH_SOCK: _agent, ...env } = process.env
    return { ...env, HOME: join(dir, 'home'), ANSIBLE_NOCOLOR: '1', ANSIBLE_CONFIG: '/dev/null' }
  }

  function runPiped(args: string[]): { code: number; screen: string } {
    const [file, ...rest] = cliArgv(args)
    const res = spawnSync(file!, rest, { cwd: dir, input: '', encoding: 'utf8', timeout: 60_000, env: environment() })
    return { code: res.status ?? -1, screen: res.stdout + res.stderr }
  }

  before(function () {
    if (!ssh.lab) this.skip()
    key = ssh.lab.keys.encrypted.file
    const line = (name: string, i: number) =>
      `${name} ansible_host=${ssh.hosts[i]!.address} ansible_port=${ssh.hosts[i]!.port} ansible_user=${TEST_USER} ansible_ssh_common_args="-o UserKnownHostsFile=${ssh.knownHosts}"`
    dir = scratch({
      hosts: `${line('node0', 0)}\n${line('node1', 1)}\n`,
      'playbook.yml': ['- hosts: all', '  gather_facts: false', '  tasks:', '    - command: id -un', '      changed_when: false', ''].join('\n'),
    })
    mkdirSync(join(dir, 'home'))
  })
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('on a terminal: asks once for both hosts, nothing typed is echoed, the play runs', async () => {
    const prompt = `Enter passphrase for key '${key}': `
    const run = await runOnTerminal(['-i', 'hosts', 'playbook.yml', '--private-key', key], { cwd: dir, env: environment(), answers: [[prompt, KEY_PASSPHRASE]] })
    expect(run.code, run.screen).to.equal(0)
    expect(run.screen.split(prompt.trimEnd()).length - 1, run.screen).to.equal(1)
    expect(run.screen).to.match(/node0\s+: ok=1\s+changed=0\s+unreachable=0\s+failed=0/)
    expect(run.screen).to.match(/node1\s+: ok=1\s+changed=0\s+unreachable=0\s+failed=0/)
    expect(run.screen).not.to.include(KEY_PASSPHRASE)
  })

  it('on a terminal: a wrong passphrase leaves the hosts unreachable, saying so', async () => {
    const prompt = `Enter passphrase for key '${key}': `
    const run = await runOnTerminal(['-i', 'hosts', 'playbook.yml', '--private-key', key], { cwd: dir, env: environment(), answers: [[prompt, 'not it']] })
    expect(run.code, run.screen).to.equal(4)
    expect(run.screen).to.include(`wrong passphrase for identity file ${key}`)
    expect(run.screen).to.match(/node1\s+: ok=0\s+changed=0\s+unreachable=1\s+failed=0/)
  })

  it('ansible_ssh_pass opens the key where given (no prompt)', () => {
    const run = runPiped(['-i', 'hosts', 'playbook.yml', '--private-key', key, '-e', `ansible_ssh_pass='${KEY_PASSPHRASE}'`])
    expect(run.code, run.screen).to.equal(0)
    expect(run.screen).not.to.include('Enter passphrase')
    expect(run.screen).to.match(/node1\s+: ok=1\s+changed=0\s+unreachable=0\s+failed=0/)
    expect(run.screen).not.to.include(KEY_PASSPHRASE)
  })

  it('without a terminal or passphrase: UNREACHABLE with the reason, exit 4', () => {
    const run = runPiped(['-i', 'hosts', 'playbook.yml', '--private-key', key])
    expect(run.code, run.screen).to.equal(4)
    expect(run.screen).to.include(`identity file ${key} is encrypted and no passphrase was given`)
    expect(run.screen).to.match(/node0\s+: ok=0\s+changed=0\s+unreachable=1\s+failed=0/)
  })
})
