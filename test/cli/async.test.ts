// async and poll through the CLI, with the lines and results ansible-playbook 2.14 gives:
// a polled job ("ASYNC POLL"/"ASYNC OK"), a job started with poll 0 and waited for with
// async_status, a job stopped at its limit, and the refusals (an action that cannot run
// async; check mode).
import { expect } from 'chai'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { scratch, tsplay } from './helpers.js'

function run(playbook: string, args: string[] = []) {
  const dir = scratch({ 'playbook.yml': playbook, hosts: 'node ansible_connection=local\n' })
  try {
    const r = tsplay(['-i', 'hosts', 'playbook.yml', ...args], dir)
    return { ...r, screen: r.stdout + r.stderr, file: (name: string) => readFileSync(join(dir, name), 'utf8') }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const play = (tasks: string) => `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}`

describe('async and poll', function () {
  this.timeout(60_000)

  it('poll > 0 waits for the job: POLL lines while it runs, then OK, and the job keys in the result', () => {
    const r = run(play(`
    - name: slow
      command: sleep 1.5
      async: 10
      poll: 1
      register: job
    - debug: { msg: "{{ job.finished }} {{ job.started }} {{ job.rc }} {{ job.ansible_job_id is match('j[0-9]+[.][0-9]+') }}" }
`))
    expect(r.code, r.screen).to.equal(0)
    expect(r.screen).to.match(/ASYNC POLL on node: jid=j\d+\.\d+ started=1 finished=0\nASYNC OK on node: jid=j\d+\.\d+\nchanged: \[node\]/)
    expect(r.screen).to.include('"msg": "1 1 0 True"')
  })

  it('poll 0 returns at once; async_status reports finished 0, then the result', () => {
    const r = run(play(`
    - name: background
      shell: sleep 1; echo done
      async: 20
      poll: 0
      register: bg
    - debug: { msg: "started={{ bg.started }} finished={{ bg.finished }} changed={{ bg.changed }}" }
    - name: wait
      async_status: { jid: "{{ bg.ansible_job_id }}" }
      register: job
      until: job.finished
      retries: 20
      delay: 0.3
    - debug: { msg: "{{ job.stdout }} {{ job.finished }}" }
    - async_status: { jid: "{{ bg.ansible_job_id }}", mode: cleanup }
    - async_status: { jid: "{{ bg.ansible_job_id }}" }
      ignore_errors: true
`))
    expect(r.code, r.screen).to.equal(0)
    expect(r.screen).to.include('"msg": "started=1 finished=0 changed=True"')
    expect(r.screen).to.match(/FAILED - RETRYING: \[node\]: wait \(20 retries left\)/)
    expect(r.screen).to.include('"msg": "done 1"')
    expect(r.screen).to.include('"msg": "could not find job"')
  })

  it('a job past its limit is stopped and the task fails with Ansible\'s message', () => {
    const started = Date.now()
    const r = run(play(`
    - name: too slow
      command: sleep 30
      async: 2
      poll: 1
`))
    expect(r.code, r.screen).to.equal(2)
    expect(r.screen.match(/ASYNC POLL on node/g)).to.have.length(2)
    expect(r.screen).to.include('ASYNC FAILED on node')
    expect(r.screen).to.include('"msg": "async task did not complete within the requested time - 2s"')
    expect(Date.now() - started).to.be.below(15_000)
  })

  it('refuses actions that cannot run async, and async in check mode', () => {
    const r = run(play(`
    - debug: { msg: hi }
      async: 5
      ignore_errors: true
    - command: "true"
      async: 5
      poll: 1
      check_mode: true
      ignore_errors: true
`))
    expect(r.code, r.screen).to.equal(0)
    expect(r.screen).to.include('"msg": "async is not supported for this task."')
    expect(r.screen).to.include('"msg": "check mode and async cannot be used on same task."')
  })
})
