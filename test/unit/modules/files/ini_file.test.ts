import { expect } from 'chai'
import { promises as fs } from 'node:fs'
import iniFile from '../../../../modules/ini_file.js'
import { editIni, iniLines, type IniSpec } from '../../../../modules/lib/files/ini-edit.js'
import { Sandbox, runModule, runTwice } from './helpers.js'

const CONF = 'top=1\n[DEFAULT]\n#auth_strategy = keystone\ndebug=False\n\n# comment\n[other]\nx = 1\nx = 2\n'
const spec = (s: Partial<IniSpec>): IniSpec => ({ values: [], state: 'present', exclusive: true, noExtraSpaces: false, allowNoValue: false, ignoreSpaces: false, ...s })

describe('ini_file', () => {
  // Expected texts and messages are what community.general's ini_file (Ansible 7) produced.
  const cases: [string, Partial<IniSpec>, string, string][] = [
    ['replaces a commented-out option', { section: 'DEFAULT', option: 'auth_strategy', values: ['noauth'] }, CONF.replace('#auth_strategy = keystone', 'auth_strategy = noauth'), 'option changed'],
    ['adds an option after the last setting of its section', { section: 'DEFAULT', option: 'rpc_transport', values: ['none'] }, CONF.replace('debug=False\n', 'debug=False\nrpc_transport = none\n'), 'option added'],
    ['rewrites spacing around =', { section: 'DEFAULT', option: 'debug', values: ['False'] }, CONF.replace('debug=False', 'debug = False'), 'option changed'],
    ['keeps spacing with ignore_spaces', { section: 'DEFAULT', option: 'debug', values: ['False'], ignoreSpaces: true }, CONF, 'OK'],
    ['adds a missing section at the end', { section: 'new', option: 'a', values: ['b'], noExtraSpaces: true }, `${CONF}[new]\na=b\n`, 'section and option added'],
    ['makes values exclusive', { section: 'other', option: 'x', values: ['3'] }, CONF.replace('x = 1\nx = 2\n', 'x = 3\n'), 'option changed'],
    ['adds values without exclusive', { section: 'other', option: 'x', values: ['2', '5'], exclusive: false }, `${CONF}x = 5\n`, 'option added'],
    ['sets an option before the first section', { option: 'top', values: ['2'] }, CONF.replace('top=1', 'top = 2'), 'option changed'],
    ['removes every line of an option', { section: 'other', option: 'x', state: 'absent' }, CONF.replace('x = 1\nx = 2\n', ''), 'option changed'],
    ['removes one value without exclusive', { section: 'other', option: 'x', values: ['1'], state: 'absent', exclusive: false }, CONF.replace('x = 1\n', ''), 'option changed'],
    ['removes a section', { section: 'other', state: 'absent' }, CONF.replace('[other]\nx = 1\nx = 2\n', ''), 'section removed'],
    ['adds an option without value', { section: 'DEFAULT', option: 'flag', allowNoValue: true }, CONF.replace('debug=False\n', 'debug=False\nflag\n'), 'option added'],
  ]
  for (const [title, s, expected, msg] of cases) {
    it(title, () => {
      const out = editIni(iniLines(CONF), spec(s))
      expect(out.lines.join('')).to.equal(expected)
      expect(out.msg).to.equal(msg)
      expect(out.changed).to.equal(expected !== CONF)
    })
  }

  it('starts a new file with an empty line, as Ansible does', () => {
    expect(editIni([], spec({ section: 's', option: 'o', values: ['v'] })).lines.join('')).to.equal('\n[s]\no = v\n')
  })

  describe('module', () => {
    let box: Sandbox
    beforeEach(async () => {
      box = await Sandbox.create()
    })
    afterEach(() => box.cleanup())

    it('sets an option once and then reports OK, with the path info', async () => {
      const path = box.path('ironic.conf')
      await fs.writeFile(path, CONF)
      const args = { path, section: 'DEFAULT', option: 'auth_strategy', value: 'noauth' }
      const [first, second] = await runTwice(iniFile, box.host, args, { diffMode: true })
      expect(first.result).to.include({ changed: true, msg: 'option changed', path, state: 'file' })
      expect(second.result).to.include({ changed: false, msg: 'OK' })
    })

    it('creates the file unless create=no', async () => {
      const path = box.path('new', 'undercloud.conf')
      const refused = await runModule(iniFile, box.host, { path, section: 's', option: 'o', value: 'v', create: false })
      expect(refused.result).to.include({ failed: true, msg: `Destination ${path} does not exist!` })
      const made = await runModule(iniFile, box.host, { path, section: 's', option: 'o', value: 'v', mode: '0600' })
      expect(made.result).to.include({ changed: true, mode: '0600' })
    })

    it('needs a value for state=present', async () => {
      const run = await runModule(iniFile, box.host, { path: box.path('x'), section: 's', option: 'o' })
      expect(run.result).to.include({ failed: true, msg: "Parameter 'value(s)' must be defined if state=present and allow_no_value=False." })
    })
  })
})
