import { expect } from 'chai'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { filters } from '../../../../engine/template/filters/index.js'
import { fnmatchRegex } from '../../../../engine/template/filters/python-glob.js'

describe('filters: path filters on real files', () => {
  let root: string
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'tsplay-paths-'))
    for (const name of ['a.conf', 'b.conf', '.hidden.conf', 'c.txt']) writeFileSync(join(root, name), name)
    mkdirSync(join(root, 'dir.conf'))
    mkdirSync(join(root, 'sub'))
    writeFileSync(join(root, 'sub', 'x.conf'), '')
    symlinkSync(join(root, 'sub'), join(root, 'link'))
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('fileglob returns matching regular files, not hidden ones or directories', () => {
    const found = filters.fileglob(join(root, '*.conf'), [], {}) as string[]
    expect([...found].sort()).to.deep.equal([join(root, 'a.conf'), join(root, 'b.conf')])
  })

  it('fileglob matches hidden files when the pattern starts with a dot, and globs folders too', () => {
    expect(filters.fileglob(join(root, '.h*'), [], {})).to.deep.equal([join(root, '.hidden.conf')])
    expect(filters.fileglob(join(root, 's*', '*.conf'), [], {})).to.deep.equal([join(root, 'sub', 'x.conf')])
    expect(filters.fileglob(join(root, '[ab].conf'), [], {})).to.have.length(2)
  })

  it('realpath resolves symlinks and relpath is relative to a start folder', () => {
    expect(filters.realpath(join(root, 'link', 'x.conf'), [], {})).to.equal(join(root, 'sub', 'x.conf'))
    expect(filters.relpath(join(root, 'sub', 'x.conf'), [root], {})).to.equal('sub/x.conf')
  })

  it('expanduser uses $HOME for ~ and expandvars the environment', () => {
    const saved = process.env.HOME
    process.env.HOME = '/home/tester'
    process.env.TSPLAY_TEST_VAR = 'value'
    try {
      expect(filters.expanduser('~/x', [], {})).to.equal('/home/tester/x')
      expect(filters.expandvars('$TSPLAY_TEST_VAR/${TSPLAY_TEST_VAR}', [], {})).to.equal('value/value')
    } finally {
      process.env.HOME = saved
      delete process.env.TSPLAY_TEST_VAR
    }
  })

  it('fnmatch patterns: [!x] negates, an unclosed [ is literal', () => {
    expect(fnmatchRegex('[!a]*').test('b1')).to.equal(true)
    expect(fnmatchRegex('[!a]*').test('a1')).to.equal(false)
    expect(fnmatchRegex('a[b').test('a[b')).to.equal(true)
  })
})
