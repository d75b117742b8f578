// hostname against the recording fake host only: no test renames this machine.
import { expect } from 'chai'
import type { ModuleOutcome, ModuleResult } from '../../../../engine/module.js'
import hostname from '../../../../modules/hostname.js'
import { argv, fakeContext, SystemHost } from './system-host.js'

async function applied(out: ModuleOutcome): Promise<ModuleResult | void> {
  return out.kind === 'change' && out.apply ? out.apply() : undefined
}

const writes = (host: SystemHost) => Object.fromEntries(host.calls.flatMap((c) => (c.op === 'write' ? [[c.path, String(c.data)]] : [])))

function systemdHost(transient: string, stat: string): SystemHost {
  return new SystemHost()
    .withFile('/proc/1/comm', 'systemd\n')
    .onExec(argv('hostnamectl', '--transient', 'status'), { stdout: `${transient}\n` })
    .onExec(argv('hostnamectl', '--static', 'status'), { stdout: `${stat}\n` })
    .onExec(argv('hostname', '--fqdn'), { stdout: 'uc.lab.example\n' })
}

describe('hostname module (fake host only)', () => {
  it('sets the static name before the transient one with hostnamectl', async () => {
    const host = systemdHost('localhost', 'localhost')
    const out = await hostname.run(host, { name: 'uc.lab.example' }, fakeContext())
    expect(out.kind).to.equal('change')
    expect(out.kind === 'change' && out.diff).to.deep.equal({ before: 'hostname = localhost\n', after: 'hostname = uc.lab.example\n' })
    const result = await applied(out)
    expect(host.argvCommands.filter((c) => c.includes('set-hostname'))).to.deep.equal([
      'hostnamectl --pretty --static set-hostname uc.lab.example',
      'hostnamectl --transient set-hostname uc.lab.example',
    ])
    expect(result).to.deep.equal({ ansible_facts: { ansible_hostname: 'uc', ansible_nodename: 'uc.lab.example', ansible_fqdn: 'uc.lab.example', ansible_domain: 'lab.example' } })
  })

  it('changes nothing when both names are right, and still reports the facts', async () => {
    const host = systemdHost('uc', 'uc')
    const out = await hostname.run(host, { name: 'uc' }, fakeContext())
    expect(out.kind).to.equal('ok')
    expect(out.result.ansible_facts).to.include({ ansible_hostname: 'uc', ansible_nodename: 'uc' })
  })

  it('refuses names over 64 characters on systemd', async () => {
    const host = systemdHost('a', 'a')
    const out = await hostname.run(host, { name: 'x'.repeat(65) }, fakeContext())
    expect(await applied(out)).to.include({ failed: true, msg: 'name cannot be longer than 64 characters on systemd servers, try a shorter name' })
  })

  it('writes /etc/hostname on Debian without systemd, and nothing in check mode', async () => {
    const debian = () => new SystemHost().withFile('/proc/1/comm', 'bash\n').withFile('/etc/os-release', 'ID=debian\nNAME="Debian GNU/Linux"\n').withFile('/etc/hostname', 'old\n')
    const check = debian()
    expect((await hostname.run(check, { name: 'hv1' }, fakeContext({ checkMode: true }))).kind).to.equal('change')
    expect(writes(check)).to.deep.equal({})
    const host = debian()
    await applied(await hostname.run(host, { name: 'hv1' }, fakeContext()))
    expect(writes(host)).to.deep.equal({ '/etc/hostname': 'hv1\n' })
  })

  it('rewrites HOSTNAME= in /etc/sysconfig/network on CentOS without systemd', async () => {
    const host = new SystemHost()
      .withFile('/proc/1/comm', 'init\n')
      .withFile('/etc/os-release', 'NAME="CentOS Linux"\nID="centos"\n')
      .withFile('/etc/sysconfig/network', 'NETWORKING=yes\nHOSTNAME=old\n')
    await applied(await hostname.run(host, { name: 'node1' }, fakeContext()))
    expect(writes(host)).to.deep.equal({ '/etc/sysconfig/network': 'NETWORKING=yes\nHOSTNAME=node1\n' })
  })

  it('applies the file with hostname -F on Alpine', async () => {
    const host = new SystemHost().withFile('/etc/os-release', 'ID=alpine\n').withFile('/etc/hostname', 'old\n')
    await applied(await hostname.run(host, { name: 'gw', use: 'alpine' }, fakeContext()))
    expect(host.argvCommands.filter((c) => c.startsWith('hostname -F'))).to.deep.equal(['hostname -F /etc/hostname'])
  })

  const refusals: [string, Record<string, string>, Record<string, string>, string][] = [
    ['an unknown distribution', { name: 'x' }, { '/etc/os-release': 'ID=arch\nNAME="Arch Linux"\n', '/proc/1/comm': 'bash\n' }, 'hostname module cannot be used on platform Linux (Arch Linux)'],
    ['a BSD strategy', { name: 'x', use: 'freebsd' }, {}, 'hostname: use=freebsd is for a system tsplay does not manage (Linux targets only)'],
    ['a Red Hat file without HOSTNAME', { name: 'x', use: 'redhat' }, { '/etc/sysconfig/network': 'NETWORKING=yes\n' }, 'Unable to locate HOSTNAME entry in /etc/sysconfig/network'],
  ]
  for (const [what, params, files, msg] of refusals) {
    it(`fails for ${what}`, async () => {
      const host = new SystemHost()
      for (const [path, content] of Object.entries(files)) host.withFile(path, content)
      const out = await hostname.run(host, params as never, fakeContext())
      expect(out.kind).to.equal('fail')
      expect(out.result.msg).to.equal(msg)
    })
  }
})
