// no_log: a secret never reaches the screen (at any verbosity, nor in --diff), the JSON output or the log file.
import { expect } from 'chai'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { scratch, tsplay } from './helpers.js'

const SECRET = 'hunter2-s3cret'
const playbook = `- hosts: localhost
  gather_facts: false
  vars: { password: ${SECRET} }
  tasks:
    - debug: { msg: "{{ password }}" }
      no_log: true
    - command: echo {{ password }}
      no_log: true
    - debug: { msg: "{{ item }}" }
      loop: ["{{ password }}"]
      no_log: true
    - fail: { msg: "bad {{ password }}" }
      no_log: true
      ignore_errors: true
    - copy: { content: "user {{ password }}\\n", dest: "{{ playbook_dir }}/secret.txt" }
      no_log: true
    - copy: { content: "{{ item }}\\n", dest: "{{ playbook_dir }}/secret-{{ index }}.txt" }
      loop: ["{{ password }}"]
      loop_control: { index_var: index }
      no_log: true
`

describe('no_log', function () {
  this.timeout(60_000)
  for (const args of [[], ['-vvv'], ['--diff'], ['--diff', '-vvv'], ['--output', 'json']]) {
    it(`hides the secret with ${args.join(' ') || 'default output'} and in the log file`, () => {
      const dir = scratch({ 'playbook.yml': playbook })
      try {
        const log = join(dir, 'run.log')
        const res = tsplay(['-i', 'localhost,', '-c', 'local', 'playbook.yml', ...args], dir, { TSPLAY_LOG: log })
        expect(res.code, res.stderr).to.equal(0)
        expect(res.stdout + res.stderr).to.not.include(SECRET)
        expect(res.stdout).to.include('censored')
        expect(readFileSync(log, 'utf8')).to.not.include(SECRET)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  }
})
