// vars_prompt as ansible-playbook 2.14 asks it: on a terminal each variable not given with -e
// (hidden unless private: false, asked twice with confirm), without one a warning and the
// default — or "None".
import { expect } from 'chai'
import { rmSync } from 'node:fs'
import { runOnTerminal } from '../ssh/cli-run.js'
import { scratch, tsplay } from './helpers.js'

const playbook = `- hosts: all
  gather_facts: false
  vars_prompt:
    - name: who
      prompt: Who are you?
      private: false
    - name: secret
      prompt: Password
      default: "{{ 'x' ~ 'y' }}"
      confirm: true
    - name: given
      prompt: Given?
  tasks:
    - debug: { msg: "[{{ who }}] [{{ secret }}] [{{ given }}]" }
`

describe('vars_prompt', function () {
  this.timeout(60_000)
  let dir = ''
  before(() => {
    dir = scratch({ 'playbook.yml': playbook, hosts: 'node ansible_connection=local\n' })
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('without a terminal: warns, takes the defaults ("None" without one) and -e values', () => {
    const r = tsplay(['-i', 'hosts', 'playbook.yml', '-e', 'given=cli'], dir)
    expect(r.code, r.stdout + r.stderr).to.equal(0)
    expect(r.stdout + r.stderr).to.include('[WARNING]: Not prompting as we are not in interactive mode')
    expect(r.stdout).to.include('"msg": "[None] [xy] [cli]"')
  })

  it('on a terminal: asks each one, echoes only what is not private, confirms, and skips -e values', async () => {
    const env = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_CONFIG: '/dev/null' }
    const run = await runOnTerminal(['-i', 'hosts', 'playbook.yml', '-e', 'given=cli'], {
      cwd: dir,
      env,
      answers: [
        ['Who are you?: ', 'alice'],
        ['Password [xy]: ', 'hunter2'],
        ['confirm Password [xy]: ', 'hunter3'],
        ['Password [xy]: ', 'hunter2'],
        ['confirm Password [xy]: ', 'hunter2'],
      ],
    })
    expect(run.code, run.screen).to.equal(0)
    expect(run.screen).to.include('Who are you?: alice')
    expect(run.screen).to.include('***** VALUES ENTERED DO NOT MATCH ****')
    expect(run.screen).not.to.include('Given?')
    expect(run.screen).to.include('"msg": "[alice] [hunter2] [cli]"')
    // Typed, hidden: the only place it shows is the debug message.
    expect(run.screen.split('hunter2').length - 1, JSON.stringify(run.screen)).to.equal(1)
    expect(run.screen).not.to.include('hunter3')
  })
})
