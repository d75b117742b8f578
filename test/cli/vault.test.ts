// Vault-encrypted files and values through the CLI, as ansible-playbook reads them: whole files
// (vars_files, group_vars, include_vars, -e @file) and inline `!vault` values, with the password
// from a file, a script, a prompt, --vault-id label@source or ansible.cfg; without one, a
// vaulted file stops the run (exit 1) and an inline value fails only the task that uses it.
import { expect } from 'chai'
import { chmodSync, copyFileSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot, scratch, tsplay } from './helpers.js'

const fixtures = join(repoRoot, 'test', 'fixtures', 'vault')
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8')

describe('vault', function () {
  this.timeout(60_000)
  let dir = ''
  before(() => {
    dir = scratch({
      hosts: 'node ansible_connection=local\n[lab]\nnode\n',
      'group_vars/lab.yml': fixture('vars-1.2-lab.yml'),
      'vars/secret.yml': fixture('vars-1.1.yml'),
      'vars/inline.yml': fixture('inline.yml'),
      'extra.yml': fixture('vars-1.1.yml'),
      'password.txt': 'letmein\n',
      'password.sh': '#!/bin/sh\necho letmein\n',
      'ansible.cfg': '[defaults]\nvault_password_file = password.txt\n',
      'playbook.yml': [
        '- hosts: all',
        '  gather_facts: false',
        '  vars_files: [vars/secret.yml, vars/inline.yml]',
        '  tasks:',
        '    - include_vars: { file: vars/secret.yml, name: included }',
        '    - debug: { msg: "{{ db_password }} {{ ports }} {{ api_key }} {{ included.db_password }}" }',
        '',
      ].join('\n'),
      'files/secret.conf': fixture('vars-1.1.yml'),
      'out/.keep': '',
      'templates/secret.j2': fixture('vars-1.1.yml'),
      'files.yml': [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        '    - copy: { src: secret.conf, dest: "{{ playbook_dir }}/out/plain.conf" }',
        '    - copy: { src: secret.conf, dest: "{{ playbook_dir }}/out/still-encrypted.conf", decrypt: false }',
        '    - template: { src: secret.j2, dest: "{{ playbook_dir }}/out/rendered.conf" }',
        '',
      ].join('\n'),
      'inline-only.yml': [
        '- hosts: all',
        '  gather_facts: false',
        '  vars_files: [vars/inline.yml]',
        '  tasks:',
        '    - debug: { msg: not using it }',
        '    - debug: { msg: "{{ api_key }}" }',
        '',
      ].join('\n'),
    })
    chmodSync(join(dir, 'password.sh'), 0o755)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const expected = '"msg": "s3cret [6230, 6231] inline-secret s3cret"'

  it('reads vaulted vars files, group_vars (vault id lab), include_vars and inline values', () => {
    const r = tsplay(['-i', 'hosts', 'playbook.yml', '--vault-id', 'lab@password.txt', '--vault-password-file', 'password.txt'], dir)
    expect(r.code, r.stdout + r.stderr).to.equal(0)
    expect(r.stdout).to.include(expected)
  })

  it('takes the password from an executable, a prompt (-J), or ansible.cfg', () => {
    expect(tsplay(['-i', 'hosts', 'playbook.yml', '--vault-password-file', 'password.sh'], dir).stdout).to.include(expected)
    const asked = tsplay(['-i', 'hosts', 'playbook.yml', '-J'], dir, {}, 'letmein\n')
    expect(asked.stderr).to.include('Vault password: ')
    expect(asked.stdout).to.include(expected)
    expect(tsplay(['-i', 'hosts', 'playbook.yml'], dir, { ANSIBLE_CONFIG: join(dir, 'ansible.cfg') }).stdout).to.include(expected)
  })

  it('reads a vaulted -e @file', () => {
    copyFileSync(join(fixtures, 'vars-1.1.yml'), join(dir, 'extra.yml'))
    const r = tsplay(['-i', 'hosts', 'inline-only.yml', '-e', '@extra.yml', '--vault-password-file', 'password.txt'], dir)
    expect(r.code, r.stdout + r.stderr).to.equal(0)
  })

  it('copy decrypts vaulted source files (unless decrypt: false), template reads vaulted templates', () => {
    const r = tsplay(['-i', 'node,', '-c', 'local', 'files.yml', '--vault-password-file', 'password.txt'], dir)
    expect(r.code, r.stdout + r.stderr).to.equal(0)
    const plain = 'db_password: s3cret\nports: [6230, 6231]\n'
    expect(readFileSync(join(dir, 'out', 'plain.conf'), 'utf8')).to.equal(plain)
    expect(readFileSync(join(dir, 'out', 'still-encrypted.conf'), 'utf8')).to.equal(fixture('vars-1.1.yml'))
    expect(readFileSync(join(dir, 'out', 'rendered.conf'), 'utf8')).to.equal(plain)
  })

  it('without a password: a vaulted file stops the run, naming it (exit 1)', () => {
    const r = tsplay(['-i', 'hosts', 'playbook.yml'], dir)
    expect(r.code, r.stdout + r.stderr).to.equal(1)
    expect(r.stderr).to.match(/ERROR! Attempting to decrypt but no vault secrets found on \S+(group_vars\/lab\.yml|vars\/secret\.yml)/)
  })

  it('without a password: an inline value fails only the task that uses it, pointing at it (exit 2)', () => {
    const r = tsplay(['-i', 'node,', '-c', 'local', 'inline-only.yml'], dir)
    expect(r.code, r.stdout + r.stderr).to.equal(2)
    expect(r.stdout).to.include('"msg": "not using it"')
    expect(r.stdout).to.match(/vars\/inline\.yml:1:10: Attempting to decrypt but no vault secrets found/)
  })

  it('a wrong password says so', () => {
    const r = tsplay(['-i', 'hosts', 'playbook.yml', '-J'], dir, {}, 'wrong\n')
    expect(r.code).to.equal(1)
    expect(r.stderr).to.include('Decryption failed (no vault secrets were found that could decrypt)')
  })
})
