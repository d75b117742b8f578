// What every SSH test host shares: the test users, the client keys, and the sudo rule.
// `tsplaytest` logs in (plain /bin/sh, so no rc file slows commands down) and may sudo
// to root without a password and to `tsplayother` with its own password. The users
// stay on the machine between runs; the sudoers file lives only while a lab is held.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { run, succeeds } from './processes.js'

export const TEST_USER = 'tsplaytest'
export const OTHER_USER = 'tsplayother'
export const KEY_PASSPHRASE = 'correct horse battery'

export interface ClientKey {
  file: string
  publicKey: string
  passphrase?: string
}

export interface SshLab {
  /** Root-owned folder holding keys, configs and logs of this lab. */
  dir: string
  /** tsplaytest's login (and sudo) password. */
  password: string
  keys: { ed25519: ClientKey; encrypted: ClientKey; rsa: ClientKey }
  authorizedKeysFile: string
  /** Folder owned by tsplaytest where tests may write. */
  scratch: string
  uid: number
  otherUid: number
}

const inCI = process.env.CI === 'true' || process.env.CI === '1'
let shared: { lab: SshLab; holders: number } | undefined

/** Why the SSH suites cannot run here (undefined when they can). Under CI this throws instead. */
export function sshUnavailable(): string | undefined {
  const missing = ['/usr/sbin/sshd', '/usr/bin/ssh-keygen', '/usr/bin/sudo', '/usr/bin/nsenter'].filter((f) => !existsSync(f))
  if (missing.length && process.getuid?.() === 0) {
    try {
      run(['apt-get', 'install', '-y', '-q', 'openssh-server', 'openssh-client', 'sudo', 'util-linux'])
    } catch (err) {
      if (inCI) throw err
    }
  }
  const stillMissing = missing.filter((f) => !existsSync(f))
  const reason = process.getuid?.() !== 0 ? 'the SSH test hosts need root' : stillMissing.length ? `missing ${stillMissing.join(', ')}` : undefined
  if (reason && inCI) throw new Error(`the SSH suites cannot run: ${reason}`)
  return reason
}

export function acquireLab(): SshLab {
  if (!shared) shared = { lab: createLab(), holders: 0 }
  shared.holders++
  return shared.lab
}

export function releaseLab(): void {
  if (!shared || --shared.holders > 0) return
  rmSync(sudoersFile(), { force: true })
  rmSync(shared.lab.dir, { recursive: true, force: true })
  rmSync(shared.lab.scratch, { recursive: true, force: true })
  shared = undefined
}

function createLab(): SshLab {
  const dir = mkdtempSync(join(tmpdir(), 'tsplay-sshlab-'))
  // sshd reads authorized_keys as the user: the folder must be traversable.
  chmodSync(dir, 0o755)
  const password = randomBytes(12).toString('base64url')
  ensureUser(TEST_USER)
  ensureUser(OTHER_USER)
  run(['chpasswd'], `${TEST_USER}:${password}\n`)
  // A locked account ('!' in shadow) is refused even with a key when sshd runs without PAM.
  run(['chpasswd'], `${OTHER_USER}:${randomBytes(12).toString('base64url')}\n`)
  const keys = {
    ed25519: makeKey(dir, 'client_ed25519', ['-t', 'ed25519']),
    encrypted: makeKey(dir, 'client_encrypted', ['-t', 'ed25519'], KEY_PASSPHRASE),
    rsa: makeKey(dir, 'client_rsa', ['-t', 'rsa', '-b', '2048']),
  }
  const authorizedKeysFile = join(dir, 'authorized_keys')
  writeFileSync(authorizedKeysFile, Object.values(keys).map((k) => k.publicKey).join('\n') + '\n', { mode: 0o644 })
  writeSudoers()
  // privsep folder of sshd; Debian's service unit normally creates it.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })
  const scratch = mkdtempSync(join(tmpdir(), 'tsplay-sshscratch-'))
  run(['chown', `${TEST_USER}:${TEST_USER}`, scratch])
  return { dir, password, keys, authorizedKeysFile, scratch, uid: uidOf(TEST_USER), otherUid: uidOf(OTHER_USER) }
}

function ensureUser(name: string): void {
  if (succeeds(['getent', 'passwd', name])) return
  run(['useradd', '--create-home', '--shell', '/bin/sh', name])
}

function uidOf(name: string): number {
  return Number(run(['id', '-u', name]).trim())
}

function makeKey(dir: string, name: string, type: string[], passphrase = ''): ClientKey {
  const file = join(dir, name)
  run(['ssh-keygen', '-q', ...type, '-N', passphrase, '-C', `tsplay-${name}`, '-f', file])
  const key: ClientKey = { file, publicKey: readFileSync(`${file}.pub`, 'utf8').trim() }
  if (passphrase) key.passphrase = passphrase
  return key
}

/** One file per test process, so two runs at once do not remove each other's rule. */
function sudoersFile(): string {
  return `/etc/sudoers.d/tsplaytest-${process.pid}`
}

function writeSudoers(): void {
  const rules = [
    `Defaults:${TEST_USER} !lecture`,
    `${TEST_USER} ALL=(root) NOPASSWD: ALL`,
    `${TEST_USER} ALL=(${OTHER_USER}) ALL`,
    '',
  ].join('\n')
  const tmp = `${sudoersFile()}.new`
  writeFileSync(tmp, rules, { mode: 0o440 })
  run(['visudo', '-c', '-q', '-f', tmp])
  run(['mv', tmp, sudoersFile()])
}
