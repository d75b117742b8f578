// The README's main job, for real: `tsplay playbooks/lab.yml -i inventories/local` on this
// machine — packages, kernel settings, libvirtd, networks, VMs, a standalone Ironic and the
// introspection of the nodes — then a second run that changes nothing, and reset.yml, which
// must leave libvirt as it found it. It runs inside private namespaces (namespace.sh): the
// system folders are copy-on-write overlays and the network namespace is new, so this
// machine's packages, files, sysctls and bridges are untouched and every daemon the lab
// starts ends with the namespace. The Debian packages the lab installs are installed on the
// machine beforehand (as every suite installs what it needs), since the namespace has no
// network to download them.
import { expect } from 'chai'
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { builtinModules } from '../../modules/index.js'
import { repoRoot } from '../cli/helpers.js'

const inCI = process.env.CI === 'true' || process.env.CI === '1'
const LAB = ['playbooks/lab.yml', '-i', 'inventories/local']
const RESET = ['playbooks/reset.yml', '-i', 'inventories/local']

/** Every step runs the built CLI inside the namespace; its output, exit code and time go to files. */
const STEPS: { name: string; args: string[] }[] = [
  { name: 'check-fresh', args: [...LAB, '--check', '--diff'] },
  { name: 'hypervisor', args: [...LAB, '-t', 'hypervisor'] },
  { name: 'check', args: [...LAB, '--check'] },
  { name: 'first', args: LAB },
  { name: 'second', args: LAB },
  { name: 'reset', args: RESET },
  { name: 'reset-again', args: RESET },
]

/** The packages the lab's tasks install: the hypervisor role's Debian list and undercloud_install's. */
function labPackages(): string[] {
  const defaults = parse(readFileSync(join(repoRoot, 'roles/hypervisor/defaults/main.yml'), 'utf8')) as { hypervisor_packages: { Debian: string[] } }
  const schema = builtinModules.undercloud_install!.params as { properties: { packages: { default: string[] } } }
  return [...defaults.hypervisor_packages.Debian, ...schema.properties.packages.default]
}

function run(argv: string[], timeoutMs = 900_000): { ok: boolean; out: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}`.trim() }
}

/** Why the lab cannot run here, or undefined once the packages are installed and apt's lists are fresh. */
function prepareMachine(): string | undefined {
  if (process.getuid?.() !== 0) return 'the lab runs as root'
  for (const tool of ['unshare', 'mount', 'ip']) if (!run(['sh', '-c', `command -v ${tool}`]).ok) return `${tool} is missing`
  // The hypervisor role refreshes apt's lists older than a day; the namespace has no network, so refresh them here.
  const lists = '/var/lib/apt/lists'
  const stale = !existsSync(lists) || Date.now() - statSync(lists).mtimeMs > 12 * 3600_000
  if (stale) {
    const update = run(['apt-get', 'update', '-q'])
    if (!update.ok) return `apt-get update failed: ${update.out.slice(-400)}`
  }
  const packages = labPackages()
  const status = run(['dpkg-query', '-W', '-f', '${db:Status-Abbrev} ${Package}\\n', ...packages])
  const installed = new Set(status.out.split('\n').filter((l) => l.startsWith('ii ')).map((l) => l.trim().split(/\s+/).pop()))
  const missing = packages.filter((p) => !installed.has(p))
  if (missing.length === 0) return undefined
  const install = run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing])
  return install.ok ? undefined : `apt-get install ${missing.join(' ')} failed: ${install.out.slice(-400)}`
}

/** The steps script: each CLI run, then what libvirt and Ironic hold at that point. */
function stepsScript(out: string): string {
  const snapshot = (name: string) =>
    `{ virsh -c qemu:///system net-list --all --name; echo ---; virsh -c qemu:///system list --all --name; } 2>&1 | sed '/^$/d' > ${out}/${name}.libvirt`
  const lines = ['set -u', `cd ${repoRoot}`, 'export ANSIBLE_NOCOLOR=1 CI=']
  for (const step of STEPS) {
    lines.push(
      `start=$(date +%s%N)`,
      `node dist/bin/tsplay.mjs ${step.args.join(' ')} > ${out}/${step.name}.out 2>&1; echo $? > ${out}/${step.name}.rc`,
      `echo $(( ($(date +%s%N) - start) / 1000000 )) > ${out}/${step.name}.ms`,
      snapshot(step.name),
    )
    if (step.name === 'second') {
      lines.push(`(. /root/ironicrc && openstack baremetal node list -f json --fields name provision_state) > ${out}/nodes.json 2>&1`)
      lines.push(`ls /etc/sysctl.d/ > ${out}/sysctl.d.txt; cat /proc/sys/net/ipv4/ip_forward > ${out}/ip_forward.txt`)
    }
    if (step.name === 'check-fresh') lines.push(`test -e /etc/sysctl.d/90-lab.conf && echo yes > ${out}/check-wrote || true`)
  }
  return lines.join('\n') + '\n'
}

interface Recap {
  ok: number
  changed: number
  failed: number
  unreachable: number
}

function recapOf(output: string): Recap {
  const line = output.split('PLAY RECAP')[1]?.split('\n').find((l) => l.includes('ok='))
  if (!line) throw new Error(`no recap in:\n${output.slice(-3000)}`)
  const field = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(line)![1])
  return { ok: field('ok'), changed: field('changed'), failed: field('failed'), unreachable: field('unreachable') }
}

describe('the local lab, for real (README main job) in private namespaces', function () {
  this.timeout(40 * 60_000)
  let work: string
  const read = (name: string) => readFileSync(join(work, 'out', name), 'utf8')
  const step = (name: string) => ({ rc: Number(read(`${name}.rc`)), out: read(`${name}.out`), seconds: Number(read(`${name}.ms`)) / 1000 })

  before(function () {
    const why = prepareMachine()
    if (why) {
      if (inCI) throw new Error(`the local lab cannot run: ${why}`)
      this.skip()
    }
    work = mkdtempSync(join(tmpdir(), 'tsplay-lab-'))
    chmodSync(work, 0o755)
    const out = join(work, 'out')
    spawnSync('mkdir', ['-p', out, join(work, 'layers')])
    writeFileSync(join(work, 'steps.sh'), stepsScript(out))
    return new Promise<void>((resolve, reject) => {
      const child = spawn('unshare', ['--mount', '--net', '--pid', '--uts', '--fork', '--mount-proc', join(repoRoot, 'test/lab/namespace.sh'), join(work, 'layers'), join(work, 'steps.sh')], { stdio: ['ignore', 'pipe', 'pipe'] })
      let log = ''
      child.stdout.on('data', (d) => (log += d))
      child.stderr.on('data', (d) => (log += d))
      const timer = setTimeout(() => child.kill('SIGKILL'), 35 * 60_000)
      child.on('close', (code) => {
        clearTimeout(timer)
        if (code === 0 || existsSync(join(out, 'reset-again.rc'))) resolve()
        else reject(new Error(`the namespace ended with ${code}: ${log.slice(-3000)}`))
      })
    })
  })

  after(() => {
    if (!work) return
    const times = STEPS.filter((s) => existsSync(join(work, 'out', `${s.name}.ms`))).map((s) => `${s.name} ${step(s.name).seconds.toFixed(1)} s`)
    console.log(`      lab timings: ${times.join(', ')}`)
    if (process.env.TSPLAY_KEEP_LAB) console.log(`      kept ${work}`)
    else rmSync(work, { recursive: true, force: true })
  })

  it('check mode on a fresh machine completes and changes nothing', () => {
    const s = step('check-fresh')
    expect(s.rc, s.out.slice(-4000)).to.equal(0)
    expect(recapOf(s.out).failed).to.equal(0)
    expect(recapOf(s.out).changed).to.be.greaterThan(0)
    expect(existsSync(join(work, 'out', 'check-wrote')), 'check mode wrote /etc/sysctl.d/90-lab.conf').to.equal(false)
    expect(read('check-fresh.libvirt')).to.match(/virsh|failed to connect/i) // libvirtd was never started
  })

  it('check mode with libvirtd running defines no network or VM', () => {
    const s = step('check')
    expect(s.rc, s.out.slice(-4000)).to.equal(0)
    expect(read('check.libvirt')).to.equal(read('hypervisor.libvirt'))
  })

  it('the first run builds the lab: networks active, VMs defined, nodes available in Ironic', () => {
    const s = step('first')
    expect(s.rc, s.out.slice(-6000)).to.equal(0)
    expect(recapOf(s.out)).to.include({ failed: 0, unreachable: 0 })
    expect(s.out).to.include('Skipped the bmc phase')
    const [networks, domains] = read('second.libvirt').split('---')
    expect(networks!.trim().split('\n')).to.include.members(['lab-provisioning', 'lab-management', 'lab-external'])
    expect(domains!.trim().split('\n')).to.include.members(['controller-0', 'compute-0'])
    const nodes = JSON.parse(read('nodes.json')) as { Name: string; 'Provisioning State': string }[]
    expect(nodes.map((n) => [n.Name, n['Provisioning State']]).sort()).to.deep.equal([['compute-0', 'available'], ['controller-0', 'available']])
    expect(read('sysctl.d.txt')).to.include('90-lab.conf')
    expect(read('ip_forward.txt').trim()).to.equal('1')
  })

  it('a second run reports changed=0', () => {
    const s = step('second')
    expect(s.rc, s.out.slice(-6000)).to.equal(0)
    expect(recapOf(s.out)).to.include({ changed: 0, failed: 0 })
  })

  it('reset.yml returns libvirt to how it was before the lab, and a second reset changes nothing', () => {
    const s = step('reset')
    expect(s.rc, s.out.slice(-4000)).to.equal(0)
    expect(recapOf(s.out).changed).to.be.greaterThan(0)
    expect(read('reset.libvirt')).to.equal(read('hypervisor.libvirt'))
    const again = step('reset-again')
    expect(again.rc, again.out.slice(-4000)).to.equal(0)
    expect(recapOf(again.out)).to.include({ changed: 0, failed: 0 })
  })
})
