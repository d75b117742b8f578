import { expect } from 'chai'
import { parseAccountFile, TargetAccounts } from '../../../../modules/lib/files/accounts.js'
import { backupName } from '../../../../modules/lib/files/backup.js'
import { contentDiff, MAX_FILE_SIZE_FOR_DIFF } from '../../../../modules/lib/files/diff.js'
import { parseFindOutput, walk } from '../../../../modules/lib/files/remote-tree.js'
import { validationArgv, checkValidateParam } from '../../../../modules/lib/files/validate.js'
import { planTimes } from '../../../../modules/lib/files/timestamps.js'
import { FakeHost } from '../fake-host.js'

describe('file module helpers', () => {
  it('reads passwd/group files: first entry of an id names it, comments and NIS lines skipped', () => {
    const table = parseAccountFile('# comment\nroot:x:0:0::/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\n+nis\nstack:x:1000:1000::/home/stack:/bin/bash\n')
    expect(table.nameById.get(0)).to.equal('root')
    expect(table.idByName.get('toor')).to.equal(0)
    expect(table.idByName.get('stack')).to.equal(1000)
    expect(table.idByName.has('+nis')).to.equal(false)
  })

  it('asks getent for accounts the files do not have (LDAP, SSSD)', async () => {
    const host = new FakeHost().withFile('/etc/passwd', 'root:x:0:0::/root:/bin/sh\n').onExec('getent passwd ldapuser', { stdout: 'ldapuser:*:5000:5000::/home/l:/bin/sh\n' })
    const accounts = new TargetAccounts(host)
    expect(await accounts.uid('root')).to.equal(0)
    expect(await accounts.uid('ldapuser')).to.equal(5000)
    expect(await accounts.userName(5000)).to.equal('ldapuser')
    expect(await accounts.uid('1234')).to.equal(1234)
  })

  it('names a uid and gid with one question when the host can answer it, else from the account files', async () => {
    const asking = new FakeHost()
    const asked: number[][] = []
    asking.accountNames = async (uids, gids) => {
      asked.push([...uids, ...gids])
      return { users: ['ldapuser'], groups: [undefined] }
    }
    expect(await new TargetAccounts(asking).names(5000, 5001)).to.deep.equal(['ldapuser', undefined])
    expect(asked).to.deep.equal([[5000, 5001]])
    expect(asking.ops).to.deep.equal([])
    const reading = new FakeHost().withFile('/etc/passwd', 'root:x:0:0::/root:/bin/sh\n').withFile('/etc/group', 'wheel:x:10:\n')
    reading.accountNames = async () => undefined
    expect(await new TargetAccounts(reading).names(0, 10)).to.deep.equal(['root', 'wheel'])
  })

  it('names backups like Ansible', () => {
    expect(backupName('/etc/hosts', new Date(2024, 4, 1, 9, 3, 7), 42)).to.equal('/etc/hosts.42.2024-05-01@09:03:07~')
  })

  it('builds the validate command like `validate % path` then shlex.split', () => {
    expect(validationArgv('visudo -cf %s', '/tmp/t')).to.deep.equal(['visudo', '-cf', '/tmp/t'])
    expect(validationArgv("sh -c 'test -s \"%s\"' 100%%", '/tmp/t')).to.deep.equal(['sh', '-c', 'test -s "/tmp/t"', '100%'])
    expect(() => checkValidateParam('visudo -c')).to.throw('validate must contain %s: visudo -c')
  })

  const diffs: [string, Buffer | null | 'large', Buffer, Record<string, unknown>][] = [
    ['a new file', null, Buffer.from('new'), { before: '', after: 'new', after_header: 'src' }],
    ['a changed file', Buffer.from('old'), Buffer.from('new'), { before: 'old', before_header: 'dest', after: 'new', after_header: 'src' }],
    ['a binary destination', Buffer.from([0, 1]), Buffer.from('new'), { dst_binary: 1, after: 'new', after_header: 'src' }],
    ['a huge destination', 'large', Buffer.from('new'), { dst_larger: MAX_FILE_SIZE_FOR_DIFF, after: 'new', after_header: 'src' }],
    ['a binary source', Buffer.from('old'), Buffer.from([0]), { before: 'old', before_header: 'dest', src_binary: 1 }],
  ]
  for (const [title, dest, source, expected] of diffs) {
    it(`diffs ${title} like the copy action`, () => {
      expect(contentDiff({ content: dest, header: 'dest' }, { content: source, header: 'src' })).to.deep.equal(expected)
    })
  }

  it('rebuilds os.walk order from a find listing: files, then folders, top down', () => {
    const fields = (type: string, depth: number, path: string) => [type, type, '755', '0', '0', 'root', 'root', '1', '2', '3', '1', '1.5', '2.5', '3.5', String(depth), '', path]
    const listing = [
      fields('d', 1, 'r/b'),
      fields('f', 2, 'r/b/x'),
      fields('f', 1, 'r/a'),
      fields('d', 1, 'r/c'),
    ].flat().join('\0') + '\0'
    const entries = parseFindOutput(listing)
    expect(entries[1]).to.include({ path: 'r/b/x', type: 'file', depth: 2, mode: 0o755, mtime: 2.5 })
    const steps = [...walk('r', entries)].map((s) => ({ dir: s.dir, files: s.files.map((f) => f.path), dirs: s.dirs.map((d) => d.path) }))
    expect(steps).to.deep.equal([
      { dir: 'r', files: ['r/a'], dirs: ['r/b', 'r/c'] },
      { dir: 'r/b', files: ['r/b/x'], dirs: [] },
      { dir: 'r/c', files: [], dirs: [] },
    ])
  })

  it('plans times: preserve does nothing, both now always changes', () => {
    const st = { path: '/f', exists: true as const, isdir: false, isreg: true, islnk: false, mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 10, atime: 20, ctime: 0, inode: 1, dev: 1, nlink: 1 }
    expect(planTimes('/f', st, null, null).changed).to.equal(false)
    expect(planTimes('/f', st, 10, null).changed).to.equal(false)
    expect(planTimes('/f', st, 'now', 'now', 30)).to.deep.include({ changed: true, commands: [['touch', '-c', '--', '/f']] })
    expect(planTimes('/f', st, 15, null)).to.deep.include({ before: { mtime: 10 }, after: { mtime: 15 }, commands: [['touch', '-c', '-m', '-d', '@15', '--', '/f']] })
  })
})
