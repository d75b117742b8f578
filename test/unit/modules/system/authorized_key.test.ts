import { expect } from 'chai'
import type { ModuleOutcome } from '../../../../engine/module.js'
import authorized_key from '../../../../modules/authorized_key.js'
import { parseKeyFile, parseKeyOptions, serializeKeys } from '../../../../modules/lib/system/authorized-keys.js'
import { SECTION } from '../../../../modules/lib/system/target.js'
import { fakeContext, script, SystemHost } from './system-host.js'

const A = 'ssh-ed25519 AAAAC3NzaA alice@laptop'
const B = 'ssh-rsa AAAAB3NzaB bob@desk'
const FILE = '/home/stack/.ssh/authorized_keys'
const defaults = { user: 'stack', manage_dir: true, state: 'present', exclusive: false, validate_certs: true, follow: false }

function keysHost(existing?: string): SystemHost {
  const host = new SystemHost().onExec(script('getent passwd', 'stack'), {
    stdout: `stack:x:1001:1001::/home/stack:/bin/bash\n${SECTION}\n${SECTION}\n`,
  })
  if (existing !== undefined) host.withFile(FILE, existing)
  return host
}

async function written(host: SystemHost, out: ModuleOutcome): Promise<string | undefined> {
  if (out.kind === 'change' && out.apply) await out.apply()
  const write = host.calls.find((c) => c.op === 'write')
  return write && write.op === 'write' ? String(write.data) : undefined
}

describe('authorized_key module', () => {
  const cases: { title: string; existing?: string; params: Record<string, unknown>; after?: string }[] = [
    { title: 'creates the file with the key', params: { key: A }, after: `${A}\n` },
    { title: 'leaves a key that is there', existing: `${A}\n`, params: { key: A } },
    { title: 'appends after existing lines and comments', existing: `# team keys\n${B}\n`, params: { key: A }, after: `# team keys\n${B}\n${A}\n` },
    { title: 'adds several keys in their order', params: { key: `${A}\n# a comment\n\n${B}` }, after: `${A}\n${B}\n` },
    { title: 'replaces a key whose comment differs, moving it last', existing: `ssh-ed25519 AAAAC3NzaA old\n${B}\n`, params: { key: A }, after: `${B}\n${A}\n` },
    { title: 'sets key options', existing: `${A}\n`, params: { key: A, key_options: 'no-pty,from="10.0.0.0/8"' }, after: `no-pty,from="10.0.0.0/8" ${A}\n` },
    { title: 'treats options in another order as the same', existing: `from="10.0.0.0/8",no-pty ${A}\n`, params: { key: A, key_options: 'no-pty,from="10.0.0.0/8"' } },
    { title: 'overrides the comment', params: { key: A, comment: 'deploy' }, after: 'ssh-ed25519 AAAAC3NzaA deploy\n' },
    { title: 'writes a key without comment with a trailing space, as Ansible does', params: { key: 'ssh-rsa AAAAB3NzaB' }, after: 'ssh-rsa AAAAB3NzaB \n' },
    { title: 'removes a key', existing: `${A}\n${B}\n`, params: { key: A, state: 'absent' }, after: `${B}\n` },
    { title: 'removing a missing key changes nothing', existing: `${B}\n`, params: { key: A, state: 'absent' } },
    { title: 'exclusive removes every other line', existing: `# note\n${B}\n${A}\n`, params: { key: A, exclusive: true }, after: `${A}\n` },
  ]
  for (const c of cases) {
    it(c.title, async () => {
      const host = keysHost(c.existing)
      const out = await authorized_key.run(host, { ...defaults, ...c.params } as never, fakeContext())
      expect(out.kind).to.equal(c.after === undefined ? 'ok' : 'change')
      expect(out.result).to.include({ keyfile: FILE, user: 'stack' })
      expect(await written(host, out)).to.equal(c.after)
    })
  }

  it('makes .ssh 0700 and the file 0600, owned by the user', async () => {
    const host = keysHost()
    const out = await authorized_key.run(host, { ...defaults, key: A } as never, fakeContext())
    await written(host, out)
    const mkdir = host.execs.find((c) => Array.isArray(c) && String(c[2]).includes('mkdir -p -m 0700')) as string[]
    expect(mkdir.slice(4)).to.deep.equal(['/home/stack/.ssh', '1001:1001'])
    const write = host.calls.find((c) => c.op === 'write')
    expect(write && write.op === 'write' && write.opts).to.deep.equal({ mode: 0o600, owner: 1001, group: 1001 })
  })

  it('gives a diff and writes nothing in check mode', async () => {
    const host = keysHost(`${B}\n`)
    const out = await authorized_key.run(host, { ...defaults, key: A } as never, fakeContext({ checkMode: true }))
    expect(out.kind === 'change' && out.diff).to.deep.equal({ before_header: FILE, after_header: FILE, before: `${B}\n`, after: `${B}\n${A}\n` })
    expect(out.kind === 'change' && out.apply).to.equal(undefined)
  })

  const failures: [string, Record<string, unknown>, boolean, string][] = [
    ['an invalid key', { key: 'not a key' }, false, 'invalid key specified: not a key'],
    ['a missing user', { user: 'nobody2', key: A }, false, `Failed to lookup user nobody2: "getpwnam(): name not found: 'nobody2'"`],
    ['a missing user in check mode without path', { user: 'nobody2', key: A }, true, 'Either user must exist or you must provide full path to key file in check mode'],
  ]
  for (const [what, params, checkMode, msg] of failures) {
    it(`fails for ${what}`, async () => {
      const host = keysHost()
      const out = await authorized_key.run(host, { ...defaults, ...params } as never, fakeContext({ checkMode }))
      expect(out.kind).to.equal('fail')
      expect(out.result.msg).to.equal(msg)
    })
  }

  it('keeps quoted commas inside one option', () => {
    expect(parseKeyOptions('command="a,b",no-pty,permitopen="h:1",permitopen="h:2"')).to.deep.equal([
      ['command', '"a,b"'], ['no-pty', null], ['permitopen', '"h:1"'], ['permitopen', '"h:2"'],
    ])
  })

  it('re-serializes a file it cannot fully parse without losing lines', () => {
    const text = `# comment\ngarbage line\n${A}\n\n`
    expect(serializeKeys(parseKeyFile(text))).to.equal(text)
  })
})
