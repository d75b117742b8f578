// -k/--ask-pass and -K/--ask-become-pass end to end through the CLI: an sshd that accepts
// passwords (no key is offered: private HOME, no agent) and a sudo rule that wants the login
// user's password (tsplaytest → tsplayother, test/ssh/lab.ts). The answers come from piped
// stdin, and from a pseudo-terminal (util-linux `script`) as a user types them. The password
// must never show: not on screen (not even echoed by the terminal), not in the log file,
// not with -vvvv.
import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { scratch } from '../cli/helpers.js'
import { cliArgv, runOnTerminal } from './cli-run.js'
import { useSshHosts } from './fixture.js'
import { OTHER_USER, TEST_USER } from './lab.js'

interface Run {
  code: number
  /** Everything the user saw: stdout and stderr (one stream under a terminal). */
  screen: string
  log: string
}

describe('asking for passwords (-k, -K) over SSH', function () {
  this.timeout(120_000)
  const ssh = useSshHosts(1, { passwordAuth: true })
  let dir = ''
  const logFile = () => join(dir, 'tsplay.log')

  /** No key to offer: an empty HOME (no ~/.ssh/id_*) and no agent. */
  function environment(): NodeJS.ProcessEnv {
    const { SSH_AUTH_SOCK: _agent, ...env } = process.env
    return { ...env, HOME: join(dir, 'home'), ANSIBLE_NOCOLOR: '1', ANSIBLE_CONFIG: '/dev/null', ANSIBLE_LOG_PATH: logFile() }
  }

  function readLog(): string {
    const log = existsSync(logFile()) ? readFileSync(logFile(), 'utf8') : ''
    rmSync(logFile(), { force: true })
    return log
  }

  /** Answers from a pipe, one line per prompt. */
  function runPiped(args: string[], input: string): Run {
    const [file, ...rest] = cliArgv(args)
    const res = spawnSync(file!, rest, { cwd: dir, input, encoding: 'utf8', timeout: 60_000, env: environment() })
    return { code: res.status ?? -1, screen: res.stdout + res.stderr, log: readLog() }
  }

  /** Answers typed on a terminal when each prompt shows. */
  async function typed(args: string[], answers: Record<string, string>): Promise<Run> {
    const run = await runOnTerminal(args, { cwd: dir, env: environment(), answers: Object.entries(answers) })
    return { ...run, log: readLog() }
  }

  before(function () {
    if (!ssh.lab) this.skip()
    const host = ssh.hosts[0]!
    dir = scratch({
      hosts: `node0 ansible_host=${host.address} ansible_port=${host.port} ansible_user=${TEST_USER} ansible_ssh_common_args="-o UserKnownHostsFile=${ssh.knownHosts}"\n`,
      'playbook.yml': [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        '    - name: as the login user',
        '      command: id -un',
        '      register: plain',
        '      changed_when: false',
        '    - name: as another user, through sudo with a password',
        '      command: id -un',
        '      become: true',
        `      become_user: ${OTHER_USER}`,
        '      register: other',
        '      changed_when: false',
        '    - name: show both',
        '      debug:',
        '        msg: "{{ plain.stdout }} then {{ other.stdout }}"',
        '',
      ].join('\n'),
    })
    mkdirSync(join(dir, 'home'))
  })
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const expectNoPassword = (run: Run, password: string) => {
    expect(run.screen, 'screen').not.to.include(password)
    expect(run.log, 'log file').not.to.include(password)
  }

  it('-k -K from piped stdin: an empty become answer means the SSH password', () => {
    const run = runPiped(['-i', 'hosts', 'playbook.yml', '-k', '-K', '-vvvv'], `${ssh.lab.password}\n\n`)
    expect(run.code, run.screen).to.equal(0)
    expect(run.screen).to.include('SSH password: ')
    expect(run.screen).to.include('BECOME password[defaults to SSH password]: ')
    expect(run.screen).to.include(`${TEST_USER} then ${OTHER_USER}`)
    expect(run.log).to.include(`${TEST_USER} then ${OTHER_USER}`)
    expectNoPassword(run, ssh.lab.password)
  })

  it('-K alone asks "BECOME password: "; the connection uses the inventory password then', () => {
    // ansible_password from -e stands in for a vaulted inventory password; -e values are not logged.
    const run = runPiped(['-i', 'hosts', 'playbook.yml', '-K', '-e', `ansible_password=${ssh.lab.password}`], `${ssh.lab.password}\n`)
    expect(run.code, run.screen).to.equal(0)
    expect(run.screen).to.match(/^BECOME password: /m)
    expect(run.screen).not.to.include('SSH password')
    expect(run.screen).to.include(`${TEST_USER} then ${OTHER_USER}`)
  })

  it('on a terminal: prompts shown, nothing typed is echoed, the play runs', async () => {
    const run = await typed(['-i', 'hosts', 'playbook.yml', '--ask-pass', '--ask-become-pass'], {
      'SSH password:': ssh.lab.password,
      'BECOME password[defaults to SSH password]:': ssh.lab.password,
    })
    expect(run.code, run.screen).to.equal(0)
    expect(run.screen).to.include(`${TEST_USER} then ${OTHER_USER}`)
    expect(run.screen).to.match(/node0\s+: ok=3\s+changed=0\s+unreachable=0\s+failed=0/)
    expectNoPassword(run, ssh.lab.password)
  })

  it('a wrong become password fails the sudo task only, without showing the password', () => {
    const wrong = 'not-the-password-4711'
    const run = runPiped(['-i', 'hosts', 'playbook.yml', '-k', '-K'], `${ssh.lab.password}\n${wrong}\n`)
    expect(run.code, run.screen).to.equal(2)
    // Ansible's wording, instead of sudo's "Sorry, try again" and its exit code.
    expect(run.screen).to.include('fatal: [node0]: FAILED! => {"changed": false, "msg": "Incorrect sudo password"}')
    expect(run.screen).to.match(/node0\s+: ok=1\s+changed=0\s+unreachable=0\s+failed=1/)
    expectNoPassword(run, wrong)
    expectNoPassword(run, ssh.lab.password)
  })

  it('a wrong SSH password makes the host unreachable (exit 4), without showing the password', () => {
    const wrong = 'wrong-ssh-password-0815'
    const run = runPiped(['-i', 'hosts', 'playbook.yml', '-k'], `${wrong}\n`)
    expect(run.code, run.screen).to.equal(4)
    expect(run.screen).to.match(/UNREACHABLE!/)
    expect(run.screen).to.match(/Permission denied/)
    expectNoPassword(run, wrong)
  })
})
