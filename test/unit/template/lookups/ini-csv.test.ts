import { expect } from 'chai'
import { rmSync } from 'node:fs'
import { lookups } from '../../../../engine/template/lookups/index.js'
import { parseCsv } from '../../../../engine/template/lookups/csvfile.js'
import { IniFile } from '../../../../engine/template/lookups/python-ini.js'
import type { LookupContext } from '../../../../engine/template/types.js'
import { IRONIC_CONF, makeContext, makeTree } from './fixture.js'

// Expectations checked with ansible-playbook 2.14 on the same files.
describe('lookups: ini and csvfile', () => {
  let root: string
  let ctx: LookupContext
  before(() => {
    const tree = makeTree()
    root = tree.root
    ctx = makeContext(tree.searchPaths)
  })
  after(() => rmSync(root, { recursive: true, force: true }))
  const ini = (key: string, kwargs: Record<string, unknown> = {}) => lookups.ini([key], { file: 'ironic.conf', section: 'conductor', ...kwargs }, ctx)

  const rows: [string, Record<string, unknown>, unknown[]][] = [
    ['api_url', {}, ['http://10.0.0.5:6385']],
    ['HEARTBEAT_TIMEOUT', {}, ['60']],
    ['Heartbeat_Timeout', { case_sensitive: true }, ['60']],
    ['debug', {}, ['True']],
    ['multi', {}, ['first line\nsecond line']],
    ['missing', { default: 'fallback' }, ['fallback']],
    ['.*_url|deploy_.*', { re: true }, ['http://10.0.0.5:6385', 'file:///tftpboot/deploy.kernel']],
    ['connection section=database', {}, ['sqlite:///ironic.sqlite']],
    ['literal', { section: 'pxe' }, ['100%']],
    ['pxe_append_params', { section: 'pxe' }, ['nofb nomodeset vga=normal']],
    ['user.name', { type: 'properties', file: 'app.properties' }, ['admin']],
    ['user.home', { type: 'properties', file: 'app.properties' }, ['/srv/app']],
  ]
  for (const [key, kwargs, expected] of rows) {
    it(`ini ${key} ${JSON.stringify(kwargs)}`, () => expect(ini(key, kwargs)).to.deep.equal(expected))
  }

  it('ini reports a bad % and a missing section or file', () => {
    expect(() => ini('broken', { section: 'pxe' })).to.throw("'%' must be followed by '%' or '(', found: '%'")
    expect(() => ini('x', { section: 'nosection' })).to.throw("No section 'nosection' in ironic.conf")
    expect(() => ini('x', { file: 'nope.conf' })).to.throw("Unable to find 'nope.conf' in expected paths")
    expect(() => ini('key bogus=1')).to.throw('bogus is not a valid option.')
  })

  it('the INI reader refuses duplicates and text before any section', () => {
    const opts = { caseSensitive: false, allowNoValue: false }
    expect(() => new IniFile('[a]\nx=1\nX=2\n', opts)).to.throw("option 'x' in section 'a' already exists")
    expect(() => new IniFile('x=1\n', opts)).to.throw('File contains no section headers.')
    expect(new IniFile('[a]\nflag\n', { caseSensitive: false, allowNoValue: true }).get('a', 'flag')).to.equal(null)
    expect(new IniFile(IRONIC_CONF, opts).items('database').map(([k]) => k)).to.deep.equal(['debug', 'log_dir', 'my_ip', 'connection'])
  })

  it('csvfile finds the row by its first field; col, default and delimiter', () => {
    expect(lookups.csvfile(['bob'], { file: 'users.tsv' }, ctx)).to.deep.equal(['1001'])
    expect(lookups.csvfile(['bob col=2'], { file: 'users.tsv' }, ctx)).to.deep.equal(['/home/bob'])
    expect(lookups.csvfile(['nobody'], { file: 'users.tsv', default: 'none' }, ctx)).to.deep.equal(['none'])
    expect(lookups.csvfile(['nobody'], { file: 'users.tsv' }, ctx)).to.deep.equal([])
    expect(lookups.csvfile(['web1'], { file: 'hosts.csv', delimiter: ',', col: 2 }, ctx)).to.deep.equal(['front, end'])
    expect(lookups.csvfile(['db 1'], { file: 'hosts.csv', delimiter: ',', col: 2 }, ctx)).to.deep.equal(['say "hi"'])
  })

  it('parses CSV quoting like Python’s csv module', () => {
    expect(parseCsv('a,"b,c","d""e"\r\n"multi\nline",x\n', ',')).to.deep.equal([['a', 'b,c', 'd"e'], ['multi\nline', 'x']])
  })
})
