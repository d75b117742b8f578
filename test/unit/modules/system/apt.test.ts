// apt against the recording fake host only: no test installs or removes a package here.
import { expect } from 'chai'
import type { ModuleOutcome, ModuleResult } from '../../../../engine/module.js'
import { validateModuleParams } from '../../../../engine/load/module-params.js'
import apt from '../../../../modules/apt.js'
import { compareDebianVersions } from '../../../../modules/lib/system/dpkg-version.js'
import { parsePolicy } from '../../../../modules/lib/system/apt-state.js'
import { preparedDiff } from '../../../../modules/lib/system/apt-commands.js'
import { SECTION } from '../../../../modules/lib/system/target.js'
import { argv, fakeContext, script, SystemHost } from './system-host.js'

const NOW = Date.now() / 1000
const DPKG_OPTS = ['-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold']
const LOCK = ['-o', 'DPkg::Lock::Timeout=60']

const policy = (name: string, installed: string | undefined, candidate: string | undefined, versions: string[] = []) =>
  `${name}:\n  Installed: ${installed ?? '(none)'}\n  Candidate: ${candidate ?? '(none)'}\n  Version table:\n` +
  versions.map((v) => ` ${v === installed ? '***' : '   '} ${v} 500\n        500 http://deb.debian.org/debian bookworm/main amd64 Packages\n`).join('')

interface Setup {
  dpkg?: string
  auto?: string[]
  policy?: string
  cacheAge?: number
}

function aptHost(s: Setup): SystemHost {
  return new SystemHost()
    .withStat('/var/lib/apt/periodic/update-success-stamp', { mtime: NOW - (s.cacheAge ?? 100) })
    .onExec(script('dpkg-query -W'), { stdout: `${s.dpkg ?? ''}${SECTION}\n${(s.auto ?? []).map((n) => `Package: ${n}\nArchitecture: amd64\nAuto-Installed: 1\n`).join('')}` })
    .onExec(argv('apt-cache', 'policy'), { stdout: s.policy ?? '' })
    .onExec(argv('apt-cache', 'pkgnames'), { stdout: 'nova-api\nnova-common\nneutron-common\n' })
}

const installed = (name: string, version: string) => `${name}\tamd64\tinstall ok installed\t${version}\t\n`

async function run(host: SystemHost, args: Record<string, unknown>, checkMode = false): Promise<{ out: ModuleOutcome; applied?: ModuleResult | void }> {
  const params = validateModuleParams(apt, args)
  const out = await apt.run(host, params as never, fakeContext({ checkMode }))
  const applied = out.kind === 'change' && out.apply ? await out.apply() : undefined
  return { out, applied }
}

/** apt-get / apt-mark commands that ran (reads and simulations left out). */
const changes = (host: SystemHost) => host.execs.filter((c) => Array.isArray(c) && ['apt-get', 'apt-mark'].includes(c[0]!) && !c.includes('--simulate')) as string[][]

describe('apt module (fake host only)', () => {
  const cases: { title: string; args: Record<string, unknown>; setup: Setup; runs: string[][] }[] = [
    { title: 'leaves an installed package alone, asking dpkg only', args: { name: 'curl' }, setup: { dpkg: installed('curl', '7.88.1-10') }, runs: [] },
    { title: 'installs a missing package at its candidate', args: { name: 'sl' }, setup: { policy: policy('sl', undefined, '5.02-1', ['5.02-1']) }, runs: [['apt-get', '-y', ...DPKG_OPTS, 'install', 'sl=5.02-1', ...LOCK]] },
    {
      title: 'installs only what is missing from a comma list, without recommends',
      args: { name: 'curl,sl', install_recommends: false },
      setup: { dpkg: installed('curl', '7.88.1-10'), policy: policy('sl', undefined, '5.02-1', ['5.02-1']) },
      runs: [['apt-get', '-y', ...DPKG_OPTS, 'install', 'sl=5.02-1', '-o', 'APT::Install-Recommends=no', ...LOCK]],
    },
    { title: 'upgrades to a newer candidate with state=latest', args: { name: 'curl', state: 'latest' }, setup: { dpkg: installed('curl', '7.88.1-10'), policy: policy('curl', '7.88.1-10', '7.88.1-10+deb12u5', ['7.88.1-10+deb12u5', '7.88.1-10']) }, runs: [['apt-get', '-y', ...DPKG_OPTS, 'install', 'curl=7.88.1-10+deb12u5', ...LOCK]] },
    { title: 'keeps the candidate with state=latest', args: { name: 'curl', state: 'latest' }, setup: { dpkg: installed('curl', '7.88.1-10'), policy: policy('curl', '7.88.1-10', '7.88.1-10', ['7.88.1-10']) }, runs: [] },
    { title: 'accepts an installed version that satisfies >=', args: { name: 'curl>=7.0' }, setup: { dpkg: installed('curl', '7.88.1-10') }, runs: [] },
    { title: 'installs a version matching a glob', args: { name: 'sl=5.*' }, setup: { policy: policy('sl', undefined, '6.0-1', ['6.0-1', '5.02-1']) }, runs: [['apt-get', '-y', ...DPKG_OPTS, 'install', 'sl=5.02-1', ...LOCK]] },
    { title: 'marks an auto-installed package manual', args: { name: 'libxml2' }, setup: { dpkg: installed('libxml2', '2.9'), auto: ['libxml2'] }, runs: [['apt-mark', 'manual', 'libxml2']] },
    { title: 'removes an installed package', args: { name: 'curl', state: 'absent' }, setup: { dpkg: installed('curl', '7.88.1-10') }, runs: [['apt-get', '-q', '-y', ...DPKG_OPTS, 'remove', 'curl', ...LOCK]] },
    { title: 'purges leftover configuration', args: { name: 'sl', state: 'absent', purge: true }, setup: { dpkg: 'sl\tamd64\tdeinstall ok config-files\t5.02-1\t\n' }, runs: [['apt-get', '-q', '-y', ...DPKG_OPTS, '--purge', 'remove', 'sl', ...LOCK]] },
    { title: 'leaves leftover configuration without purge', args: { name: 'sl', state: 'absent' }, setup: { dpkg: 'sl\tamd64\tdeinstall ok config-files\t5.02-1\t\n' }, runs: [] },
    {
      title: 'expands wildcards against apt\'s package names',
      args: { name: 'nova-*' },
      setup: { policy: policy('nova-api', undefined, '1', ['1']) + policy('nova-common', undefined, '1', ['1']) },
      runs: [['apt-get', '-y', ...DPKG_OPTS, 'install', 'nova-api=1', 'nova-common=1', ...LOCK]],
    },
  ]
  for (const c of cases) {
    it(c.title, async () => {
      const host = aptHost(c.setup)
      const { out } = await run(host, c.args)
      expect(out.kind).to.equal(c.runs.length ? 'change' : 'ok')
      expect(changes(host)).to.deep.equal(c.runs)
    })
  }

  it('needs a single command to see that installed packages are there', async () => {
    const host = aptHost({ dpkg: installed('curl', '7.88.1-10') + installed('git', '1:2.39.2-1') })
    expect((await run(host, { name: ['curl', 'git'] })).out.kind).to.equal('ok')
    expect(host.commands).to.deep.equal(['<script> curl git'])
  })

  it('runs apt-get non-interactively and reports its output', async () => {
    const host = aptHost({ policy: policy('sl', undefined, '5.02-1', ['5.02-1']) }).onExec(argv('apt-get', '-y'), { stdout: 'Setting up sl (5.02-1) ...\n' })
    const { out, applied } = await run(host, { name: 'sl' })
    expect(out.result).to.include({ cache_updated: false })
    expect(applied).to.deep.include({ stdout: 'Setting up sl (5.02-1) ...\n', stdout_lines: ['Setting up sl (5.02-1) ...'] })
    const call = host.calls.find((c) => c.op === 'exec' && Array.isArray(c.cmd) && c.cmd[0] === 'apt-get')
    expect(call?.op === 'exec' && call.opts.env).to.include({ DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' })
  })

  it('reports a failing apt-get with its command line', async () => {
    const host = aptHost({ policy: policy('sl', undefined, '5.02-1', ['5.02-1']) }).onExec(argv('apt-get', '-y'), { rc: 100, stderr: 'E: Unable to fetch\n' })
    const { applied } = await run(host, { name: 'sl' })
    expect(applied).to.include({ failed: true, rc: 100 })
    expect(String((applied as ModuleResult).msg)).to.match(/^'apt-get -y .* install sl=5\.02-1 .*' failed: E: Unable to fetch\n$/)
  })

  const failures: [string, Record<string, unknown>, Setup, string][] = [
    ['an unknown package', { name: 'nosuch' }, {}, "No package matching 'nosuch' is available"],
    ['a spec with two =', { name: 'a=1=2' }, {}, 'invalid package spec: a=1=2'],
    ['a wildcard that matches nothing', { name: 'zzz*' }, {}, "No package(s) matching 'zzz*' available"],
    ['a version nobody has', { name: 'sl=9.*' }, { policy: policy('sl', undefined, '5.02-1', ['5.02-1']) }, 'no available installation candidate for sl=9.*'],
    ['extra packages with "*" and latest', { name: ['*', 'curl'], state: 'latest' }, {}, 'unable to install additional packages when upgrading all installed packages'],
  ]
  for (const [what, args, setup, msg] of failures) {
    it(`fails for ${what}`, async () => {
      const { out } = await run(aptHost(setup), args)
      expect(out.kind).to.equal('fail')
      expect(out.result.msg).to.equal(msg)
    })
  }

  it('updates stale lists in apply, then plans on the fresh ones', async () => {
    const host = aptHost({ dpkg: installed('curl', '7.88.1-10'), cacheAge: 7200 })
    const { out, applied } = await run(host, { name: 'curl', update_cache: true, cache_valid_time: 3600 })
    expect(out.kind).to.equal('change')
    expect(changes(host)[0]).to.deep.equal(['apt-get', 'update', '-q', ...LOCK])
    expect(host.commands.indexOf('<script> curl')).to.be.greaterThan(host.commands.findIndex((c) => c.startsWith('apt-get update')))
    // The fake stamp keeps its mtime: the update changed nothing, and curl is installed.
    expect(applied).to.deep.include({ changed: false, cache_updated: false })
  })

  it('does not update fresh lists', async () => {
    const host = aptHost({ dpkg: installed('curl', '7.88.1-10'), cacheAge: 100 })
    const { out } = await run(host, { name: 'curl', update_cache: true, cache_valid_time: 3600 })
    expect(out.kind).to.equal('ok')
    expect(changes(host)).to.deep.equal([])
  })

  it('reports an update of stale lists in check mode without running it', async () => {
    const host = aptHost({ cacheAge: 7200 })
    const { out } = await run(host, { update_cache: true }, true)
    expect(out).to.deep.include({ kind: 'change', result: { cache_updated: true, cache_update_time: Math.floor(NOW - 7200) } })
    expect(changes(host)).to.deep.equal([])
  })

  it('decides upgrade=dist from a simulation', async () => {
    const host = aptHost({}).onExec((c) => Array.isArray(c) && c.includes('--simulate'), { stdout: 'Reading state information...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n' })
    const { out } = await run(host, { upgrade: 'dist' })
    expect(out.kind).to.equal('ok')
    expect(changes(host)).to.deep.equal([])
  })

  const versions: [string, string, number][] = [
    ['1.0', '1.0', 0], ['1.0', '1.0.1', -1], ['1.0~rc1', '1.0', -1], ['1:0.9', '2.0', 1], ['2.30-1', '2.4-1', 1],
    ['7.88.1-10+deb12u5', '7.88.1-10', 1], ['1.0a', '1.0', 1], ['1.0-1', '1.0-1~bpo1', 1], ['0010', '10', 0],
  ]
  for (const [a, b, sign] of versions) {
    it(`orders Debian versions: ${a} vs ${b}`, () => {
      expect(Math.sign(compareDebianVersions(a, b))).to.equal(sign)
      expect(Math.sign(compareDebianVersions(b, a))).to.equal(-sign)
    })
  }

  it('parses apt-cache policy', () => {
    expect(parsePolicy(policy('curl', '1.0', '1.1', ['1.1', '1.0']) + 'virt:\n  Installed: (none)\n  Candidate: (none)\n  Version table:\n')).to.deep.equal(
      new Map([['curl', { installed: '1.0', candidate: '1.1', versions: ['1.1', '1.0'] }], ['virt', { versions: [] }]]),
    )
  })

  it('cuts the prepared diff out of apt-get output', () => {
    const out = 'Reading package lists...\nReading state information...\nThe following NEW packages will be installed:\n  sl\n0 upgraded, 1 newly installed, 0 to remove.\nInst sl\n'
    expect(preparedDiff(out)).to.deep.equal({ prepared: 'The following NEW packages will be installed:\n  sl\n0 upgraded, 1 newly installed, 0 to remove.' })
  })
})
