import { expect } from 'chai'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalConnection } from '../../../../engine/connection/local.js'
import { TaskHost } from '../../../../engine/module.js'
import { planExtras } from '../../../../modules/lib/system/user-extras.js'
import type { ExecResult } from '../../../../engine/connection/connection.js'
import type { ModuleOutcome, ModuleResult } from '../../../../engine/module.js'
import group from '../../../../modules/group.js'
import user, { looksHashed } from '../../../../modules/user.js'
import { SECTION } from '../../../../modules/lib/system/target.js'
import { argv, fakeContext, script, scriptArgs, SystemHost } from './system-host.js'

const GROUPS = 'root:x:0:\nwheel:x:10:alice\nlibvirt:x:120:\nstack:x:1001:\ndocker:x:130:stack\n'
const STACK = 'stack:x:1001:1001:Stack user:/home/stack:/bin/bash\n'
const HASH = '$6$salt$' + 'a'.repeat(86)

async function apply(out: ModuleOutcome): Promise<ModuleResult | void> {
  return out.kind === 'change' && out.apply ? out.apply() : undefined
}

describe('group module', () => {
  const defaults = { system: false, local: false, non_unique: false, state: 'present' }
  const cases: { title: string; params: Record<string, unknown>; kind: string; runs: string[]; result?: Record<string, unknown> }[] = [
    { title: 'adds a missing group', params: { name: 'kvm', gid: 36, system: true }, kind: 'change', runs: ['groupadd -g 36 -r kvm'] },
    { title: 'adds with a shared gid', params: { name: 'kvm', gid: 120, non_unique: true }, kind: 'change', runs: ['groupadd -g 120 -o kvm'] },
    { title: 'keeps a group whose gid is right', params: { name: 'libvirt', gid: 120 }, kind: 'ok', runs: [], result: { gid: 120, system: false } },
    { title: 'keeps a group when no gid is asked', params: { name: 'libvirt' }, kind: 'ok', runs: [] },
    { title: 'changes the gid', params: { name: 'libvirt', gid: 121 }, kind: 'change', runs: ['groupmod -g 121 libvirt'], result: { gid: 120 } },
    { title: 'removes a group', params: { name: 'libvirt', state: 'absent' }, kind: 'change', runs: ['groupdel libvirt'] },
    { title: 'leaves an absent group absent', params: { name: 'nope', state: 'absent' }, kind: 'ok', runs: [] },
    { title: 'uses lgroup* commands with local', params: { name: 'kvm', local: true }, kind: 'change', runs: ['lgroupadd kvm'] },
  ]
  for (const c of cases) {
    it(c.title, async () => {
      const host = new SystemHost().onExec(argv('getent', 'group'), { stdout: GROUPS })
      const out = await group.run(host, { ...defaults, ...c.params } as never, fakeContext())
      expect(out.kind).to.equal(c.kind)
      if (c.result) expect(out.result).to.include(c.result)
      await apply(out)
      expect(host.argvCommands.filter((cmd) => !cmd.startsWith('getent'))).to.deep.equal(c.runs)
    })
  }

  it('reports the new gid after adding', async () => {
    const host = new SystemHost().onExec(argv('getent', 'group'), { stdout: GROUPS }, 1).onExec(argv('getent', 'group'), { stdout: `${GROUPS}kvm:x:36:\n` })
    const out = await group.run(host, { ...defaults, name: 'kvm', gid: 36 } as never, fakeContext())
    expect(await apply(out)).to.deep.include({ name: 'kvm', state: 'present', gid: 36, system: false })
  })

  it('reports changed without acting in check mode', async () => {
    const host = new SystemHost().onExec(argv('getent', 'group'), { stdout: GROUPS })
    const out = await group.run(host, { ...defaults, name: 'kvm' } as never, fakeContext({ checkMode: true }))
    expect(out.kind).to.equal('change')
    expect(out.kind === 'change' && out.apply).to.equal(undefined)
  })

  it('fails with groupadd\'s message', async () => {
    const host = new SystemHost().onExec(argv('getent', 'group'), { stdout: GROUPS }).onExec(argv('groupadd'), { rc: 4, stderr: 'groupadd: GID \'120\' already exists\n' })
    const out = await group.run(host, { ...defaults, name: 'kvm', gid: 120 } as never, fakeContext())
    expect(await apply(out)).to.include({ failed: true, msg: "groupadd: GID '120' already exists\n" })
  })
})

/** A host whose getent answers for `stack` (or for nobody). */
function accountsHost(passwd: string, opts: { shadow?: string; groups?: string; after?: string } = {}): SystemHost {
  const answer = (pw: string): Partial<ExecResult> => ({ stdout: `${pw}${SECTION}\n${opts.shadow ?? ''}${SECTION}\n${opts.groups ?? GROUPS}` })
  const host = new SystemHost()
  if (opts.after !== undefined) host.onExec(script('getent passwd'), answer(passwd), 1).onExec(script('getent passwd'), answer(opts.after))
  else host.onExec(script('getent passwd'), answer(passwd))
  return host
}

describe('user module', () => {
  const defaults = {
    state: 'present', non_unique: false, force: false, remove: false, create_home: true, system: false, move_home: false,
    append: false, ssh_key_bits: 0, ssh_key_type: 'rsa', update_password: 'always',
  }
  const run = (host: SystemHost, params: Record<string, unknown>, checkMode = false) =>
    user.run(host, { ...defaults, name: 'stack', ...params } as never, fakeContext({ checkMode }))

  it('creates a missing user, sets the hash through chpasswd and reports the account', async () => {
    const host = accountsHost('', { after: STACK }).withDir('/home/stack')
    const out = await run(host, { shell: '/bin/bash', groups: ['wheel', 'libvirt'], password: HASH, system: false })
    expect(out.kind).to.equal('change')
    const result = await apply(out)
    expect(host.argvCommands).to.deep.equal(['useradd -N -G wheel,libvirt -s /bin/bash -m stack', 'chpasswd -e'])
    const chpasswd = host.calls.find((c) => c.op === 'exec' && Array.isArray(c.cmd) && c.cmd[0] === 'chpasswd')
    expect(chpasswd && chpasswd.op === 'exec' && chpasswd.opts.stdin).to.equal(`stack:${HASH}\n`)
    expect(result).to.deep.include({ uid: 1001, group: 1001, home: '/home/stack', shell: '/bin/bash', groups: 'wheel,libvirt', system: false, create_home: true, password: 'NOT_LOGGING_PASSWORD' })
  })

  it('reports only "changed" for a new user in check mode, as Ansible does', async () => {
    const host = accountsHost('')
    const out = await run(host, { shell: '/bin/bash' }, true)
    expect(out).to.deep.equal({ kind: 'change', result: {}, diff: undefined, apply: undefined })
  })

  const modify: { title: string; params: Record<string, unknown>; runs: string[]; groups?: string }[] = [
    { title: 'keeps a user that matches', params: { shell: '/bin/bash', comment: 'Stack user', groups: ['docker'] }, runs: [] },
    { title: 'changes the shell', params: { shell: '/bin/zsh' }, runs: ['usermod -s /bin/zsh stack'] },
    { title: 'replaces supplementary groups', params: { groups: ['wheel'] }, runs: ['usermod -G wheel stack'] },
    { title: 'appends a missing group', params: { groups: ['wheel'], append: true }, runs: ['usermod -a -G wheel stack'] },
    { title: 'does not append a group the user has', params: { groups: ['docker'], append: true }, runs: [] },
    { title: 'empties the groups with an empty list', params: { groups: [] }, runs: ['usermod -G  stack'] },
    { title: 'moves the home', params: { home: '/srv/stack', move_home: true, create_home: false }, runs: ['usermod -d /srv/stack -m stack'] },
    { title: 'sets the primary group by its gid', params: { group: 'wheel' }, runs: ['usermod -g 10 stack'] },
    { title: 'locks the password', params: { password_lock: true }, runs: ['usermod -L stack'] },
    { title: 'sets an expiry date', params: { expires: 1893456000 }, runs: ['usermod -e 2030-01-01 stack'] },
    { title: 'sets password ageing', params: { password_expire_max: 90 }, runs: ['chage -M 90 stack'] },
  ]
  for (const c of modify) {
    it(c.title, async () => {
      const host = accountsHost(STACK, { shadow: `stack:${HASH}:19000:0:99999:7:::\n` }).withDir('/home/stack')
      const out = await run(host, c.params)
      expect(out.kind).to.equal(c.runs.length ? 'change' : 'ok')
      expect(out.result).to.include({ name: 'stack', state: 'present', uid: 1001, append: c.params.append ?? false })
      await apply(out)
      expect(host.argvCommands).to.deep.equal(c.runs)
    })
  }

  it('changes a different hash through chpasswd only when update_password is always', async () => {
    const other = '$6$other$' + 'b'.repeat(86)
    const shadow = `stack:${HASH}:19000:0:99999:7:::\n`
    const always = accountsHost(STACK, { shadow }).withDir('/home/stack')
    await apply(await run(always, { password: other }))
    expect(always.argvCommands).to.deep.equal(['chpasswd -e'])
    const onCreate = accountsHost(STACK, { shadow }).withDir('/home/stack')
    expect((await run(onCreate, { password: other, update_password: 'on_create' })).kind).to.equal('ok')
  })

  it('creates a missing home folder for an existing user', async () => {
    const host = accountsHost(STACK)
    const out = await run(host, {})
    expect(out.kind).to.equal('change')
    await apply(out)
    expect(host.commands.at(-1)).to.equal('<script> /home/stack /etc/skel 1001:1001')
  })

  it('fails for a group that does not exist', async () => {
    const host = accountsHost(STACK).withDir('/home/stack')
    const out = await run(host, { groups: ['nosuch'] })
    expect(out).to.deep.include({ kind: 'fail' })
    expect(out.result.msg).to.equal('Group nosuch does not exist')
  })

  it('removes a user with userdel -f -r', async () => {
    const host = accountsHost(STACK)
    const out = await run(host, { state: 'absent', force: true, remove: true })
    const result = await apply(out)
    expect(host.argvCommands).to.deep.equal(['userdel -f -r stack'])
    expect(result).to.include({ force: true, remove: true })
  })

  it('leaves an existing key pair and reports it', async () => {
    const host = accountsHost(STACK)
      .withDir('/home/stack')
      .withFile('/home/stack/.ssh/id_rsa', 'PRIVATE')
      .withFile('/home/stack/.ssh/id_rsa.pub', 'ssh-rsa AAAA stack\n')
      .onExec(argv('ssh-keygen', '-l'), { stdout: '3072 SHA256:xyz stack (RSA)\n' })
    const out = await run(host, { generate_ssh_key: true })
    expect(out.kind).to.equal('ok')
    expect(out.result).to.include({ ssh_fingerprint: '3072 SHA256:xyz stack (RSA)', ssh_key_file: '/home/stack/.ssh/id_rsa', ssh_public_key: 'ssh-rsa AAAA stack' })
    expect(out.result.warnings).to.deep.equal(['Found existing ssh key private file "/home/stack/.ssh/id_rsa", no force, so skipping ssh-keygen generation'])
  })

  it('generates a key pair owned by the user', async () => {
    const host = accountsHost(STACK).withDir('/home/stack')
    host.facts = { nodename: 'hv1' }
    const out = await run(host, { generate_ssh_key: true, ssh_key_bits: 4096 })
    expect(out.kind).to.equal('change')
    expect(out.result).to.include({ ssh_fingerprint: '', ssh_public_key: null })
    await apply(out)
    expect(scriptArgs(host.execs.at(-1)!)).to.deep.equal([
      '/home/stack/.ssh/id_rsa', '1001:1001',
      'ssh-keygen', '-t', 'rsa', '-b', '4096', '-C', 'ansible-generated on hv1', '-f', '/home/stack/.ssh/id_rsa', '-N', '',
    ])
  })

  const hashes: [string, boolean][] = [
    [HASH, true],
    ['$1$salt$' + 'c'.repeat(22), true],
    ['$6$salt$short', false],
    ['secret', false],
    ['!', true],
    ['$6$salt$' + 'a'.repeat(85) + '%', false],
  ]
  for (const [password, hashed] of hashes) {
    it(`takes ${JSON.stringify(password.slice(0, 12))}… as ${hashed ? '' : 'not '}hashed`, () => {
      expect(looksHashed(password)).to.equal(hashed)
    })
  }
})

describe('user extras on this machine (temporary folders, no account changes)', () => {
  it('creates a home from a skeleton and generates a key pair in it', async function () {
    this.timeout(20000)
    const dir = mkdtempSync(join(tmpdir(), 'tsplay-user-'))
    const connection = new LocalConnection()
    try {
      mkdirSync(join(dir, 'skel'))
      writeFileSync(join(dir, 'skel', '.profile'), 'export A=1\n')
      const host = new TaskHost('local', connection, {})
      const who = { uid: process.getuid!(), gid: process.getgid!(), home: join(dir, 'homes', 'stack') }
      const params = { name: 'stack', create_home: true, skeleton: join(dir, 'skel'), generate_ssh_key: true, ssh_key_type: 'ed25519', ssh_key_bits: 0, ssh_key_comment: 'test key', force: false } as never
      const plan = await planExtras(host, params, who, undefined)
      expect(plan.steps).to.have.length(2)
      const results: unknown[] = []
      for (const step of plan.steps) results.push(await step())
      expect(readFileSync(join(who.home, '.profile'), 'utf8')).to.equal('export A=1\n')
      expect(statSync(join(who.home, '.ssh')).mode & 0o777).to.equal(0o700)
      expect(results[1]).to.include({ ssh_key_file: join(who.home, '.ssh', 'id_ed25519') })
      expect(String((results[1] as Record<string, unknown>).ssh_public_key)).to.match(/^ssh-ed25519 \S+ test key$/)
      const again = await planExtras(host, params, who, undefined)
      expect(again.steps).to.have.length(0)
    } finally {
      await connection.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
