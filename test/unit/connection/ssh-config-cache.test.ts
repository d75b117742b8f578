import { expect } from 'chai'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sshConfigFor } from '../../../engine/connection/ssh-config.js'

describe('ssh_config files read once per change', () => {
  let dir: string
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tsplay-sshcfg-'))))
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('sees an edited file, and files that appear in an Include folder', () => {
    const file = join(dir, 'config')
    writeFileSync(file, `Include ${dir}/conf.d/*.conf\nHost lab\n  User first\n`)
    expect(sshConfigFor('lab', [file]).user).to.equal('first')
    writeFileSync(file, `Include ${dir}/conf.d/*.conf\nHost lab\n  User second-user\n`)
    expect(sshConfigFor('lab', [file]).user).to.equal('second-user')
    mkdirSync(join(dir, 'conf.d'))
    writeFileSync(join(dir, 'conf.d', 'a.conf'), 'Host lab\n  Port 2222\n')
    expect(sshConfigFor('lab', [file]).port).to.equal('2222')
  })
})
