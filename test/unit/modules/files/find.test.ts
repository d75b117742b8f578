import { expect } from 'chai'
import { promises as fs } from 'node:fs'
import find from '../../../../modules/find.js'
import { parseAge, parseSize } from '../../../../modules/lib/files/find-filters.js'
import { Sandbox, runModule } from './helpers.js'

describe('find module', () => {
  let box: Sandbox
  beforeEach(async () => {
    box = await Sandbox.create()
    const t = box.path('t')
    await fs.mkdir(`${t}/a/b`, { recursive: true })
    await fs.mkdir(`${t}/.hid`)
    await fs.writeFile(`${t}/f1.log`, 'hello\n')
    await fs.writeFile(`${t}/a/f2.log`, 'world\n')
    await fs.writeFile(`${t}/a/b/f3.txt`, 'x\n')
    await fs.writeFile(`${t}/.hid/f4.log`, 'h\n')
    await fs.writeFile(`${t}/big.bin`, Buffer.alloc(5000))
    await fs.symlink('a', `${t}/la`)
    await fs.utimes(`${t}/a/f2.log`, new Date('2020-01-01'), new Date('2020-01-01'))
  })
  afterEach(() => box.cleanup())

  const names = (result: Record<string, unknown>) => (result.files as { path: string }[]).map((f) => f.path.slice(box.path('t').length + 1))

  // Expected lists and counts are what Ansible's find returned on the same tree.
  const cases: [string, Record<string, unknown>, string[], number][] = [
    ['files of the folder only', {}, ['f1.log', 'big.bin'], 5],
    // hidden is about an entry's own name: a file in a hidden folder is found.
    ['globs, recursively', { patterns: '*.log', recurse: true }, ['f1.log', '.hid/f4.log', 'a/f2.log'], 9],
    ['regexes and excludes', { recurse: true, use_regex: true, patterns: ['^f\\d'], excludes: ['.*txt$'] }, ['f1.log', '.hid/f4.log', 'a/f2.log'], 9],
    ['by age', { recurse: true, age: '1w' }, ['a/f2.log'], 9],
    ['by size', { recurse: true, size: '4k' }, ['big.bin'], 9],
    ['by content', { recurse: true, contains: 'wor' }, ['a/f2.log'], 9],
    ['folders to a depth, hidden ones left out', { recurse: true, depth: 1, file_type: 'directory' }, ['a'], 8],
    ['hidden folders with hidden=yes', { recurse: true, depth: 1, file_type: 'directory', hidden: true }, ['.hid', 'a'], 8],
    ['links', { file_type: 'link' }, ['la'], 5],
  ]
  for (const [title, args, expected, examined] of cases) {
    it(`finds ${title}`, async () => {
      const run = await runModule(find, box.host, { paths: box.path('t'), ...args })
      expect(names(run.result)).to.have.members(expected)
      expect(run.result).to.include({ changed: false, matched: expected.length, examined, msg: 'All paths examined' })
    })
  }

  it('returns the stat of each file and its checksum on request', async () => {
    const run = await runModule(find, box.host, { paths: box.path('t'), patterns: 'f1.log', get_checksum: true })
    const [f] = run.result.files as Record<string, unknown>[]
    expect(f).to.include({ path: box.path('t', 'f1.log'), isreg: true, size: 6, checksum: 'f572d396fae9206628714fb2ce00f72e94f2258f' })
    expect(f!.mode).to.match(/^0[0-7]{3}$/)
  })

  it('skips paths that are not folders, with a warning', async () => {
    const run = await runModule(find, box.host, { paths: [box.path('nope'), box.path('t', 'f1.log')] })
    expect(run.result.msg).to.equal('Not all paths examined, check warnings for details')
    expect(run.result.skipped_paths).to.deep.equal({
      [box.path('nope')]: `'${box.path('nope')}' is not a directory`,
      [box.path('t', 'f1.log')]: `'${box.path('t', 'f1.log')}' is not a directory`,
    })
  })

  it('reads ages and sizes with units', () => {
    expect([parseAge('30'), parseAge('2d'), parseAge('-1w')]).to.deep.equal([30, 172800, -604800])
    expect([parseSize('100'), parseSize('4k'), parseSize('-1g')]).to.deep.equal([100, 4096, -(1024 ** 3)])
    expect(() => parseAge('2 days')).to.throw('failed to process age')
  })
})
