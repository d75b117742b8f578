// modprobe against the recording fake host only: no test loads or unloads a real kernel module.
import { expect } from 'chai'
import type { ModuleOutcome, ModuleResult } from '../../../../engine/module.js'
import modprobe from '../../../../modules/modprobe.js'
import { SECTION } from '../../../../modules/lib/system/target.js'
import { argv, fakeContext, script, SystemHost } from './system-host.js'

const PROC = 'kvm_intel 372736 0 - Live 0x0000000000000000\nkvm 1142784 1 kvm_intel, Live 0x0000000000000000\n'
const BUILTIN = 'kernel/net/bridge/br_netfilter.ko\n'
const live = (modules: string) => ({ stdout: `${modules}${SECTION}\n${BUILTIN}` })
const files = (entries: Record<string, string>) => ({ stdout: Object.entries(entries).map(([p, c]) => `${p}\0${c}\0`).join('') })
const defaults = { state: 'present', params: '', persistent: 'disabled' }

function modHost(modules: string, conf: Record<string, string> = {}, after?: string): SystemHost {
  const host = new SystemHost()
  if (after !== undefined) host.onExec(script('/proc/modules'), live(modules), 1).onExec(script('/proc/modules'), live(after))
  else host.onExec(script('/proc/modules'), live(modules))
  return host.onExec(script('for d in'), files(conf))
}

async function applied(out: ModuleOutcome): Promise<ModuleResult | void> {
  return out.kind === 'change' && out.apply ? out.apply() : undefined
}

const writes = (host: SystemHost) => Object.fromEntries(host.calls.flatMap((c) => (c.op === 'write' ? [[c.path, String(c.data)]] : [])))

describe('modprobe module (fake host only)', () => {
  const liveCases: { title: string; params: Record<string, unknown>; modules: string; runs: string[] }[] = [
    { title: 'loads a missing module with its parameters', params: { name: 'vhost_net', params: 'experimental_zcopytx=1' }, modules: PROC, runs: ['modprobe vhost_net experimental_zcopytx=1'] },
    { title: 'leaves a loaded module', params: { name: 'kvm_intel', params: 'nested=1' }, modules: PROC, runs: [] },
    { title: 'matches dashes to underscores', params: { name: 'kvm-intel' }, modules: PROC, runs: [] },
    { title: 'counts built-in modules as loaded', params: { name: 'br_netfilter' }, modules: PROC, runs: [] },
    { title: 'unloads a loaded module', params: { name: 'kvm_intel', state: 'absent' }, modules: PROC, runs: ['modprobe -r kvm_intel'] },
    { title: 'leaves an unloaded module unloaded', params: { name: 'vhost_net', state: 'absent' }, modules: PROC, runs: [] },
  ]
  for (const c of liveCases) {
    it(c.title, async () => {
      const host = modHost(c.modules, {}, `${c.modules}vhost_net 1 0 - Live 0x0\n`)
      const out = await modprobe.run(host, { ...defaults, ...c.params } as never, fakeContext())
      expect(out.kind).to.equal(c.runs.length ? 'change' : 'ok')
      expect(out.result).to.include({ name: c.params.name, state: c.params.state ?? 'present' })
      const result = await applied(out)
      if (c.runs.length) expect(result).to.include({ changed: true })
      expect(host.argvCommands).to.deep.equal(c.runs)
    })
  }

  it('only dry-runs modprobe in check mode', async () => {
    const host = modHost(PROC)
    const out = await modprobe.run(host, { ...defaults, name: 'vhost_net', params: 'a=1' } as never, fakeContext({ checkMode: true }))
    expect(out.kind).to.equal('change')
    expect(out.kind === 'change' && out.apply).to.equal(undefined)
    expect(host.argvCommands).to.deep.equal(['modprobe -n vhost_net a=1'])
  })

  it('fails in check mode when the dry run cannot find the module', async () => {
    const host = modHost(PROC).onExec(argv('modprobe', '-n'), { rc: 1, stderr: 'modprobe: FATAL: Module nosuch not found.\n' })
    const out = await modprobe.run(host, { ...defaults, name: 'nosuch' } as never, fakeContext({ checkMode: true }))
    expect(out.kind).to.equal('fail')
    expect(out.result).to.include({ msg: 'modprobe: FATAL: Module nosuch not found.\n', rc: 1, name: 'nosuch' })
  })

  it('reports no change and warns when the module does not show up after loading', async () => {
    const host = modHost(PROC).onExec(argv('modprobe', '-n', '--first-time'), { rc: 1, stderr: 'modprobe: ERROR: could not insert' })
    const out = await modprobe.run(host, { ...defaults, name: 'alias-name' } as never, fakeContext())
    expect(await applied(out)).to.deep.equal({ changed: false, warnings: ['modprobe: ERROR: could not insert'] })
  })

  it('writes modules-load.d and modprobe.d files for persistent=present', async () => {
    const host = modHost(PROC)
    const out = await modprobe.run(host, { ...defaults, name: 'kvm_intel', params: 'nested=1', persistent: 'present' } as never, fakeContext())
    expect(out.kind).to.equal('change')
    expect(out.kind === 'change' && out.diff).to.deep.equal([
      { before_header: '/etc/modules-load.d/kvm_intel.conf', after_header: '/etc/modules-load.d/kvm_intel.conf', before: '', after: 'kvm_intel\n' },
      { before_header: '/etc/modprobe.d/kvm_intel.conf', after_header: '/etc/modprobe.d/kvm_intel.conf', before: '', after: 'options kvm_intel nested=1\n' },
    ])
    await applied(out)
    expect(host.argvCommands).to.deep.equal(['mkdir -p /etc/modules-load.d /etc/modprobe.d'])
    expect(writes(host)).to.deep.equal({ '/etc/modules-load.d/kvm_intel.conf': 'kvm_intel\n', '/etc/modprobe.d/kvm_intel.conf': 'options kvm_intel nested=1\n' })
  })

  it('is satisfied by boot files that already say so, whatever their names', async () => {
    const conf = { '/etc/modules-load.d/virt.conf': '# virt\nkvm_intel\n', '/etc/modprobe.d/kvm.conf': 'options kvm_intel nested=1 # nested\n' }
    const out = await modprobe.run(modHost(PROC, conf), { ...defaults, name: 'kvm_intel', params: 'nested=1', persistent: 'present' } as never, fakeContext())
    expect(out.kind).to.equal('ok')
  })

  it('comments out other options for the module when the params change', async () => {
    const conf = { '/etc/modules-load.d/kvm_intel.conf': 'kvm_intel\n', '/etc/modprobe.d/kvm.conf': 'options kvm ignore_msrs=1\noptions kvm_intel nested=0\n' }
    const host = modHost(PROC, conf)
    await applied(await modprobe.run(host, { ...defaults, name: 'kvm_intel', params: 'nested=1', persistent: 'present' } as never, fakeContext()))
    expect(writes(host)).to.deep.equal({
      '/etc/modprobe.d/kvm.conf': 'options kvm ignore_msrs=1\n#options kvm_intel nested=0\n',
      '/etc/modprobe.d/kvm_intel.conf': 'options kvm_intel nested=1\n',
    })
  })

  it('comments the module and its options out for persistent=absent', async () => {
    const conf = { '/etc/modules-load.d/kvm_intel.conf': 'kvm_intel\n', '/etc/modprobe.d/kvm_intel.conf': 'options kvm_intel nested=1\n' }
    const host = modHost(PROC, conf)
    await applied(await modprobe.run(host, { ...defaults, name: 'kvm_intel', persistent: 'absent' } as never, fakeContext()))
    expect(writes(host)).to.deep.equal({ '/etc/modules-load.d/kvm_intel.conf': '#kvm_intel\n', '/etc/modprobe.d/kvm_intel.conf': '#options kvm_intel nested=1\n' })
  })
})
