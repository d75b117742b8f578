// sysctl against the recording fake host (real root '/': only the commands it would run
// are recorded), against a mirror tree (root = a temporary folder), and for real inside
// a network namespace the test creates — never this machine's own kernel parameters.
import { expect } from 'chai'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from '../../../../engine/connection/connection.js'
import sysctl from '../../../../modules/sysctl.js'
import { fileValue, sysctlEntries, withEntry, withoutEntry } from '../../../../modules/lib/lab/sysctl-conf.js'
import { canonicalKey, procRelativePath, sameValue, sysctlValue } from '../../../../modules/lib/lab/sysctl-keys.js'
import { FakeHost } from '../fake-host.js'
import { MirrorTree, requireTool, runLab } from './lab-helpers.js'
import { NetnsHost } from './netns-host.js'

const FILE = '/etc/sysctl.d/99-tsplay.conf'
const FORWARD = '/proc/sys/net/ipv4/ip_forward'
const argvOf = (host: FakeHost) => host.execs.map((c: Command) => (Array.isArray(c) ? c.join(' ') : c.script))

describe('sysctl helpers', () => {
  const keys: [string, string, string][] = [
    ['net.ipv4.ip_forward', 'net.ipv4.ip_forward', 'net/ipv4/ip_forward'],
    ['net/ipv4/ip_forward', 'net.ipv4.ip_forward', 'net/ipv4/ip_forward'],
    ['net/ipv4/conf/eth0.100/forwarding', 'net.ipv4.conf.eth0/100.forwarding', 'net/ipv4/conf/eth0.100/forwarding'],
    ['net.ipv4.conf.eth0/100.forwarding', 'net.ipv4.conf.eth0/100.forwarding', 'net/ipv4/conf/eth0.100/forwarding'],
    [' vm.swappiness ', 'vm.swappiness', 'vm/swappiness'],
  ]
  for (const [name, canonical, proc] of keys) {
    it(`spells ${name.trim()} as ${canonical} and /proc/sys/${proc}`, () => {
      expect(canonicalKey(name)).to.equal(canonical)
      expect(procRelativePath(name)).to.equal(proc)
    })
  }

  it('turns boolean words into 1/0 and trims other values', () => {
    expect(['yes', 'True', 'on', 'no', 'False', 'off', ' 5 ', '4096 87380'].map(sysctlValue)).to.deep.equal(['1', '1', '1', '0', '0', '0', '5', '4096 87380'])
  })

  it('compares values by their words', () => {
    expect(sameValue('4096\t87380  6291456', '4096 87380 6291456')).to.equal(true)
    expect(sameValue('4096 87380', '4096 87380 6291456')).to.equal(false)
    expect(sameValue(undefined, '1')).to.equal(false)
  })

  const edits: { title: string; text: string; edit: (t: string) => string; after: string }[] = [
    { title: 'appends a missing key', text: '# lab\n', edit: (t) => withEntry(t, 'vm.swappiness', '10'), after: '# lab\nvm.swappiness=10\n' },
    { title: 'keeps the spacing of an existing line', text: 'a = 1\nvm.swappiness = 60\n', edit: (t) => withEntry(t, 'vm.swappiness', '10'), after: 'a = 1\nvm.swappiness = 10\n' },
    { title: 'drops later duplicates that would override', text: 'vm.swappiness=1\nb=2\nvm/swappiness = 3\n', edit: (t) => withEntry(t, 'vm.swappiness', '10'), after: 'vm.swappiness=10\nb=2\n' },
    { title: 'matches a key marked optional with -', text: '-net.bridge.x = 0\n', edit: (t) => withEntry(t, 'net.bridge.x', '1'), after: '-net.bridge.x = 1\n' },
    { title: 'removes every line of a key', text: '# c\nkernel.panic=3\nx=1\nkernel.panic = 4\n', edit: (t) => withoutEntry(t, 'kernel.panic'), after: '# c\nx=1\n' },
    { title: 'leaves comments and lines without = alone', text: ';kernel.panic=3\n#kernel.panic=4\nnonsense\n', edit: (t) => withEntry(t, 'kernel.panic', '5'), after: ';kernel.panic=3\n#kernel.panic=4\nnonsense\nkernel.panic=5\n' },
  ]
  for (const c of edits) {
    it(c.title, () => expect(c.edit(c.text)).to.equal(c.after))
  }

  it('reads the value the last line gives', () => {
    expect(fileValue('vm.swappiness=1\n# vm.swappiness=2\nvm.swappiness = 3\n', 'vm/swappiness')).to.equal('3')
    expect(fileValue('', 'vm.swappiness')).to.equal(undefined)
  })
})

describe('sysctl module on the fake host (root /)', () => {
  /** A host whose `sysctl -w` and `sysctl -p` update the fake /proc files, so a second run sees the result. */
  function kernelHost(files: Record<string, string>): FakeHost {
    const host = new FakeHost()
    host.withDir('/etc/sysctl.d')
    for (const [path, content] of Object.entries(files)) host.withFile(path, content)
    const setKnown = (name: string, value: string) => {
      const path = `/proc/sys/${procRelativePath(name)}`
      if (host.files.has(path)) host.withFile(path, `${value}\n`)
    }
    host.onExec((c) => Array.isArray(c) && c[0] === 'sysctl', (c) => {
      const argv = c as string[]
      if (argv.includes('-w')) setKnown(...(argv.at(-1)!.split('=') as [string, string]))
      else for (const e of sysctlEntries(String(host.files.get(argv.at(-1)!) ?? ''))) setKnown(e.key, e.value)
      return {}
    })
    return host
  }

  const cases: {
    title: string
    files: Record<string, string>
    args: Record<string, unknown>
    changed: boolean
    runs: string[]
    file?: string
    live?: string
  }[] = [
    {
      title: 'writes a new entry, sets it live and reloads the file',
      files: { [FORWARD]: '0\n' },
      args: { name: 'net.ipv4.ip_forward', value: '1', sysctl_set: true },
      changed: true,
      runs: ['sysctl -w net.ipv4.ip_forward=1', `sysctl -p ${FILE}`],
      file: 'net.ipv4.ip_forward=1\n',
      live: 'live net.ipv4.ip_forward: 0 → 1\n',
    },
    {
      title: 'finds nothing to do when file and kernel agree word by word',
      files: { [FILE]: 'net.ipv4.tcp_rmem = 4096   87380 6291456\n', '/proc/sys/net/ipv4/tcp_rmem': '4096\t87380\t6291456\n' },
      args: { name: 'net.ipv4.tcp_rmem', value: '4096 87380 6291456', sysctl_set: true },
      changed: false,
      runs: [],
    },
    {
      title: 'only edits the file with reload and sysctl_set off',
      files: { [FILE]: 'vm.swappiness = 60\n', '/proc/sys/vm/swappiness': '60\n' },
      args: { name: 'vm.swappiness', value: 10, reload: false },
      changed: true,
      runs: [],
      file: 'vm.swappiness = 10\n',
    },
    {
      title: 'reloads when the file is right but the kernel is not',
      files: { [FILE]: 'vm.swappiness=10\n', '/proc/sys/vm/swappiness': '60\n' },
      args: { name: 'vm.swappiness', value: '10' },
      changed: true,
      runs: [`sysctl -p ${FILE}`],
      live: 'live vm.swappiness: 60 → 10\n',
    },
    {
      title: 'removes an entry and reloads the rest of the file',
      files: { [FILE]: 'kernel.panic=3\nvm.swappiness=10\n', '/proc/sys/kernel/panic': '3\n' },
      args: { name: 'kernel.panic', state: 'absent' },
      changed: true,
      runs: [`sysctl -p ${FILE}`],
      file: 'vm.swappiness=10\n',
    },
    {
      title: 'leaves an absent entry absent',
      files: { [FILE]: 'vm.swappiness=10\n' },
      args: { name: 'kernel.panic', state: 'absent' },
      changed: false,
      runs: [],
    },
    {
      title: 'accepts yes for 1 and a slashed name',
      files: { [FILE]: 'net.ipv4.ip_forward = 1\n', [FORWARD]: '1\n' },
      args: { name: 'net/ipv4/ip_forward', value: 'yes', sysctl_set: true },
      changed: false,
      runs: [],
    },
    {
      title: 'writes an unknown key to the file only with ignoreerrors',
      files: {},
      args: { name: 'net.bridge.bridge-nf-call-iptables', value: '0', ignoreerrors: true, sysctl_set: true },
      changed: true,
      runs: [`sysctl -e -p ${FILE}`],
      file: 'net.bridge.bridge-nf-call-iptables=0\n',
    },
  ]
  for (const c of cases) {
    it(c.title, async () => {
      const host = kernelHost(c.files)
      const { result } = await runLab(sysctl, host, c.args)
      expect(result.failed, String(result.msg)).to.equal(undefined)
      expect(result.changed).to.equal(c.changed)
      expect(argvOf(host)).to.deep.equal(c.runs)
      const diffs = (result.diff ?? []) as Record<string, unknown>[]
      if (c.file !== undefined) {
        expect(String(host.files.get(FILE))).to.equal(c.file)
        expect(diffs[0]).to.include({ before_header: FILE, before: c.files[FILE] ?? '', after: c.file })
      }
      expect(diffs.find((d) => 'prepared' in d)?.prepared).to.equal(c.live)
      const again = await runLab(sysctl, host, c.args)
      expect(again.result.changed, 'second run').to.equal(false)
    })
  }

  it('fails on a key the kernel does not have, naming the fix', async () => {
    const host = kernelHost({})
    const { result } = await runLab(sysctl, host, { name: 'net.bridge.bridge-nf-call-iptables', value: '0' })
    expect(result.failed).to.equal(true)
    expect(String(result.msg)).to.match(/not a kernel parameter of this host \(\/proc\/sys\/net\/bridge\/bridge-nf-call-iptables does not exist\).*br_netfilter.*ignoreerrors/)
    expect(host.ops).to.not.include('write')
  })

  it('reports a write the kernel refused even when sysctl exits 0', async () => {
    const host = new FakeHost().withDir('/etc/sysctl.d').withFile('/proc/sys/vm/swappiness', '60\n')
    host.onExec('sysctl -w', { rc: 0, stderr: 'sysctl: setting key "vm.swappiness": Invalid argument\n' })
    const { result } = await runLab(sysctl, host, { name: 'vm.swappiness', value: '1000', sysctl_set: true })
    // the file was written before the kernel refused: the task still changed something
    expect(result).to.include({ failed: true, changed: true })
    expect(String(result.msg)).to.equal('setting vm.swappiness failed: sysctl: setting key "vm.swappiness": Invalid argument\n')
  })

  it('changes nothing in check mode but shows the diff', async () => {
    const host = kernelHost({ [FORWARD]: '0\n' })
    const { result } = await runLab(sysctl, host, { name: 'net.ipv4.ip_forward', value: '1', sysctl_set: true }, { checkMode: true })
    expect(result.changed).to.equal(true)
    expect(host.ops.filter((op) => op === 'exec' || op === 'write')).to.deep.equal([])
    expect((result.diff as unknown[]).length).to.equal(2)
  })

  it('requires a value with state=present', async () => {
    const error = await runLab(sysctl, new FakeHost(), { name: 'vm.swappiness' }).then(() => undefined, (err: Error) => err)
    expect(error?.message).to.match(/state is present but all of the following are missing: value/)
  })

  it('creates a missing sysctl.d folder and keeps an existing file mode', async () => {
    const host = kernelHost({ '/etc/sysctl.conf': 'a=1\n', [FORWARD]: '1\n' })
    host.dirs.delete('/etc/sysctl.d')
    await runLab(sysctl, host, { name: 'net.ipv4.ip_forward', value: '1', sysctl_file: '/etc/sysctl.d/90-lab.conf', reload: false })
    expect(argvOf(host)).to.deep.equal(['mkdir -p /etc/sysctl.d'])
    await runLab(sysctl, host, { name: 'kernel.panic', value: '3', sysctl_file: '/etc/sysctl.conf', reload: false })
    const write = host.calls.filter((c) => c.op === 'write').at(-1)
    expect(write).to.deep.include({ path: '/etc/sysctl.conf', data: 'a=1\nkernel.panic=3\n', opts: { mode: 0o644 } })
  })
})

describe('sysctl module on a mirror tree (root = temporary folder)', () => {
  let tree: MirrorTree
  beforeEach(async () => {
    tree = await MirrorTree.create({ '/proc/sys/net/ipv4/ip_forward': '0\n', '/proc/sys/vm/swappiness': '60\n', '/etc/sysctl.d/10-other.conf': '' })
  })
  afterEach(() => tree.cleanup())

  it('writes the file and the tree\'s /proc values, then finds nothing to do', async () => {
    await tree.put(FILE, '# lab\nvm.swappiness = 10\n')
    const args = { name: 'net.ipv4.ip_forward', value: '1', root: tree.root }
    const first = await runLab(sysctl, tree.host, args)
    expect(first.result).to.include({ changed: true, sysctl_file: tree.path(FILE), live: '1' })
    expect(await tree.read(FILE)).to.equal('# lab\nvm.swappiness = 10\nnet.ipv4.ip_forward=1\n')
    // reload applied every entry of the file, as sysctl -p does
    expect(await tree.read('/proc/sys/net/ipv4/ip_forward')).to.equal('1\n')
    expect(await tree.read('/proc/sys/vm/swappiness')).to.equal('10\n')
    const second = await runLab(sysctl, tree.host, args)
    expect(second.result.changed).to.equal(false)
  })

  it('fails the reload on an unknown key in the file unless it is optional', async () => {
    await tree.put(FILE, 'net.bridge.x = 1\n')
    const { result } = await runLab(sysctl, tree.host, { name: 'vm.swappiness', value: '5', root: tree.root })
    expect(result.failed).to.equal(true)
    expect(String(result.msg)).to.match(/^Failed to reload sysctl: sysctl: cannot stat .*net\/bridge\/x/)
    await tree.put(FILE, '-net.bridge.x = 1\n')
    const retry = await runLab(sysctl, tree.host, { name: 'vm.swappiness', value: '6', root: tree.root })
    expect(retry.result.failed).to.equal(undefined)
  })

  it('rejects a relative root', async () => {
    const { result } = await runLab(sysctl, tree.host, { name: 'vm.swappiness', value: '5', root: 'tmp/x' })
    expect(result).to.include({ failed: true, msg: "root must be an absolute path, got 'tmp/x'" })
  })
})

describe('sysctl module for real, inside a network namespace', function () {
  let ns: NetnsHost | undefined
  let dir: string
  before(function () {
    try {
      ns = NetnsHost.create()
    } catch (err) {
      requireTool(this, `cannot create a network namespace: ${(err as Error).message}`)
    }
  })
  after(() => ns?.remove())
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsplay-sysctl-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('sets net.ipv4.ip_forward with sysctl -w and -p, then is idempotent', async () => {
    const file = join(dir, '99-test.conf')
    await writeFile(file, '# test\n')
    const args = { name: 'net.ipv4.ip_forward', value: '1', sysctl_set: true, sysctl_file: file }
    expect((await ns!.read(FORWARD)).trim()).to.equal('0')
    const first = await runLab(sysctl, ns!, args)
    expect(first.result.failed, String(first.result.msg)).to.equal(undefined)
    expect(first.result.changed).to.equal(true)
    expect((await ns!.read(FORWARD)).trim()).to.equal('1')
    expect(await readFile(file, 'utf8')).to.equal('# test\nnet.ipv4.ip_forward=1\n')
    expect(ns!.commands.map((c) => c.join(' '))).to.deep.equal(['sysctl -w net.ipv4.ip_forward=1', `sysctl -p ${file}`])
    const second = await runLab(sysctl, ns!, args)
    expect(second.result.changed).to.equal(false)
  })

  it('reports the real error for a value the kernel refuses', async () => {
    const file = join(dir, '99-bad.conf')
    const { result } = await runLab(sysctl, ns!, { name: 'net.ipv4.ip_local_port_range', value: 'x y', sysctl_set: true, sysctl_file: file, reload: false })
    expect(result.failed).to.equal(true)
    expect(String(result.msg)).to.match(/^setting net\.ipv4\.ip_local_port_range failed: .*Invalid argument/s)
  })
})
