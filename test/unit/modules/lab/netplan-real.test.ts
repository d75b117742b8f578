// The netplan module's real-system parts, safely:
//  - the on-host rollback watchdog of apply: try, run for real by /bin/sh on this machine,
//    with a stub `netplan` first in PATH (it only logs) and files in a temporary folder;
//  - validation by the real `netplan generate --root-dir` on a mirror tree, which never
//    touches the running network (netplan.io is installed when missing).
import { expect } from 'chai'
import { execFileSync } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { TaskHost, type Host } from '../../../../engine/module.js'
import netplan from '../../../../modules/netplan.js'
import { tryNetplan } from '../../../../modules/lib/lab/netplan-try.js'
import { MirrorTree, requireTool, runLab } from './lab-helpers.js'

const STUB = `#!/bin/sh
echo "$*" >>"$STUB_LOG"
if [ -e "$STUB_FAIL" ]; then rm -f "$STUB_FAIL"; echo "stub netplan failure" >&2; exit 1; fi
exit 0
`

/** A local host whose PATH starts with the stub netplan, and whose temporary files stay in `dir`. */
async function stubbedHost(dir: string): Promise<Host> {
  const bin = join(dir, 'bin')
  execFileSync('mkdir', ['-p', bin, join(dir, 'tmp')])
  await writeFile(join(bin, 'netplan'), STUB)
  await chmod(join(bin, 'netplan'), 0o755)
  const env = { PATH: `${bin}:${process.env.PATH}`, TMPDIR: join(dir, 'tmp'), STUB_LOG: join(dir, 'log'), STUB_FAIL: join(dir, 'fail') }
  const host = new TaskHost('localhost', new LocalConnection(), { env })
  // Never go on unless `netplan` really is the stub: the real one would reconfigure this machine.
  const found = await host.exec(['sh', '-c', 'command -v netplan'])
  if (found.stdout.trim() !== join(bin, 'netplan')) throw new Error(`the stub netplan is not first in PATH (${found.stdout.trim()})`)
  return host
}

/** The host, except that the confirmation never arrives (as when the network went away). */
function silentAfterApply(host: Host): Host {
  return Object.assign(Object.create(host) as Host, {
    exec: (cmd: Parameters<Host['exec']>[0], opts?: Parameters<Host['exec']>[1]) =>
      Array.isArray(cmd) && cmd[0] === 'mv' ? Promise.resolve({ rc: 124, stdout: '', stderr: '', timedOut: true }) : host.exec(cmd, opts),
  })
}

const stubLog = async (dir: string) => (existsSync(join(dir, 'log')) ? (await readFile(join(dir, 'log'), 'utf8')).trim().split('\n') : [])

describe('netplan apply: try with the real watchdog (stub netplan)', () => {
  let dir: string
  let file: string
  let host: Host
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsplay-netplan-try-'))
    file = join(dir, '60-lab.yaml')
    host = await stubbedHost(dir)
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))
  const install = (content: string) => async () => void (await writeFile(file, content))
  const options = { timeoutSeconds: 1, settleSeconds: 5, progress: () => {} }

  it('keeps the new file once the host confirms, and the watchdog leaves quietly', async () => {
    await writeFile(file, 'old\n')
    const result = await tryNetplan(host, install('new\n'), { ...options, path: file })
    expect(result).to.deep.include({ changed: true, applied: 'try', rolled_back: false })
    await sleep(1600)
    expect(await readFile(file, 'utf8')).to.equal('new\n')
    expect(await stubLog(dir)).to.deep.equal(['apply'])
    expect(execFileSync('ls', [join(dir, 'tmp')]).toString()).to.equal('')
  })

  it('restores the previous file and applies again when no confirmation arrives', async () => {
    await writeFile(file, 'old\n')
    await chmod(file, 0o600)
    const result = await tryNetplan(silentAfterApply(host), install('new\n'), { ...options, path: file })
    expect(result).to.deep.include({ failed: true, rolled_back: true })
    expect(await readFile(file, 'utf8')).to.equal('old\n')
    expect((await stat(file)).mode & 0o777).to.equal(0o600)
    expect(await stubLog(dir)).to.deep.equal(['apply', 'apply'])
  })

  it('removes a new file again when no confirmation arrives', async () => {
    const result = await tryNetplan(silentAfterApply(host), install('new\n'), { ...options, path: file })
    expect(result).to.deep.include({ failed: true, rolled_back: true })
    expect(existsSync(file)).to.equal(false)
  })

  it('restores at once when netplan apply fails, and the watchdog then does nothing', async () => {
    await writeFile(file, 'old\n')
    await writeFile(join(dir, 'fail'), '')
    const result = await tryNetplan(host, install('new\n'), { ...options, timeoutSeconds: 3, path: file })
    expect(result).to.deep.include({ failed: true, rolled_back: true })
    expect(String(result.msg)).to.match(/^netplan apply failed \(rc 1\): stub netplan failure; the previous configuration was restored/)
    expect(await readFile(file, 'utf8')).to.equal('old\n')
    await sleep(3300)
    expect(await stubLog(dir)).to.deep.equal(['apply', 'apply'])
    expect(await readFile(file, 'utf8')).to.equal('old\n')
  })
})

/** netplan on this machine, installed with apt-get when missing (as root). */
function ensureNetplan(ctx: Mocha.Context): void {
  const present = () => {
    try {
      execFileSync('sh', ['-c', 'command -v netplan'], { stdio: 'pipe' })
      return true
    } catch {
      return false
    }
  }
  if (present()) return
  if (process.getuid?.() === 0) {
    ctx.timeout(600_000)
    try {
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'netplan.io'], { stdio: 'pipe', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    } catch {
      // reported below
    }
  }
  if (!present()) requireTool(ctx, 'netplan (package netplan.io) is not installed and could not be installed')
}

describe('netplan validation by the real netplan generate (mirror tree)', function () {
  let tree: MirrorTree
  before(function () {
    ensureNetplan(this)
  })
  beforeEach(async () => {
    tree = await MirrorTree.create({ '/etc/netplan/50-uplink.yaml': 'network:\n  version: 2\n  ethernets:\n    eno1: {dhcp4: true}\n' })
    await chmod(tree.path('/etc/netplan/50-uplink.yaml'), 0o600)
  })
  afterEach(() => tree.cleanup())

  const bridge = (interfaces: string[], extra: Record<string, unknown> = {}) => ({
    name: 'lab',
    root: tree.root,
    config: { bridges: { br0: { interfaces, addresses: ['10.0.0.1/24'], parameters: { stp: false }, ...extra } } },
  })

  it('writes a file netplan accepts (mode 0600), then finds nothing to do', async () => {
    const first = await runLab(netplan, tree.host, bridge(['eno1']))
    expect(first.result.failed, String(first.result.msg)).to.equal(undefined)
    expect(first.result).to.deep.include({ changed: true, validated: true })
    const written = tree.path('/etc/netplan/60-lab.yaml')
    expect((await stat(written)).mode & 0o777).to.equal(0o600)
    expect(await tree.read('/etc/netplan/60-lab.yaml')).to.contain('br0:')
    const second = await runLab(netplan, tree.host, bridge(['eno1']))
    expect(second.result.changed).to.equal(false)
  })

  it('refuses a key netplan does not know, naming the line in the target file', async () => {
    const { result } = await runLab(netplan, tree.host, bridge(['eno1'], { adresses: ['10.0.0.2/24'] }))
    expect(result.failed).to.equal(true)
    expect(String(result.msg)).to.match(new RegExp(`${tree.path('/etc/netplan/60-lab.yaml')}:\\d+:\\d+: Error in network definition: unknown key 'adresses'`))
    expect(existsSync(tree.path('/etc/netplan/60-lab.yaml'))).to.equal(false)
  })

  it('checks the new file together with the others in /etc/netplan', async () => {
    const { result } = await runLab(netplan, tree.host, bridge(['eno9']))
    expect(result.failed).to.equal(true)
    expect(String(result.msg)).to.contain("interface 'eno9' is not defined")
  })
})
