import { expect } from 'chai'
import { promises as fs } from 'node:fs'
import lineinfile from '../../../../modules/lineinfile.js'
import { ensureLinePresent, removeLines, splitLines, type PresentSpec } from '../../../../modules/lib/files/lineinfile-edit.js'
import { FakeHost, commandText } from '../fake-host.js'
import { Sandbox, runModule, runTwice } from './helpers.js'

const SYSCTL = '# sysctl\nnet.ipv4.ip_forward = 0\nvm.swappiness = 10\nkernel.x=1'

describe('lineinfile', () => {
  describe('present', () => {
    const spec = (s: Partial<PresentSpec>): PresentSpec => ({ line: '', backrefs: false, firstMatch: false, insertAfter: 'EOF', ...s })
    const cases: [string, string, Partial<PresentSpec>, string, string][] = [
      ['replaces the line a regexp finds', SYSCTL, { regexp: '^net\\.ipv4\\.ip_forward', line: 'net.ipv4.ip_forward = 1' }, '# sysctl\nnet.ipv4.ip_forward = 1\nvm.swappiness = 10\nkernel.x=1', 'line replaced'],
      ['leaves an equal line alone', SYSCTL, { regexp: '^vm', line: 'vm.swappiness = 10' }, SYSCTL, ''],
      ['appends at EOF, ending the last line first', SYSCTL, { line: 'last = 1' }, `${SYSCTL}\nlast = 1\n`, 'line added'],
      ['inserts after the last match', 'a\n#x\nb\n#y\n', { line: 'new', insertAfter: '^#' }, 'a\n#x\nb\n#y\nnew\n', 'line added'],
      ['inserts after the first match with firstmatch', 'a\n#x\nb\n#y\n', { line: 'new', insertAfter: '^#', firstMatch: true }, 'a\n#x\nnew\nb\n#y\n', 'line added'],
      ['inserts before a match', 'a\nb\n', { line: 'new', insertAfter: undefined, insertBefore: '^b' }, 'a\nnew\nb\n', 'line added'],
      ['inserts at BOF', 'a\n', { line: 'new', insertAfter: undefined, insertBefore: 'BOF' }, 'new\na\n', 'line added'],
      ['does not insert a line that is already there', 'a\nnew\nb\n', { line: 'new', insertAfter: '^b' }, 'a\nnew\nb\n', ''],
      ['appends when insertafter does not match', 'a\n', { line: 'new', insertAfter: '^zzz' }, 'a\nnew\n', 'line added'],
      ['fills backrefs from the regexp', 'vm.swappiness = 10\n', { regexp: '^(vm\\.\\w+) = (\\d+)', line: '\\1 = 1\\2', backrefs: true }, 'vm.swappiness = 110\n', 'line replaced'],
      ['uses named backrefs', 'port=80\n', { regexp: '^port=(?P<p>\\d+)', line: 'port=\\g<p>80', backrefs: true }, 'port=8080\n', 'line replaced'],
      ['changes nothing when backrefs find nothing', 'a\n', { regexp: '^zzz(.*)', line: 'x\\1', backrefs: true }, 'a\n', ''],
      ['replaces the line holding a search string', 'kernel.x=1\n', { searchString: 'kernel.x', line: 'kernel.x=2' }, 'kernel.x=2\n', 'line replaced'],
      ['creates the first line of an empty file', '', { line: 'first' }, 'first\n', 'line added'],
    ]
    for (const [title, text, s, expected, msg] of cases) {
      it(title, () => {
        const out = ensureLinePresent(splitLines(text), spec(s))
        expect(out.lines.join('')).to.equal(expected)
        expect(out.msg).to.equal(msg)
        expect(out.changed).to.equal(msg !== '')
      })
    }
  })

  describe('absent', () => {
    const cases: [string, string, Parameters<typeof removeLines>[1], string, number][] = [
      ['by regexp', '#a\nb\n#c\n', { regexp: '^#' }, 'b\n', 2],
      ['by exact line', 'a\nb\n', { line: 'b' }, 'a\n', 1],
      ['by search string', 'xay\nb\n', { searchString: 'a' }, 'b\n', 1],
      ['nothing to remove', 'a\n', { line: 'z' }, 'a\n', 0],
    ]
    for (const [title, text, s, expected, found] of cases) {
      it(`removes lines ${title}`, () => {
        const out = removeLines(splitLines(text), s)
        expect(out.lines.join('')).to.equal(expected)
        expect(out.found).to.equal(found)
        expect(out.msg).to.equal(found ? `${found} line(s) removed` : '')
      })
    }
  })

  describe('module', () => {
    let box: Sandbox
    beforeEach(async () => {
      box = await Sandbox.create()
    })
    afterEach(() => box.cleanup())

    it('edits once and is idempotent, with content and attribute diffs', async () => {
      const path = box.path('sysctl.conf')
      await fs.writeFile(path, SYSCTL)
      const args = { path, regexp: '^net\\.ipv4\\.ip_forward', line: 'net.ipv4.ip_forward = 1', mode: '0600' }
      const [first, second] = await runTwice(lineinfile, box.host, args, { diffMode: true })
      expect(first.result).to.include({ changed: true, msg: 'line replaced and ownership, perms or SE linux context changed', backup: '' })
      expect(first.result.diff).to.deep.equal([
        { before: SYSCTL, after: SYSCTL.replace('= 0', '= 1'), before_header: `${path} (content)`, after_header: `${path} (content)` },
        { before: { mode: '0644' }, after: { mode: '0600' }, before_header: `${path} (file attributes)`, after_header: `${path} (file attributes)` },
      ])
      expect(second.result).to.include({ changed: false, msg: '' })
    })

    it('creates a missing file (and its folder) only with create=yes', async () => {
      const path = box.path('new', 'dir', 'f.conf')
      const refused = await runModule(lineinfile, box.host, { path, line: 'x' })
      expect(refused.result).to.include({ failed: true, rc: 257, msg: `Destination ${path} does not exist !` })
      const created = await runModule(lineinfile, box.host, { path, line: 'x', create: true })
      expect(created.result).to.include({ changed: true, msg: 'line added' })
      expect(await fs.readFile(path, 'utf8')).to.equal('x\n')
    })

    it('makes a backup and reports it as `backup`', async () => {
      const path = box.path('f')
      await fs.writeFile(path, 'a\n')
      const run = await runModule(lineinfile, box.host, { path, line: 'b', backup: true })
      expect(await fs.readFile(String(run.result.backup), 'utf8')).to.equal('a\n')
    })

    it('keeps the file when validation fails', async () => {
      const path = box.path('f')
      await fs.writeFile(path, 'good\n')
      const run = await runModule(lineinfile, box.host, { path, line: 'bad', validate: 'grep -q bad-not-there %s' })
      expect(run.result).to.include({ failed: true, msg: 'failed to validate: rc:1 error:' })
      expect(await fs.readFile(path, 'utf8')).to.equal('good\n')
    })

    it('writes through a symlink to the real file', async () => {
      await fs.writeFile(box.path('real'), 'a\n')
      await fs.symlink(box.path('real'), box.path('link'))
      await runModule(lineinfile, box.host, { path: box.path('link'), line: 'b' })
      expect(await fs.readFile(box.path('real'), 'utf8')).to.equal('a\nb\n')
      expect((await fs.lstat(box.path('link'))).isSymbolicLink()).to.equal(true)
    })

    const failures: [string, Record<string, unknown>, string][] = [
      ['backrefs without regexp', { line: 'x', backrefs: true }, 'regexp is required with backrefs=true'],
      ['present without line', { regexp: 'x' }, 'line is required with state=present'],
      ['absent without anything to match', { state: 'absent' }, 'one of line, search_string, or regexp is required with state=absent'],
      ['a folder', { path: '/tmp', line: 'x' }, 'Path /tmp is a directory !'],
      ['a regexp JavaScript cannot run', { regexp: '(?<n>a)(?(n)b|c)', line: 'x' }, 'cannot use the regular expression'],
    ]
    for (const [title, args, msg] of failures) {
      it(`fails on ${title}`, async () => {
        const path = box.path('f')
        await fs.writeFile(path, 'a\n')
        const run = await runModule(lineinfile, box.host, { path, ...args })
        expect(run.result.failed).to.equal(true)
        expect(String(run.result.msg)).to.include(msg)
      })
    }

    it('warns that an empty regexp matches every line', async () => {
      const path = box.path('f')
      await fs.writeFile(path, 'a\n')
      const run = await runModule(lineinfile, box.host, { path, regexp: '', line: 'b' })
      expect((run.result.warnings as string[])[0]).to.include("use '^' to match every line")
    })

    it('reads the file, and only apply writes it', async () => {
      const host = new FakeHost().withFile('/etc/sysctl.conf', SYSCTL)
      const run = await runModule(lineinfile, host, { path: '/etc/sysctl.conf', line: 'x = 1' }, { checkMode: true })
      expect(run.result).to.include({ changed: true, msg: 'line added' })
      expect(host.ops).to.not.include('write')
      if (run.outcome.kind === 'change') await run.outcome.apply!()
      expect(String(host.files.get('/etc/sysctl.conf'))).to.equal(`${SYSCTL}\nx = 1\n`)
      expect(host.execs.map(commandText)).to.deep.equal([])
    })
  })
})
