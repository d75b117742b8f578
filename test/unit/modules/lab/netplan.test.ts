// netplan against the recording fake host: nothing here runs netplan apply on this
// machine. The real-system parts are in netplan-real.test.ts.
import { expect } from 'chai'
import type { FileStat, WriteOptions } from '../../../../engine/connection/connection.js'
import netplan, { netplanPath } from '../../../../modules/netplan.js'
import { networkMapping, networkProblems } from '../../../../modules/lib/lab/netplan-config.js'
import { tryNetplan } from '../../../../modules/lib/lab/netplan-try.js'
import { parseNetplan, renderNetplan, sameNetplan } from '../../../../modules/lib/lab/netplan-yaml.js'
import { FakeHost } from '../fake-host.js'
import { argv, script, shown } from '../system/system-host.js'
import { runLab } from './lab-helpers.js'

const FILE = '/etc/netplan/60-lab.yaml'
const STATE = '/tmp/tsplay-netplan-try.abc'

const CONFIG = {
  renderer: 'networkd',
  bridges: { br0: { parameters: { stp: false }, interfaces: ['eno2'], addresses: ['10.0.0.1/24'] } },
  ethernets: { eno2: { dhcp4: false } },
}
const RENDERED = `# Written by tsplay (netplan module); local edits are replaced.
network:
  version: 2
  renderer: networkd
  ethernets:
    eno2:
      dhcp4: false
  bridges:
    br0:
      interfaces:
        - eno2
      parameters:
        stp: false
      addresses:
        - 10.0.0.1/24
`
const HAND_WRITTEN = `# by hand
network:
  ethernets: {eno2: {dhcp4: no}}   # off
  version: 2
  bridges:
    br0:
      addresses: [ "10.0.0.1/24" ]
      parameters: {stp: off}
      interfaces: [eno2]
  renderer: networkd
`

describe('netplan helpers', () => {
  it('renders keys in a stable order whatever the input order', () => {
    expect(renderNetplan(networkMapping(CONFIG))).to.equal(RENDERED)
    const shuffled = { ethernets: CONFIG.ethernets, bridges: { br0: { addresses: ['10.0.0.1/24'], interfaces: ['eno2'], parameters: { stp: false } } }, renderer: 'networkd' }
    expect(renderNetplan(networkMapping(shuffled))).to.equal(RENDERED)
  })

  it('quotes strings YAML 1.1 would misread', () => {
    const text = renderNetplan({ version: 2, ethernets: { e: { macaddress: '52:54:00:12:34:56', 'set-name': 'yes' } } })
    expect(text).to.contain('macaddress: "52:54:00:12:34:56"').and.contain('set-name: "yes"')
  })

  const sameCases: [string, string, unknown, boolean][] = [
    ['formatting, comments and boolean spelling differ', HAND_WRITTEN, { network: networkMapping(CONFIG) }, true],
    ['numbers and their text', 'network: {version: 2, ethernets: {e: {mtu: 9000}}}', { network: { version: 2, ethernets: { e: { mtu: 9000 } } } }, true],
    ['an address differs', HAND_WRITTEN.replace('10.0.0.1', '10.0.0.2'), { network: networkMapping(CONFIG) }, false],
    ['address order differs', 'network: {version: 2, ethernets: {e: {addresses: [a, b]}}}', { network: { version: 2, ethernets: { e: { addresses: ['b', 'a'] } } } }, false],
  ]
  for (const [title, text, data, same] of sameCases) {
    it(`compares by meaning: ${title}`, () => expect(sameNetplan(parseNetplan(text).data, data)).to.equal(same))
  }

  it('reads MAC addresses and 0600 as text', () => {
    expect(parseNetplan('network:\n  ethernets: {e: {macaddress: 52:54:00:12:34:56, x: 0600}}\n').data).to.deep.equal({
      network: { ethernets: { e: { macaddress: '52:54:00:12:34:56', x: '0600' } } },
    })
  })

  it('says why a file is not netplan', () => {
    expect(parseNetplan('network: [1').error).to.be.a('string')
    expect(parseNetplan('ethernets: {}').error).to.equal('it has no "network:" mapping at the top')
  })

  it('accepts config with or without the outer network key, defaulting version 2', () => {
    expect(networkMapping({ network: { ethernets: {} } })).to.deep.equal({ version: 2, ethernets: {} })
    expect(networkMapping({ renderer: 'networkd' })).to.deep.equal({ version: 2, renderer: 'networkd' })
  })

  const problems: [string, Record<string, unknown>, string][] = [
    ['a misspelled device type', { version: 2, ethernet: {} }, "unknown key 'ethernet' in config; did you mean 'ethernets'?"],
    ['a version other than 2', { version: 3 }, "config.version must be 2 (netplan's only format), got 3"],
    ['devices given as a list', { version: 2, bridges: ['br0'] }, 'config.bridges must be a mapping of device names to their settings'],
    ['a device that is not a mapping', { version: 2, vlans: { v10: 10 } }, 'config.vlans.v10 must be a mapping of settings, got 10'],
    ['a MAC address YAML 1.1 turned into a number', { version: 2, ethernets: { e: { match: { macaddress: 1234 } } } }, 'config.ethernets.e.match.macaddress arrived as the number 1234'],
  ]
  for (const [title, network, message] of problems) {
    it(`reports ${title}`, () => expect(networkProblems(network).join('\n')).to.contain(message))
  }

  it('names the file from name and priority', () => {
    expect(netplanPath({ name: 'lab', priority: 1 })).to.equal('/etc/netplan/01-lab.yaml')
    expect(netplanPath({ name: 'lab.yaml', priority: 60 })).to.equal('/etc/netplan/60-lab.yaml')
    expect(netplanPath({ path: '/etc/netplan/x.yaml', priority: 60 })).to.equal('/etc/netplan/x.yaml')
  })
})

/** A fake host that remembers the mode files were written with. */
class NetplanHost extends FakeHost {
  readonly modes = new Map<string, number>()
  constructor() {
    super()
    this.withDir('/etc/netplan')
    this.onExec(argv('rm', '-f'), (cmd) => {
      this.files.delete((cmd as string[])[2]!)
      return {}
    })
    this.onExec(argv('chmod'), (cmd) => {
      this.modes.set((cmd as string[])[2]!, parseInt((cmd as string[])[1]!, 8))
      return {}
    })
  }
  withMode(path: string, content: string, mode: number): this {
    this.modes.set(path, mode)
    return this.withFile(path, content)
  }
  override async write(path: string, data: string | Buffer, opts: WriteOptions = {}): Promise<void> {
    this.modes.set(path, opts.mode ?? 0o644)
    return super.write(path, data, opts)
  }
  override async stat(path: string, opts: { follow?: boolean } = {}): Promise<FileStat | null> {
    const st = await super.stat(path, opts)
    return st && this.modes.has(path) ? { ...st, mode: this.modes.get(path)! } : st
  }
  /** Commands other than the "is netplan installed" probe. */
  get actions(): string[] {
    return this.execs.filter((c) => !script('command -v "$1"')(c)).map(shown)
  }
}

const GENERATE = 'netplan generate'
const base = { name: 'lab', config: CONFIG }

describe('netplan module on the fake host', () => {
  it('writes a new file (mode 0600) after netplan validated it, then finds nothing to do', async () => {
    const host = new NetplanHost()
    const first = await runLab(netplan, host, base)
    expect(first.result).to.deep.include({ changed: true, path: FILE, validated: true, applied: false })
    expect(first.result.diff).to.deep.equal({ before_header: FILE, after_header: FILE, before: '', after: RENDERED })
    expect(String(host.files.get(FILE))).to.equal(RENDERED)
    expect(host.modes.get(FILE)).to.equal(0o600)
    const generate = host.calls.find((c) => c.op === 'exec' && script(GENERATE)(c.cmd))
    expect(generate).to.deep.include({ cmd: ['sh', '-c', (generate as { cmd: string[] }).cmd[2], 'sh', '/etc/netplan', '60-lab.yaml'] })
    expect((generate as { opts: { stdin: string } }).opts.stdin).to.equal(RENDERED)
    const second = await runLab(netplan, host, base)
    expect(second.result.changed).to.equal(false)
  })

  it('leaves a hand-written file that says the same thing', async () => {
    const host = new NetplanHost().withMode(FILE, HAND_WRITTEN, 0o600)
    const { result } = await runLab(netplan, host, base)
    expect(result.changed).to.equal(false)
    expect(host.ops).to.not.include('write')
  })

  it('only tightens the mode of a file with the same configuration', async () => {
    const host = new NetplanHost().withMode(FILE, RENDERED, 0o644)
    const { result } = await runLab(netplan, host, base)
    expect(result).to.deep.include({ changed: true, diff: { prepared: `mode of ${FILE}: 0644 → 0600\n` } })
    expect(host.actions).to.deep.equal([`chmod 0600 ${FILE}`])
    expect((await runLab(netplan, host, base)).result.changed).to.equal(false)
  })

  it('writes raw content as given, compared by meaning', async () => {
    const host = new NetplanHost()
    const args = { path: '/etc/netplan/01-netcfg.yaml', content: 'network:\n  version: 2\n  ethernets:\n    eno1: {dhcp4: yes}' }
    const first = await runLab(netplan, host, args)
    expect(first.result.changed).to.equal(true)
    expect(String(host.files.get('/etc/netplan/01-netcfg.yaml'))).to.equal(`${args.content}\n`)
    const reformatted = await runLab(netplan, host, { ...args, content: 'network: {version: 2, ethernets: {eno1: {dhcp4: true}}}' })
    expect(reformatted.result.changed).to.equal(false)
  })

  it('removes the file with state=absent', async () => {
    const host = new NetplanHost().withMode(FILE, RENDERED, 0o600)
    const { result } = await runLab(netplan, host, { name: 'lab', state: 'absent' })
    expect(result).to.deep.include({ changed: true, diff: { before_header: FILE, after_header: FILE, before: RENDERED, after: '' } })
    expect(host.actions).to.deep.equal([`rm -f ${FILE}`])
    expect((await runLab(netplan, host, { name: 'lab', state: 'absent' })).result.changed).to.equal(false)
  })

  it('fails with netplan\'s message on the target\'s path, writing nothing', async () => {
    const host = new NetplanHost()
    host.onExec(script(GENERATE), { rc: 1, stdout: "/tmp/tmp.X\n/tmp/tmp.X/etc/netplan/60-lab.yaml:7:7: Error in network definition: unknown key 'adresses'\n      adresses: [10.0.0.1/24]\n" })
    const { result } = await runLab(netplan, host, { name: 'lab', config: { ethernets: { eno1: { adresses: ['10.0.0.1/24'] } } } })
    expect(result).to.include({ failed: true, changed: false, rc: 1 })
    expect(String(result.msg)).to.equal(
      `netplan rejected the new ${FILE} (nothing was changed): ${FILE}:7:7: Error in network definition: unknown key 'adresses'\n      adresses: [10.0.0.1/24]`,
    )
    expect(host.ops).to.not.include('write')
  })

  it('warns and writes anyway when netplan is not there to validate', async () => {
    const host = new NetplanHost()
    host.onExec(script(GENERATE), { stdout: '@@tsplay-no-netplan@@\n' })
    const { result } = await runLab(netplan, host, base)
    expect(result).to.deep.include({ changed: true, validated: false, warnings: ['netplan is not installed on fakehost, so /etc/netplan/60-lab.yaml was not validated'] })
    expect(host.files.has(FILE)).to.equal(true)
  })

  it('runs netplan apply after a change with apply: true', async () => {
    const host = new NetplanHost()
    const { result } = await runLab(netplan, host, { ...base, apply: true })
    expect(result).to.deep.include({ changed: true, applied: true })
    expect(host.actions).to.deep.equal([`<script> /etc/netplan 60-lab.yaml`, 'netplan apply'])
    expect((await runLab(netplan, host, { ...base, apply: true })).result).to.deep.include({ changed: false, applied: false })
    expect(host.actions.filter((c) => c === 'netplan apply')).to.have.length(1)
  })

  it('reports a failed netplan apply', async () => {
    const host = new NetplanHost().onExec(argv('netplan', 'apply'), { rc: 1, stderr: 'Invalid YAML\n' })
    const { result } = await runLab(netplan, host, { ...base, apply: 'yes' })
    expect(result).to.include({ failed: true, changed: true, msg: 'netplan apply failed (rc 1): Invalid YAML' })
  })

  const refusals: [string, Record<string, unknown>, (h: NetplanHost) => void, string][] = [
    ['apply without netplan installed', { ...base, apply: true }, (h) => h.onExec(script('command -v', 'netplan'), { rc: 1 }), 'netplan is not installed on fakehost; install netplan.io, or use apply: false'],
    ['apply on a mirror tree', { ...base, apply: 'try', root: '/tmp/tree' }, () => {}, 'apply: try needs root: / (netplan apply would act on the real system, not on /tmp/tree)'],
    ['present without config or content', { name: 'lab' }, () => {}, 'state is present but neither config nor content is given'],
    ['content that is not YAML', { name: 'lab', content: 'network: [' }, () => {}, 'content is not a netplan file: '],
    ['a typo under network:', { name: 'lab', config: { version: 2, brigdes: {} } }, () => {}, "unknown key 'brigdes' in config; did you mean 'bridges'?"],
  ]
  for (const [title, args, setup, message] of refusals) {
    it(`refuses ${title} before changing anything`, async () => {
      const host = new NetplanHost()
      setup(host)
      const { result } = await runLab(netplan, host, args)
      expect(result.failed).to.equal(true)
      expect(String(result.msg)).to.contain(message)
      expect(host.ops).to.not.include('write')
    })
  }

  it('changes nothing in check mode', async () => {
    const host = new NetplanHost().withMode(FILE, 'network: {version: 2}\n', 0o600)
    const { result } = await runLab(netplan, host, { ...base, apply: 'try' }, { checkMode: true })
    expect(result.changed).to.equal(true)
    expect(host.ops).to.not.include('write')
    expect(host.actions).to.deep.equal([])
  })
})

describe('netplan apply: try on the fake host', () => {
  /** A host whose armed watchdog answers with STATE; `down` makes it stop answering after netplan apply. */
  function tryHost(previous: string | undefined): NetplanHost {
    const host = new NetplanHost()
    if (previous !== undefined) host.withMode(FILE, previous, 0o600)
    host.onExec(script('tsplay-netplan-try', FILE), { stdout: `${STATE}\n` })
    return host
  }

  it('keeps the new configuration when the host still answers', async () => {
    const host = tryHost('network: {version: 2}\n')
    const { result } = await runLab(netplan, host, { ...base, apply: 'try', timeout: 5 })
    expect(result).to.deep.include({ changed: true, applied: 'try', rolled_back: false })
    expect(host.actions).to.deep.equal([
      '<script> /etc/netplan 60-lab.yaml',
      `<script> ${FILE} 5`,
      'netplan apply',
      `mv ${STATE}/armed ${STATE}/confirmed`,
      `rm -rf ${STATE}`,
    ])
    // the watchdog was armed before the file changed
    const order = host.calls.map((c) => (c.op === 'write' ? 'write' : c.op === 'exec' ? shown(c.cmd) : c.op))
    expect(order.indexOf(`<script> ${FILE} 5`)).to.be.below(order.indexOf('write'))
    expect(String(host.files.get(FILE))).to.equal(RENDERED)
  })

  it('reports the on-host rollback when the host stops answering', async () => {
    const previous = 'network: {version: 2}\n'
    const host = tryHost(previous)
    let down = true
    host.onExec(argv('mv', `${STATE}/armed`), { rc: 124, timedOut: true })
    host.onExec(argv('cat', `${STATE}/rolled-back`), () => {
      if (down) {
        // What the watchdog does on the host at the deadline.
        down = false
        host.withFile(FILE, previous)
        throw new Error('connection lost')
      }
      return { stdout: '0\n' }
    })
    const started = Date.now()
    const { result } = await runLab(netplan, host, { ...base, apply: 'try', timeout: 1 })
    expect(Date.now() - started).to.be.at.least(1000)
    expect(result).to.deep.include({ failed: true, changed: false, rolled_back: true })
    expect(result.msg).to.equal('fakehost did not answer within 1s of netplan apply; the watchdog on the host restored the previous configuration and applied it again')
    expect(String(host.files.get(FILE))).to.equal(previous)
  })

  it('restores at once when netplan apply fails but the host answers', async () => {
    const host = tryHost(undefined)
    host.onExec(argv('netplan', 'apply'), { rc: 1, stderr: 'Error in network definition\n' })
    const { result } = await runLab(netplan, host, { ...base, apply: 'try', timeout: 5 })
    expect(result).to.deep.include({ failed: true, changed: false, rolled_back: true })
    expect(result.msg).to.equal('netplan apply failed (rc 1): Error in network definition; the previous configuration was restored and applied again')
    expect(host.actions.at(-1)).to.equal(`<script> ${STATE} ${FILE}`)
  })

  it('fails without changing anything when the watchdog cannot start', async () => {
    const host = new NetplanHost().onExec(script('tsplay-netplan-try'), { rc: 1, stderr: 'mktemp: failed\n' })
    const { result } = await runLab(netplan, host, { ...base, apply: 'try' })
    expect(result).to.deep.include({ failed: true, changed: false })
    expect(host.files.has(FILE)).to.equal(false)
  })

  it('says so when the host never comes back', async () => {
    const host = tryHost(undefined)
    host.onExec(argv('netplan', 'apply'), () => {
      throw new Error('connection lost')
    })
    host.onExec(argv('cat'), { rc: 255, timedOut: true })
    const install = async () => void (await host.write(FILE, RENDERED, { mode: 0o600 }))
    const result = await tryNetplan(host, install, { path: FILE, timeoutSeconds: 1, settleSeconds: 1, progress: () => {} })
    expect(result).to.deep.include({ failed: true, rolled_back: false })
    expect(result.msg).to.equal(`fakehost did not answer within 1s of netplan apply, nor after the rollback deadline; the watchdog on the host restores ${FILE} from ${STATE}/previous and re-applies it`)
  })
})
