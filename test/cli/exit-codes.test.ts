// Exit codes and host isolation as ansible-playbook has them: 0 ok, 1 error, 2 failed
// hosts, 4 unreachable hosts (or a parse error), 5 bad options; one host's trouble never
// stops the others.
import { expect } from 'chai'
import { rmSync } from 'node:fs'
import { scratch, tsplay } from './helpers.js'

const inventory = 'good ansible_connection=local\nbad ansible_connection=nowhere\nother ansible_connection=local\n'

function run(playbook: string, args: string[] = []) {
  const dir = scratch({ 'playbook.yml': playbook, hosts: inventory })
  try {
    return tsplay(['-i', 'hosts', 'playbook.yml', ...args], dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('exit codes and unreachable hosts', function () {
  this.timeout(60_000)
  it('0 when every host is fine', () => {
    expect(run('- hosts: good,other\n  gather_facts: false\n  tasks: [{ debug: { msg: hi } }]\n').code).to.equal(0)
  })
  it('2 when a host failed, and the other hosts go on', () => {
    const res = run('- hosts: good,other\n  gather_facts: false\n  tasks:\n    - fail: { msg: boom }\n      when: inventory_hostname == "good"\n    - debug: { msg: still here }\n')
    expect(res.code).to.equal(2)
    expect(res.stdout).to.match(/ok: \[other\] => \{\s+"msg": "still here"/)
    expect(res.stdout).to.match(/good\s+: ok=0\s+changed=0\s+unreachable=0\s+failed=1/)
  })
  it('4 when a host is unreachable; the others finish the play', () => {
    const res = run('- hosts: all\n  gather_facts: false\n  tasks:\n    - command: "true"\n    - debug: { msg: after }\n')
    expect(res.code).to.equal(4)
    expect(res.stdout).to.match(/fatal: \[bad\]: UNREACHABLE!/)
    expect(res.stdout).to.match(/ok: \[other\] => \{\s+"msg": "after"/)
    expect(res.stdout).to.match(/bad\s+: ok=0\s+changed=0\s+unreachable=1/)
  })
  it('ignore_unreachable lets the host go on', () => {
    const res = run('- hosts: bad\n  gather_facts: false\n  tasks:\n    - command: "true"\n      ignore_unreachable: true\n    - debug: { msg: after }\n')
    expect(res.stdout).to.match(/ok: \[bad\] => \{\s+"msg": "after"/)
  })
  it('5 for a bad option, 1 for a missing playbook, 4 for a parse error', () => {
    expect(run('- hosts: all\n  tasks: []\n', ['--no-such-flag']).code).to.equal(5)
    const dir = scratch({})
    try {
      expect(tsplay(['missing.yml'], dir).code).to.equal(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    expect(run('- hosts: all\n  tasks:\n    - debug: msg=a\n     bad: indent\n').code).to.equal(4)
  })
  it('JSON output carries every result and the stats', () => {
    const res = run('- hosts: good\n  gather_facts: false\n  tasks: [{ debug: { msg: hi } }]\n', ['--output', 'json'])
    const doc = JSON.parse(res.stdout) as { plays: { tasks: { hosts: Record<string, { msg: string }> }[] }[]; stats: Record<string, { ok: number }> }
    expect(doc.plays[0].tasks[0].hosts.good.msg).to.equal('hi')
    expect(doc.stats.good.ok).to.equal(1)
  })
})
