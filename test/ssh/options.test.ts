import { expect } from 'chai'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { ParseError } from '../../engine/errors.js'
import { parseSshArgs, splitShellWords } from '../../engine/connection/ssh-args.js'
import { sshConfigFor } from '../../engine/connection/ssh-config.js'
import { sshOptionsFor, type SshSettings } from '../../engine/connection/ssh-options.js'

describe('sshOptionsFor', () => {
  let dir: string
  let configFile: string
  let settings: SshSettings
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsplay-sshcfg-'))
    configFile = join(dir, 'config')
    writeFileSync(join(dir, 'lab.conf'), ['Host undercloud', '  HostName 192.168.24.2', '  User stack', '  ProxyJump hypervisor', ''].join('\n'))
    writeFileSync(
      configFile,
      [
        `Include ${join(dir, '*.conf')}`,
        'Host hypervisor',
        '  HostName 10.0.0.1',
        '  User admin',
        '  Port 2200',
        '  IdentityFile ~/.ssh/lab_%r_key',
        '  StrictHostKeyChecking accept-new',
        '  UserKnownHostsFile ~/.ssh/lab_known_hosts /etc/lab_hosts',
        'Host *.lab',
        '  User fromwildcard',
        '  ServerAliveInterval 5',
        '  ServerAliveCountMax 2',
        '  ConnectionAttempts 3',
        'Host web.lab',
        '  User ignored-first-wins',
        'Host *',
        '  IdentityAgent none',
        '',
      ].join('\n'),
    )
    settings = {
      remoteUser: undefined,
      remotePort: undefined,
      privateKeyFile: undefined,
      timeout: 10,
      hostKeyChecking: true,
      sshArgs: `-C -o ControlMaster=auto -o ControlPersist=60s -F ${configFile}`,
      sshCommonArgs: '',
      sshExtraArgs: '',
      reconnectionRetries: 0,
    }
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('maps the inventory variables', () => {
    const o = sshOptionsFor(
      { inventory_hostname: 'db1', ansible_host: '10.1.1.1', ansible_port: 2222, ansible_user: 'ops', ansible_ssh_private_key_file: '/keys/id', ansible_ssh_pass: 'pw', ansible_ssh_timeout: 7 },
      settings,
    )
    expect(o).to.deep.equal({
      host: '10.1.1.1',
      port: 2222,
      name: 'db1',
      user: 'ops',
      privateKeyFiles: ['/keys/id'],
      password: 'pw',
      hostKeyChecking: 'yes',
      connectTimeoutMs: 7000,
      agentSocket: false,
      reconnectionRetries: 0,
    })
  })

  it('falls back to ansible.cfg values and turns host key checking off when asked', () => {
    const o = sshOptionsFor({ inventory_hostname: 'db1' }, { ...settings, remoteUser: 'cfguser', remotePort: 2022, privateKeyFile: '/cfg/key', hostKeyChecking: false, timeout: 3 })
    expect(o).to.include({ host: 'db1', user: 'cfguser', port: 2022, hostKeyChecking: 'no', connectTimeoutMs: 3000 })
    expect(o.privateKeyFiles).to.deep.equal(['/cfg/key'])
    expect(sshOptionsFor({ inventory_hostname: 'db1', ansible_host_key_checking: false }, settings).hostKeyChecking).to.equal('no')
  })

  it('reads ProxyJump, StrictHostKeyChecking and UserKnownHostsFile from ansible_ssh_common_args', () => {
    const o = sshOptionsFor(
      {
        inventory_hostname: 'vm',
        ansible_host: '192.168.122.10',
        ansible_ssh_common_args: "-o ProxyJump=root@10.9.9.9:2201 -o 'StrictHostKeyChecking accept-new' -oUserKnownHostsFile=/tmp/kh",
      },
      settings,
    )
    expect(o).to.include({ host: '192.168.122.10', hostKeyChecking: 'accept-new' })
    expect(o.knownHostsFiles).to.deep.equal(['/tmp/kh'])
    expect(o.proxyJump).to.have.length(1)
    expect(o.proxyJump![0]).to.include({ host: '10.9.9.9', port: 2201, user: 'root', hostKeyChecking: 'yes' })
  })

  it('takes -J, -p, -i and -l, with Ansible’s own options winning as the first given', () => {
    const o = sshOptionsFor({ inventory_hostname: 'x', ansible_port: 22, ansible_ssh_extra_args: '-p 2022 -i /k2 -J a@j1,j2:2 -l other' }, { ...settings, privateKeyFile: '/k1' })
    expect(o).to.include({ port: 22, user: 'other' })
    expect(o.privateKeyFiles).to.deep.equal(['/k1', '/k2'])
    expect(o.proxyJump!.map((j) => [j.user, j.host, j.port])).to.deep.equal([
      ['a', 'j1', 22],
      [undefined, 'j2', 2],
    ])
  })

  it('applies ~/.ssh/config (or -F) to the target and to each jump host, through Include', () => {
    const o = sshOptionsFor({ inventory_hostname: 'undercloud' }, settings)
    expect(o).to.include({ host: '192.168.24.2', user: 'stack', port: 22, agentSocket: false })
    const [hv] = o.proxyJump!
    expect(hv).to.include({ host: '10.0.0.1', user: 'admin', port: 2200, hostKeyChecking: 'accept-new', name: 'hypervisor' })
    expect(hv!.privateKeyFiles).to.deep.equal([join(homedir(), '.ssh/lab_admin_key')])
    expect(hv!.knownHostsFiles).to.deep.equal([join(homedir(), '.ssh/lab_known_hosts'), '/etc/lab_hosts'])
  })

  it('matches wildcard Host blocks with the first value winning', () => {
    const o = sshOptionsFor({ inventory_hostname: 'web.lab' }, settings)
    expect(o).to.include({ user: 'fromwildcard', keepaliveIntervalMs: 5000, keepaliveCountMax: 2, reconnectionRetries: 2 })
  })

  it('refuses what it cannot honour, saying what to use instead', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ansible_ssh_common_args: '-o ProxyCommand="ssh -W %h:%p jump"' }, /ProxyCommand is not supported/],
      [{ ansible_ssh_common_args: '-o =broken' }, /cannot read the ssh option/],
      [{ ansible_ssh_common_args: "-o 'unbalanced" }, /unbalanced ' quote/],
      [{ ansible_ssh_common_args: '-o StrictHostKeyChecking=maybe' }, /StrictHostKeyChecking=maybe/],
      [{ ansible_port: 'http' }, /bad ssh port 'http'/],
    ]
    for (const [vars, message] of bad) {
      expect(() => sshOptionsFor({ inventory_hostname: 'h', ...vars }, settings), String(message)).to.throw(ParseError, message)
    }
  })
})

describe('ssh argument parsing', () => {
  const words: [string, string[]][] = [
    [`-o "ProxyJump=a b" -C`, ['-o', 'ProxyJump=a b', '-C']],
    [`-o 'User=it'"'"'s'`, ['-o', "User=it's"]],
    [`a\\ b "c\\"d" ''`, ['a b', 'c"d', '']],
  ]
  for (const [text, expected] of words) {
    it(`splits ${text} like shlex`, () => expect(splitShellWords(text, 'test')).to.deep.equal(expected))
  }

  it('reads bundled flags and attached values', () => {
    expect(parseSshArgs('-Cqp2200 -oPort=1 -F cfg -v -L 80:h:80', 't')).to.deep.equal({
      options: [
        ['port', '2200'],
        ['port', '1'],
      ],
      configFile: 'cfg',
    })
  })

  it('reports a flag missing its value', () => {
    expect(() => parseSshArgs('-o', 'ansible_ssh_extra_args')).to.throw(ParseError, 'ansible_ssh_extra_args: ssh option -o needs a value')
  })

  it('leaves Match exec lines unevaluated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsplay-sshcfg-'))
    const marker = join(dir, 'ran')
    writeFileSync(join(dir, 'config'), `Match exec "touch ${marker}"\n  User matched\nHost *\n  User plain\n`)
    try {
      expect(sshConfigFor('h', [join(dir, 'config')]).user).to.equal('plain')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
