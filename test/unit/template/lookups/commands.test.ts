import { expect } from 'chai'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lookups } from '../../../../engine/template/lookups/index.js'
import { makeContext } from './fixture.js'

describe('lookups: pipe and lines', () => {
  let dir: string
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tsplay-pipe-'))))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const ctx = () => makeContext(['/nonexistent-role', dir])

  it('pipe returns stdout without trailing whitespace, run in the playbook folder', () => {
    expect(lookups.pipe(['echo hello; echo there  '], {}, ctx())).to.deep.equal(['hello\nthere'])
    expect(lookups.pipe(['pwd'], {}, ctx())).to.deep.equal([dir])
  })

  it('lines returns each line of stdout', () => {
    expect(lookups.lines(['printf "a\\nb\\n\\nc"'], {}, ctx())).to.deep.equal(['a', 'b', '', 'c'])
  })

  it('fails like Ansible when the command exits non-zero', () => {
    expect(() => lookups.pipe(['exit 3'], {}, ctx())).to.throw('lookup_plugin.pipe(exit 3) returned 3')
    expect(() => lookups.lines(['false'], {}, ctx())).to.throw('lookup_plugin.lines(false) returned 1')
  })
})
