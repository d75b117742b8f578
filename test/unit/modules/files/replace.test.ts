import { expect } from 'chai'
import { promises as fs } from 'node:fs'
import replace from '../../../../modules/replace.js'
import { parseReplacement, pyRegex, pySubn } from '../../../../modules/lib/files/py-replace.js'
import { FileModuleFailure } from '../../../../modules/lib/files/failure.js'
import { Sandbox, runModule, runTwice } from './helpers.js'

const CONF = 'options kvm_intel nested=0\n# start\nnameserver 1.1.1.1\nnameserver 8.8.8.8\n# end\nnameserver 9.9.9.9\n'

describe('replace', () => {
  describe('re.subn with Python templates', () => {
    const cases: [string, string, string, string, number][] = [
      ['nested=0', 'nested=1', 'a nested=0 b nested=0', 'a nested=1 b nested=1', 2],
      ['^(\\w+)=(\\d)$', '\\2=\\1', 'a=1\nb=2\n', '1=a\n2=b\n', 2],
      ['(?P<k>\\w+):', '\\g<k> =', 'x: 1', 'x = 1', 1],
      ['x*', '-', 'abxd', '-a-b--d-', 5],
      ['a', '\\n', 'bab', 'b\nb', 1],
      ['a', '\\\\', 'a', '\\', 1],
      ['(a)|b', '[\\1]', 'ab', '[a][]', 2],
    ]
    for (const [pattern, template, text, expected, count] of cases) {
      it(`${pattern} → ${template} on ${JSON.stringify(text)}`, () => {
        expect(pySubn(pyRegex(pattern, { multiline: true }, 'global'), template, text)).to.deep.equal({ text: expected, count })
      })
    }

    for (const [template, msg] of [['\\q', 'bad escape \\q'], ['\\g<1x>', 'bad character in group name']]) {
      it(`rejects the template ${template}`, () => {
        expect(() => parseReplacement(template)).to.throw(FileModuleFailure, msg)
      })
    }

    it('rejects a reference to a group the pattern does not have', () => {
      expect(() => pySubn(pyRegex('a', {}, 'global'), '\\2', 'a')).to.throw(FileModuleFailure, 'invalid group reference 2')
    })
  })

  describe('module', () => {
    let box: Sandbox
    beforeEach(async () => {
      box = await Sandbox.create()
    })
    afterEach(() => box.cleanup())

    it('replaces every match and then finds nothing to do', async () => {
      const path = box.path('kvm.conf')
      await fs.writeFile(path, CONF)
      const [first, second] = await runTwice(replace, box.host, { path, regexp: 'nested=0', replace: 'nested=1' }, { diffMode: true })
      expect(first.result).to.include({ changed: true, msg: '1 replacements made', rc: 0 })
      expect(first.result.diff).to.deep.equal({ before: CONF, after: CONF.replace('=0', '=1'), before_header: path, after_header: path })
      expect(second.result).to.include({ changed: false, msg: '' })
    })

    it('limits replacements to the part between after and before', async () => {
      const path = box.path('resolv.conf')
      await fs.writeFile(path, CONF)
      const run = await runModule(replace, box.host, { path, after: '# start', before: '# end', regexp: '^(nameserver .*)$', replace: '# \\1' })
      expect(run.result).to.include({ msg: '2 replacements made' })
      expect(await fs.readFile(path, 'utf8')).to.equal(CONF.replace('nameserver 1', '# nameserver 1').replace('nameserver 8', '# nameserver 8'))
    })

    it('says so when after/before do not match', async () => {
      const path = box.path('f')
      await fs.writeFile(path, CONF)
      const run = await runModule(replace, box.host, { path, after: 'NOPE', regexp: 'x' })
      expect(run.result).to.include({ changed: false, msg: 'Pattern for before/after params did not match the given file: NOPE(?P<subsection>.*)' })
    })

    it('fails on a missing file', async () => {
      const run = await runModule(replace, box.host, { path: box.path('none'), regexp: 'a' })
      expect(run.result).to.include({ failed: true, rc: 257 })
    })
  })
})
