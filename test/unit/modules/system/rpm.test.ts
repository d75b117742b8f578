// dnf, yum and package against the recording fake host only (the seeds' hosts are CentOS).
import { expect } from 'chai'
import type { ModuleOutcome, ModuleResult } from '../../../../engine/module.js'
import { validateModuleParams } from '../../../../engine/load/module-params.js'
import dnf from '../../../../modules/dnf.js'
import yum from '../../../../modules/yum.js'
import pkg from '../../../../modules/package.js'
import { SECTION } from '../../../../modules/lib/system/target.js'
import { parseCheckUpdate } from '../../../../modules/lib/system/rpm-state.js'
import { argv, fakeContext, script, SystemHost } from './system-host.js'

/** rpm -q answers: spec → installed "name<TAB>epoch:version-release.arch". */
function rpmHost(installed: Record<string, string[]>, updates = ''): SystemHost {
  const query = (cmd: unknown) => {
    const specs = (cmd as string[]).slice(4)
    return { stdout: specs.map((s) => `SPEC ${s}\n${(installed[s] ?? []).map((p) => `INSTALLED ${p}\n`).join('')}`).join('') }
  }
  return new SystemHost()
    .onExec(script('INSTALLED'), query)
    .onExec((c) => Array.isArray(c) && c.includes('check-update'), { rc: updates ? 100 : 0, stdout: updates })
}

async function run(mod: typeof dnf, host: SystemHost, args: Record<string, unknown>, checkMode = false): Promise<{ out: ModuleOutcome; applied?: ModuleResult | void }> {
  const out = await mod.run(host, validateModuleParams(mod, args) as never, fakeContext({ checkMode }))
  return { out, applied: out.kind === 'change' && out.apply ? await out.apply() : undefined }
}

const transactions = (host: SystemHost, tool: string) => host.argvCommands.filter((c) => c.startsWith(`${tool} -y`))

describe('dnf module (fake host only)', () => {
  const cases: { title: string; args: Record<string, unknown>; installed: Record<string, string[]>; updates?: string; runs: string[] }[] = [
    { title: 'leaves installed packages', args: { name: ['vim-enhanced', 'git'] }, installed: { 'vim-enhanced': ['vim-enhanced\t2:8.0-1.el8.x86_64'], git: ['git\t(none):2.39-1.el8.x86_64'] }, runs: [] },
    { title: 'installs what is missing', args: { name: 'git,tmux' }, installed: { git: ['git\t(none):2.39-1.el8.x86_64'] }, runs: ['dnf -y install tmux'] },
    { title: 'updates an outdated package with latest', args: { name: 'git', state: 'latest' }, installed: { git: ['git\t(none):2.39-1.el8.x86_64'] }, updates: '\ngit.x86_64    2.43-1.el8    appstream\n', runs: ['dnf -y upgrade git'] },
    { title: 'keeps an up-to-date package with latest', args: { name: 'git', state: 'latest' }, installed: { git: ['git\t(none):2.39-1.el8.x86_64'] }, runs: [] },
    { title: 'removes an installed package', args: { name: 'NetworkManager', state: 'absent' }, installed: { NetworkManager: ['NetworkManager\t1:1.40-1.el8.x86_64'] }, runs: ['dnf -y remove NetworkManager'] },
    { title: 'does not remove what is not there', args: { name: 'NetworkManager', state: 'removed' }, installed: {}, runs: [] },
    {
      title: 'passes repository options',
      args: { name: 'tmux', enablerepo: 'epel', disable_gpg_check: true, install_weak_deps: false },
      installed: {},
      runs: ['dnf -y --enablerepo=epel --nogpgcheck --setopt=install_weak_deps=False install tmux'],
    },
    { title: 'updates everything with "*"', args: { name: '*', state: 'latest' }, installed: {}, updates: 'kernel.x86_64  4.18.0-500.el8  baseos\n', runs: ['dnf -y upgrade'] },
  ]
  for (const c of cases) {
    it(c.title, async () => {
      const host = rpmHost(c.installed, c.updates)
      const { out } = await run(dnf, host, c.args)
      expect(out.kind).to.equal(c.runs.length ? 'change' : 'ok')
      expect(transactions(host, 'dnf')).to.deep.equal(c.runs)
    })
  }

  it('reports what it installed, read back from rpm', async () => {
    let done = false
    const host = new SystemHost()
      .onExec(script('INSTALLED'), () => ({ stdout: `SPEC tmux\n${done ? 'INSTALLED tmux\t(none):3.2a-4.el8.x86_64\n' : ''}` }))
      .onExec(argv('dnf', '-y'), () => {
        done = true
        return { stdout: 'Complete!\n' }
      })
    const { applied } = await run(dnf, host, { name: 'tmux' })
    expect(applied).to.deep.equal({ msg: '', rc: 0, results: ['Installed: tmux-3.2a-4.el8.x86_64'] })
  })

  it('previews the transaction in check mode', async () => {
    const host = rpmHost({})
    const { out } = await run(dnf, host, { name: 'tmux' }, true)
    expect(out).to.deep.include({ kind: 'change', result: { msg: 'Check mode: No changes made, but would have if not in check mode', results: ['Installed: tmux'], rc: 0 } })
    expect(transactions(host, 'dnf')).to.deep.equal([])
  })

  it('fails with dnf\'s error', async () => {
    const host = rpmHost({}).onExec(argv('dnf', '-y'), { rc: 1, stderr: 'Error: Unable to find a match: nosuch\n' })
    const { applied } = await run(dnf, host, { name: 'nosuch' })
    expect(applied).to.deep.equal({ failed: true, changed: false, msg: 'Failed to install some of the specified packages', failures: ['Error: Unable to find a match: nosuch'], results: [], rc: 1 })
  })

  const refusals: [Record<string, unknown>, string][] = [
    [{ name: 'vim git' }, 'It appears that a space separated string of packages was passed in as an argument. To operate on several packages, pass a comma separated string of packages or a list of packages.'],
    [{ name: '@Development Tools' }, "package groups and modules (@Development Tools) are not supported by tsplay's dnf module; install their packages by name"],
    [{ name: 'git', autoremove: true, state: 'present' }, 'Autoremove should be used alone or with state=absent'],
  ]
  for (const [args, msg] of refusals) {
    it(`refuses ${JSON.stringify(args)}`, async () => {
      const { out } = await run(dnf, rpmHost({}), args)
      expect(out.kind).to.equal('fail')
      expect(out.result.msg).to.equal(msg)
    })
  }

  it('reads check-update output', () => {
    const text = 'Last metadata expiration check: 0:01:02 ago.\n\ngit.x86_64   2.43-1.el8   appstream\nkernel.x86_64  4.18.0-500.el8  baseos\nObsoleting Packages\nfoo.noarch 1 repo\n'
    expect([...parseCheckUpdate(text)]).to.deep.equal(['git', 'kernel'])
  })
})

describe('yum module (fake host only)', () => {
  it('reports installed packages the way yum does', async () => {
    const { out } = await run(yum, rpmHost({ git: ['git\t(none):1.8.3-23.el7.x86_64'] }), { name: 'git' })
    expect(out).to.deep.include({ kind: 'ok', result: { msg: '', rc: 0, results: ['git-1.8.3-23.el7.x86_64 providing git is already installed'] } })
  })

  it('installs with yum and reports the changes', async () => {
    const host = rpmHost({}).onExec(argv('yum', '-y'), { stdout: 'Installed:\n  tmux.x86_64 0:1.8-4.el7\nComplete!\n' })
    const { applied } = await run(yum, host, { name: 'tmux' })
    expect(transactions(host, 'yum')).to.deep.equal(['yum -y install tmux'])
    expect(applied).to.deep.include({ rc: 0, changes: { installed: ['tmux'] } })
  })
})

describe('package module', () => {
  it('uses the pkg_mgr fact', async () => {
    const host = rpmHost({})
    host.facts = { pkg_mgr: 'dnf' }
    const { out } = await run(pkg as never, host, { name: 'tmux', state: 'present' })
    expect(out.kind).to.equal('change')
    expect(transactions(host, 'dnf')).to.deep.equal(['dnf -y install tmux'])
  })

  it('probes the target without facts', async () => {
    const host = new SystemHost()
      .onExec(script('command -v apt-get'), { stdout: 'apt\n' })
      .withStat('/var/lib/apt/periodic/update-success-stamp', { mtime: Date.now() / 1000 })
      .onExec(script('dpkg-query -W'), { stdout: `curl\tamd64\tinstall ok installed\t7.88\t\n${SECTION}\n` })
    const { out } = await run(pkg as never, host, { name: 'curl', state: 'present' })
    expect(out.kind).to.equal('ok')
  })

  it('checks the other arguments with the chosen module\'s schema', async () => {
    const host = rpmHost({})
    host.facts = { pkg_mgr: 'dnf' }
    let error: Error | undefined
    await run(pkg as never, host, { name: 'tmux', state: 'present', update_cach: true }).catch((e: Error) => (error = e))
    expect(error?.message).to.equal("unknown parameter 'update_cach' for dnf; did you mean 'update_cache'?")
  })

  const refusals: [Record<string, unknown>, string][] = [
    [{ pkg_mgr: 'zypper' }, 'Could not find a module for zypper.'],
    [{}, 'Could not detect which package manager to use. Try gathering facts or setting the "use" option.'],
  ]
  for (const [facts, msg] of refusals) {
    it(`fails with "${msg}"`, async () => {
      const host = new SystemHost()
      host.facts = facts
      const { out } = await run(pkg as never, host, { name: 'x', state: 'present' })
      expect(out.result.msg).to.equal(msg)
    })
  }
})
