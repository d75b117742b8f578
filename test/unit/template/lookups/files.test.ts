import { expect } from 'chai'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { lookups } from '../../../../engine/template/lookups/index.js'
import type { LookupContext } from '../../../../engine/template/types.js'
import { makeContext, makeTree } from './fixture.js'

// Expectations checked with ansible-playbook 2.14 on the same tree (playbook folder only;
// the role folder comes first in the search, as inside a role).
describe('lookups: file, template, fileglob, first_found', () => {
  let root: string
  let ctx: LookupContext
  let playbookOnly: LookupContext
  before(() => {
    const tree = makeTree()
    root = tree.root
    ctx = makeContext(tree.searchPaths, { name: 'Ann' })
    playbookOnly = makeContext([join(root, 'playbook')], { name: 'Ann' })
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  const run = (c: () => LookupContext, name: string, terms: unknown[], kwargs = {}) => lookups[name](terms, kwargs, c())

  it('file strips trailing whitespace by default; lstrip/rstrip change that', () => {
    expect(run(() => playbookOnly, 'file', ['hello.txt'])).to.deep.equal(['  hello world'])
    expect(run(() => playbookOnly, 'file', ['hello.txt'], { lstrip: true })).to.deep.equal(['hello world'])
    expect(run(() => playbookOnly, 'file', ['hello.txt'], { rstrip: false })).to.deep.equal(['  hello world \n\n'])
  })

  it('file searches files/ then the folder itself, role before playbook, and takes absolute paths', () => {
    expect(run(() => ctx, 'file', ['hello.txt', 'role.txt', 'plain.txt'])).to.deep.equal(['hello from the role', 'role only', 'in the playbook folder'])
    expect(run(() => ctx, 'file', [join(root, 'playbook', 'default.yml')])).to.deep.equal(['x: 1'])
    expect(() => run(() => ctx, 'file', ['nope.txt'])).to.throw('could not locate file in lookup: nope.txt')
  })

  it('file rejects an unknown option, suggesting the right one', () => {
    expect(() => run(() => ctx, 'file', ['hello.txt'], { rstirp: false })).to.throw("lookup 'file' has no option 'rstirp'")
  })

  it('template renders with template_vars and template_path', () => {
    expect(run(() => ctx, 'template', ['greeting.j2'], { template_vars: { name: 'Bo' } })).to.deep.equal(['Hello Bo from greeting.j2!\n'])
    expect(() => run(() => ctx, 'template', ['nope.j2'])).to.throw('the template file nope.j2 could not be found for the lookup')
    expect(() => run(() => ctx, 'template', ['greeting.j2'], { variable_start_string: '[[' })).to.throw('not supported by tsplay')
  })

  it('fileglob with a folder finds it like a file; hidden files are not matched', () => {
    const found = run(() => ctx, 'fileglob', ['conf.d/*.conf']) as string[]
    expect([...found].sort()).to.deep.equal([join(root, 'playbook/files/conf.d/a.conf'), join(root, 'playbook/files/conf.d/b.conf')])
  })

  it('fileglob without a folder stops at the first search folder with matches', () => {
    expect(run(() => playbookOnly, 'fileglob', ['*.txt'])).to.deep.equal([join(root, 'playbook/files/hello.txt')])
    expect(run(() => ctx, 'fileglob', ['*.nothing'])).to.deep.equal([])
  })

  it('first_found returns the first existing name, from terms or files/paths', () => {
    expect(run(() => ctx, 'first_found', ['nope.yml', 'default.yml'])).to.deep.equal([join(root, 'playbook/default.yml')])
    const params = { files: ['x.yml', 'default.yml'], paths: [join(root, 'playbook')] }
    expect(run(() => ctx, 'first_found', [params])).to.deep.equal([join(root, 'playbook/default.yml')])
    expect(run(() => ctx, 'first_found', [{ files: 'x.yml,hello.txt' }])).to.deep.equal([join(root, 'role/files/hello.txt')])
  })

  it('first_found skips names with undefined variables, and skip=true gives [] instead of an error', () => {
    expect(run(() => ctx, 'first_found', ['{{ undefined_var }}.yml', 'default.yml'])).to.deep.equal([join(root, 'playbook/default.yml')])
    expect(run(() => ctx, 'first_found', ['{{ name }}.yml', 'default.yml'])).to.deep.equal([join(root, 'playbook/default.yml')])
    expect(run(() => ctx, 'first_found', ['nope.yml'], { skip: true })).to.deep.equal([])
    expect(() => run(() => ctx, 'first_found', ['nope.yml'])).to.throw('No file was found when using first_found.')
    expect(() => run(() => ctx, 'first_found', [], { files: ['default.yml'] })).to.throw('No file was found when using first_found.')
  })
})
