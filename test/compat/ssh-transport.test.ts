import { expect } from 'chai'
import { dropSshClientChatter, rewriteInventory, sshTransport } from './ssh-transport.js'

const targets = {
  endpoints: [
    { address: '127.0.0.2', port: 22 },
    { address: '127.0.0.3', port: 2222 },
  ],
  user: 'tsplaytest',
  privateKeyFiles: { ansible: '/lab/rsa', tsplay: '/lab/ed25519' },
}

describe('compat over SSH: inventory rewriting', () => {
  it('sends each host to its own sshd, keeps its variables and the other sections, and adds the login', () => {
    const text = [
      '[computes]',
      'compute0 ansible_connection=local inline_var=from-inline',
      '',
      '# a comment',
      '[controllers]',
      'ctrl0 ansible_connection=local',
      '',
      '[lab:children]',
      'computes',
      '',
      '[computes:vars]',
      'level=computes-ini',
      '',
      '[again]',
      'compute0',
    ].join('\n')
    expect(rewriteInventory(text, 'hosts', targets, 'tsplay').split('\n')).to.deep.equal([
      '[computes]',
      'compute0 ansible_connection=ssh ansible_host=127.0.0.2 ansible_port=22 inline_var=from-inline',
      '',
      '# a comment',
      '[controllers]',
      'ctrl0 ansible_connection=ssh ansible_host=127.0.0.3 ansible_port=2222',
      '',
      '[lab:children]',
      'computes',
      '',
      '[computes:vars]',
      'level=computes-ini',
      '',
      '[again]',
      'compute0 ansible_connection=ssh ansible_host=127.0.0.2 ansible_port=22',
      '',
      '[all:vars]',
      'ansible_user=tsplaytest',
      'ansible_ssh_private_key_file=/lab/ed25519',
      'ansible_become=true',
      '',
    ])
  })

  it('gives each tool its own key', () => {
    expect(rewriteInventory('hv1\n', 'hosts', targets, 'ansible')).to.include('ansible_ssh_private_key_file=/lab/rsa\n')
  })

  it('refuses what it cannot rewrite faithfully', () => {
    expect(() => rewriteInventory('a\nb\nc\n', 'hosts', targets, 'tsplay')).to.throw(/more hosts than the 2 SSH test hosts \(at c\)/)
    expect(() => rewriteInventory('hv[1:3] ansible_connection=local\n', 'hosts', targets, 'ansible')).to.throw(/host ranges/)
    expect(() => rewriteInventory('[all:vars]\nansible_connection=local\n', 'hosts', targets, 'ansible')).to.throw(/:vars section/)
    expect(() => rewriteInventory('hv1 ansible_host=10.0.0.1\n', 'hosts', targets, 'ansible')).to.throw(/already has an address/)
  })

  it('drops only the ssh client chatter from results', () => {
    const observed = { plays: [{ stderr: 'Shared connection to 127.0.0.2 closed.\r\n', stdout: 'raw output\r\n' }] }
    expect(dropSshClientChatter(observed)).to.deep.equal({ plays: [{ stderr: '', stdout: 'raw output\r\n' }] })
  })

  it('gives ansible-playbook pipelining and leaves its remote temp folder to the login user', () => {
    const transport = sshTransport(targets)
    expect(transport.env.ANSIBLE_PIPELINING).to.equal('True')
    expect(transport.unsetEnv).to.deep.equal(['ANSIBLE_REMOTE_TEMP'])
  })
})
