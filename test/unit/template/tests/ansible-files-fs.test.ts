import { expect } from 'chai'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tests } from '../../../../engine/template/tests/index.js'

const is = (name: string, value: unknown, ...args: unknown[]) => tests[name](value, args, {})

describe('tests: path tests on real files', () => {
  let root: string
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'tsplay-files-'))
    writeFileSync(join(root, 'f'), 'x')
    symlinkSync(join(root, 'f'), join(root, 'good-link'))
    symlinkSync(join(root, 'missing'), join(root, 'broken-link'))
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('follow symlinks for file/exists but not for link/link_exists', () => {
    expect(is('file', join(root, 'good-link'))).to.equal(true)
    expect(is('link', join(root, 'good-link'))).to.equal(true)
    expect(is('exists', join(root, 'broken-link'))).to.equal(false)
    expect(is('link_exists', join(root, 'broken-link'))).to.equal(true)
    expect(is('directory', root)).to.equal(true)
  })

  it('same_file compares inodes and fails for a missing path', () => {
    expect(is('same_file', join(root, 'good-link'), join(root, 'f'))).to.equal(true)
    expect(() => is('same_file', join(root, 'nope'), join(root, 'f'))).to.throw('No such file or directory')
  })

  it('mount is true for / only among these', () => {
    expect(is('mount', '/')).to.equal(true)
    expect(is('mount', root)).to.equal(false)
  })
})
