import { expect } from 'chai'
import { promises as fs } from 'node:fs'
import blockinfile from '../../../../modules/blockinfile.js'
import { editBlock, type BlockSpec } from '../../../../modules/lib/files/blockinfile-edit.js'
import { Sandbox, runModule, runTwice } from './helpers.js'

const BASE = '# sysctl\na=1\nb=2\n[section]\nc=3'
const spec = (s: Partial<BlockSpec>): BlockSpec => ({ block: 'x=1', present: true, marker: '# {mark} ANSIBLE MANAGED BLOCK', markerBegin: 'BEGIN', markerEnd: 'END', ...s })
const block = (body: string, marker = '# {mark} ANSIBLE MANAGED BLOCK') => `${marker.replace('{mark}', 'BEGIN')}\n${body}${marker.replace('{mark}', 'END')}\n`

describe('blockinfile', () => {
  // Expected texts are what ansible-playbook 2.14 wrote for the same edits.
  const cases: [string, string | null, Partial<BlockSpec>, string][] = [
    ['appends at EOF, ending the last line first', BASE, {}, `${BASE}\n${block('x=1\n')}`],
    ['replaces the block between its markers', `a\n${block('old\n')}b\n`, { block: 'new1\nnew2\n' }, `a\n${block('new1\nnew2\n')}b\n`],
    ['inserts after the last match of insertafter', BASE, { insertAfter: '^a=' }, `# sysctl\na=1\n${block('x=1\n')}b=2\n[section]\nc=3`],
    ['inserts before insertbefore', BASE, { insertBefore: '^\\[section\\]' }, `# sysctl\na=1\nb=2\n${block('x=1\n')}[section]\nc=3`],
    ['inserts at BOF', 'a\n', { insertBefore: 'BOF' }, `${block('x=1\n')}a\n`],
    ['uses custom markers', 'a\n', { marker: '; {mark} vbmc', markerBegin: 'START', markerEnd: 'STOP' }, 'a\n; START vbmc\nx=1\n; STOP vbmc\n'],
    ['removes the block with state=absent', `a\n${block('x\n')}b\n`, { present: false }, 'a\nb\n'],
    ['removes the block when it is empty', `a\n${block('x\n')}b\n`, { block: '' }, 'a\nb\n'],
    ['searches a multiline pattern in the whole text', 'a=1\nb=2\nc=3\n', { insertAfter: '(?m)^b=2$' }, `a=1\nb=2\n${block('x=1\n')}c=3\n`],
    ['fills a new file', null, {}, block('x=1\n')],
  ]
  for (const [title, original, s, expected] of cases) {
    it(title, () => {
      expect(editBlock(original, spec(s))).to.equal(expected)
    })
  }

  describe('module', () => {
    let box: Sandbox
    beforeEach(async () => {
      box = await Sandbox.create()
    })
    afterEach(() => box.cleanup())

    it('inserts, is idempotent, and removes with the right messages', async () => {
      const path = box.path('f.conf')
      await fs.writeFile(path, BASE)
      const [first, second] = await runTwice(blockinfile, box.host, { path, block: 'x=1\ny=2\n' }, { diffMode: true })
      expect(first.result).to.include({ changed: true, msg: 'Block inserted' })
      expect((first.result.diff as Record<string, unknown>[])[0]).to.include({ before: BASE, before_header: `${path} (content)` })
      expect(second.result).to.include({ changed: false, msg: '' })
      const removed = await runModule(blockinfile, box.host, { path, state: 'absent' })
      expect(removed.result).to.include({ changed: true, msg: 'Block removed' })
      expect(await fs.readFile(path, 'utf8')).to.equal(`${BASE}\n`)
    })

    it('creates a file with create=yes, and fails on a missing one otherwise', async () => {
      const path = box.path('sub', 'new.conf')
      const refused = await runModule(blockinfile, box.host, { path, block: 'k=v' })
      expect(refused.result).to.include({ failed: true, rc: 257, msg: `Path ${path} does not exist !` })
      const made = await runModule(blockinfile, box.host, { path, block: 'k=v', create: true, backup: true })
      expect(made.result).to.include({ changed: true, msg: 'File created' })
      expect(made.result).to.not.have.property('backup_file')
      expect(await fs.readFile(path, 'utf8')).to.equal(block('k=v\n'))
    })

    it('leaves the file alone in check mode', async () => {
      const path = box.path('f.conf')
      await fs.writeFile(path, BASE)
      const run = await runModule(blockinfile, box.host, { path, block: 'z' }, { checkMode: true })
      expect(run.result.changed).to.equal(true)
      expect(await fs.readFile(path, 'utf8')).to.equal(BASE)
    })
  })
})
