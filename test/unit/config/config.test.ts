// ansible.cfg discovery, INI reading, typed values and environment precedence. The
// expected values were checked against `ansible-config dump --only-changed` (2.14).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { expandPath, loadConfig, parseIni } from '../../../engine/config.js'
import { OptionsError } from '../../../engine/errors.js'

describe('loadConfig', () => {
  let root: string
  let home: string
  let project: string
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tsplay-cfg-'))
    home = join(root, 'home')
    project = join(root, 'project')
    mkdirSync(home)
    mkdirSync(project)
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  const env = (extra: Record<string, string> = {}) => ({ HOME: home, PATH: '/usr/bin', ...extra })

  it('has Ansible defaults (forks excepted) when no file is found', async () => {
    const s = await loadConfig({ cwd: project, env: env() })
    expect(s.configFile).to.equal(undefined)
    expect(s.forks).to.equal(50)
    expect(s.settingSource('forks')).to.equal('default')
    expect(s.timeout).to.equal(10)
    expect(s.hostKeyChecking).to.equal(true)
    expect(s.inventory).to.deep.equal(['/etc/ansible/hosts'])
    expect(s.rolesPath).to.deep.equal([`${home}/.ansible/roles`, '/usr/share/ansible/roles', '/etc/ansible/roles'])
    expect(s.gathering).to.equal('implicit')
    expect(s.becomeUser).to.equal('root')
    expect(s.sshArgs).to.equal('-C -o ControlMaster=auto -o ControlPersist=60s')
    expect(s.callbackFormatPretty).to.equal(undefined)
    expect(s.logPath).to.equal(undefined)
    expect(s.inventoryEnabled).to.deep.equal(['host_list', 'script', 'auto', 'yaml', 'ini', 'toml'])
  })

  it('reads ./ansible.cfg with typed values, paths relative to the file', async () => {
    writeFileSync(join(project, 'ansible.cfg'), [
      '# comment', '[defaults]', 'forks = 20', 'inventory = hosts, ./inv2 ; inline comment',
      'roles_path = roles:~/r2:$HOME/r3', 'host_key_checking = False', 'log_path = logs/a.log',
      'remote_user = "deploy"', 'gathering: smart', 'unknown_key = whatever', 'library = lib',
      '', '[ssh_connection]', 'pipelining = True', 'ssh_args = -o ControlMaster=auto', '  -o ControlPersist=30m',
      '', '[privilege_escalation]', 'become = yes', '',
    ].join('\n'))
    const s = await loadConfig({ cwd: project, env: env({ ANSIBLE_PIPELINING: 'no', ANSIBLE_TIMEOUT: '33' }) })
    const cfg = join(project, 'ansible.cfg')
    expect(s.configFile).to.equal(cfg)
    expect(s.forks).to.equal(20)
    expect(s.settingSource('forks')).to.equal(cfg)
    expect(s.inventory).to.deep.equal([join(project, 'hosts'), join(project, 'inv2')])
    expect(s.rolesPath).to.deep.equal([join(project, 'roles'), `${home}/r2`, `${home}/r3`])
    expect(s.hostKeyChecking).to.equal(false)
    expect(s.logPath).to.equal(join(project, 'logs/a.log'))
    expect(s.remoteUser).to.equal('deploy')
    expect(s.gathering).to.equal('smart')
    expect(s.library).to.deep.equal([join(project, 'lib')])
    expect(s.become).to.equal(true)
    expect(s.sshArgs).to.equal('-o ControlMaster=auto\n-o ControlPersist=30m')
    expect(s.pipelining).to.equal(false)
    expect(s.settingSource('pipelining')).to.equal('env: ANSIBLE_PIPELINING')
    expect(s.timeout).to.equal(33)
  })

  it('searches ANSIBLE_CONFIG, then ./ansible.cfg, then ~/.ansible.cfg', async () => {
    writeFileSync(join(home, '.ansible.cfg'), '[defaults]\nforks = 3\n')
    expect((await loadConfig({ cwd: project, env: env() })).forks).to.equal(3)
    writeFileSync(join(project, 'ansible.cfg'), '[defaults]\nforks = 4\n')
    expect((await loadConfig({ cwd: project, env: env() })).forks).to.equal(4)
    mkdirSync(join(root, 'elsewhere'))
    writeFileSync(join(root, 'elsewhere', 'ansible.cfg'), '[defaults]\nforks = 6\n')
    // ANSIBLE_CONFIG may name a directory holding ansible.cfg.
    const s = await loadConfig({ cwd: project, env: env({ ANSIBLE_CONFIG: join(root, 'elsewhere') }) })
    expect(s.forks).to.equal(6)
    expect(s.configFile).to.equal(join(root, 'elsewhere', 'ansible.cfg'))
  })

  it('ANSIBLE_CONFIG=/dev/null means no file, not the next candidate (Ansible takes any readable path)', async () => {
    writeFileSync(join(project, 'ansible.cfg'), '[defaults]\nforks = 4\n')
    const s = await loadConfig({ cwd: project, env: env({ ANSIBLE_CONFIG: '/dev/null' }) })
    expect(s.forks).to.equal(50)
  })

  it('skips ./ansible.cfg in a world-writable directory, with the warning', async () => {
    writeFileSync(join(project, 'ansible.cfg'), '[defaults]\nforks = 4\n')
    chmodSync(project, 0o777)
    const s = await loadConfig({ cwd: project, env: env() })
    expect(s.forks).to.equal(50)
    expect(s.warnings).to.deep.equal([`Ansible is being run in a world writable directory (${project}), ignoring it as an ansible.cfg source. `
      + 'For more information see https://docs.ansible.com/ansible/devel/reference_appendices/config.html#cfg-in-world-writable-dir'])
  })

  it('lets the last of several sources win: later env names, later ini entries', async () => {
    writeFileSync(join(project, 'ansible.cfg'), '[defaults]\ntimeout = 1\n[ssh_connection]\ntimeout = 2\n')
    expect((await loadConfig({ cwd: project, env: env() })).timeout).to.equal(2)
    const s = await loadConfig({ cwd: project, env: env({ ANSIBLE_TIMEOUT: '5', ANSIBLE_SSH_TIMEOUT: '6' }) })
    expect(s.timeout).to.equal(6)
    expect(s.settingSource('timeout')).to.equal('env: ANSIBLE_SSH_TIMEOUT')
  })

  const booleans: [string, boolean][] = [['yes', true], ['On', true], ['1', true], ['t', true], ['TRUE', true], ['no', false], ['0', false], ['', false], ['maybe', false]]
  for (const [text, value] of booleans) {
    it(`reads "${text}" as ${value}, as Ansible does`, async () => {
      expect((await loadConfig({ cwd: project, env: env({ ANSIBLE_BECOME: text }) })).become).to.equal(value)
    })
  }

  it('treats an empty variable for a number as unset; rejects other non-numbers with the source', async () => {
    expect((await loadConfig({ cwd: project, env: env({ ANSIBLE_FORKS: '' }) })).forks).to.equal(50)
    writeFileSync(join(project, 'ansible.cfg'), '[defaults]\n\nforks = 10 # not a comment in INI\n')
    try {
      await loadConfig({ cwd: project, env: env() })
      expect.fail('should have thrown')
    } catch (err) {
      expect(err).to.be.instanceOf(OptionsError)
      expect((err as OptionsError).describe()).to.equal(`${join(project, 'ansible.cfg')}:3:1: Invalid type for configuration option forks `
        + `(from ${join(project, 'ansible.cfg')}): "10 # not a comment in INI" is not an integer`)
    }
  })

  it('rejects a value outside the choices and suggests the closest', async () => {
    const err = await loadConfig({ cwd: project, env: env({ ANSIBLE_GATHERING: 'smrt' }) }).catch((e: unknown) => e)
    expect(err).to.be.instanceOf(OptionsError)
    expect((err as OptionsError).message).to.equal('Invalid value "smrt" for configuration option "gathering" (from env: ANSIBLE_GATHERING), valid values are: implicit, explicit, smart')
    expect((err as OptionsError).hint).to.equal("did you mean 'smart'?")
  })

  it('expands {{CWD}} to the working directory, not the config folder', async () => {
    mkdirSync(join(root, 'elsewhere'))
    writeFileSync(join(root, 'elsewhere', 'ansible.cfg'), '[defaults]\nroles_path = {{CWD}}/x\n')
    const s = await loadConfig({ cwd: project, env: env({ ANSIBLE_CONFIG: join(root, 'elsewhere', 'ansible.cfg') }) })
    expect(s.rolesPath).to.deep.equal([join(project, 'x')])
  })

  it('takes TSPLAY_LOG as log_path', async () => {
    const s = await loadConfig({ cwd: project, env: env({ TSPLAY_LOG: 'run.log' }) })
    expect(s.logPath).to.equal(join(project, 'run.log'))
    expect(s.settingSource('logPath')).to.equal('env: TSPLAY_LOG')
  })
})

describe('parseIni', () => {
  it('lower-cases keys, applies [DEFAULT], keeps values raw', () => {
    const ini = parseIni('[DEFAULT]\nshared = 1\n[defaults]\nForks = %(x)s\n', 'a.cfg')
    expect(ini.get('defaults')!.get('forks')!.value).to.equal('%(x)s')
    expect(ini.get('DEFAULT')!.get('shared')!.value).to.equal('1')
  })

  const errors: [string, string, number][] = [
    ['forks = 5\n', 'a [section] header must come before', 1],
    ['[defaults]\nforks\n', "cannot parse 'forks'", 2],
    ['[defaults]\nforks = 1\nforks = 2\n', "option 'forks' already set", 3],
    ['[a]\n[a]\n', "section 'a' already exists", 2],
  ]
  for (const [text, message, line] of errors) {
    it(`reports "${message}" at line ${line}`, () => {
      try {
        parseIni(text, '/p/ansible.cfg')
        expect.fail('should have thrown')
      } catch (err) {
        expect(err).to.be.instanceOf(OptionsError)
        expect((err as OptionsError).message).to.include(message)
        expect((err as OptionsError).pos).to.deep.include({ file: '/p/ansible.cfg', line })
      }
    })
  }

  it('joins indented continuation lines and drops trailing blank ones', () => {
    const ini = parseIni('[s]\nk = a\n  b\n\n  c\n\nother = 1\n', 'a.cfg')
    expect(ini.get('s')!.get('k')!.value).to.equal('a\nb\n\nc')
  })
})

describe('expandPath', () => {
  it('expands variables, ~ and {{CWD}}, and resolves against the base folder', () => {
    const env = { HOME: '/home/u', X: 'x' }
    expect(expandPath('~/a/../b', '/base', env)).to.equal('/home/u/b')
    expect(expandPath('$X/${X}/$UNSET', '/base', env)).to.equal('/base/x/x/$UNSET')
    expect(expandPath('{{CWD}}/r', '/cfg-dir', env, '/work')).to.equal('/work/r')
    expect(expandPath('/abs/', '/base', env)).to.equal('/abs')
  })
})
