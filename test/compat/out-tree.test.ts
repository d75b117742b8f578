// The out/ tree the harness compares: kinds, modes, contents, link targets, hard links, and
// backup names that carry a pid and a timestamp. Needs neither ansible-playbook nor tsplay.
import { expect } from 'chai'
import { chmodSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { changedPaths, normaliseBackupNames, readOutTree, showContent, type OutEntry } from './out-tree.js'

describe('compat harness: out/ tree', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'compat-tree-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('is null without an out/ folder', async () => {
    expect(await readOutTree(join(dir, 'out'))).to.equal(null)
  })

  it('lists kinds, modes, contents, link targets and hard link counts', async () => {
    const out = join(dir, 'out')
    mkdirSync(join(out, 'etc'), { recursive: true })
    chmodSync(out, 0o755)
    chmodSync(join(out, 'etc'), 0o2750)
    writeFileSync(join(out, 'etc', 'a.conf'), 'x = 1\n')
    chmodSync(join(out, 'etc', 'a.conf'), 0o640)
    linkSync(join(out, 'etc', 'a.conf'), join(out, 'hard.conf'))
    symlinkSync('etc/a.conf', join(out, 'soft.conf'))
    symlinkSync('missing', join(out, 'dangling'))
    expect(await readOutTree(out)).to.deep.equal({
      '': { type: 'dir', mode: '0755' },
      dangling: { type: 'link', target: 'missing' },
      etc: { type: 'dir', mode: '2750' },
      'etc/a.conf': { type: 'file', mode: '0640', content: 'x = 1\n', links: 2 },
      'hard.conf': { type: 'file', mode: '0640', content: 'x = 1\n', links: 2 },
      'soft.conf': { type: 'link', target: 'etc/a.conf' },
    })
  })

  it('sees a mode change even when the content is the same', async () => {
    const out = join(dir, 'out')
    mkdirSync(out)
    writeFileSync(join(out, 'f'), 'same')
    chmodSync(join(out, 'f'), 0o644)
    const before = await readOutTree(out)
    chmodSync(join(out, 'f'), 0o600)
    expect(changedPaths(before, await readOutTree(out))).to.deep.equal(['f'])
  })

  const contents: Array<[string, Buffer, RegExp | string]> = [
    ['text as is', Buffer.from('héllo\n'), 'héllo\n'],
    ['binary as size and digest', Buffer.from([0xff, 0xfe, 0x00, 0x01]), /^<4 bytes, sha256 [0-9a-f]{64}>$/],
    ['text with NUL as binary', Buffer.from('a\u0000b'), /^<3 bytes, sha256 /],
    ['very large text as digest', Buffer.alloc(70 * 1024, 'a'), /^<71680 bytes, sha256 /],
  ]
  for (const [title, bytes, expected] of contents) {
    it(`shows content: ${title}`, () => {
      const shown = showContent(bytes)
      if (typeof expected === 'string') expect(shown).to.equal(expected)
      else expect(shown).to.match(expected)
    })
  }

  it('normalises backup names and numbers several backups of one file', () => {
    const file: OutEntry = { type: 'file', mode: '0644', content: 'x' }
    const tree = normaliseBackupNames([
      ['motd.4242.2024-05-01@10:00:02~', file],
      ['motd', file],
      ['motd.77.2024-05-01@10:00:01~', file],
      ['notes.2024~', file],
    ])
    expect(Object.keys(tree)).to.deep.equal(['motd', 'motd.<backup>~', 'motd.<backup>2~', 'notes.2024~'])
  })

  it('reports added, removed and changed paths', () => {
    const file = (content: string): OutEntry => ({ type: 'file', mode: '0644', content })
    const before = { '': { type: 'dir', mode: '0755' } as OutEntry, a: file('1'), b: file('2') }
    const after = { '': { type: 'dir', mode: '0755' } as OutEntry, b: file('3'), c: file('4') }
    expect(changedPaths(before, after)).to.deep.equal(['a', 'b', 'c'])
    expect(changedPaths(null, null)).to.deep.equal([])
    expect(changedPaths(before, before)).to.deep.equal([])
  })
})
