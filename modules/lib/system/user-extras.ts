// What the user module does after the account itself is right: create a missing home
// folder, generate an SSH key pair, and set password ageing. Each part reads first and
// returns a step for `apply` only when something must change.
import { posix } from 'node:path'
import type { Host, ModuleResult } from '../../../engine/module.js'
import type { ShadowEntry } from './accounts.js'
import { fact } from './service-manager.js'
import { readIfExists, runScript } from './target.js'
import type { UserParams } from './user-params.js'

/** Who owns the home and keys, and where the home is (after useradd/usermod). */
export interface Identity {
  uid: number
  gid: number
  home: string
}

/** A change to make in apply; resolves to extra result keys, or to an error message. */
export type ExtraStep = () => Promise<ModuleResult | string>

export interface ExtrasPlan {
  result: ModuleResult
  steps: ExtraStep[]
  warnings: string[]
}

// Like shutil.copytree of the skeleton (or makedirs without one), then the mode
// login.defs' UMASK gives, then everything owned by the user.
const CREATE_HOME = `home=$1 skel=$2 owner=$3
[ -e "$home" ] && exit 0 # usermod -m may have moved it here meanwhile
if [ -d "$skel" ]; then mkdir -p "$(dirname "$home")" && cp -a "$skel" "$home" || exit 1
else mkdir -p "$home" || exit 1; fi
umask=$(sed -n 's/^UMASK[[:space:]][[:space:]]*\\([0-7][0-7]*\\)$/\\1/p' /etc/login.defs 2>/dev/null | tail -n 1)
if [ -n "$umask" ]; then chmod "$(printf '%o' $(( 0777 & ~0$umask )))" "$home" || exit 1; fi
chown -R "$owner" "$home"`

// The key's folder is made 0700 for the user; ssh-keygen runs as given ("$@").
const GENERATE_KEY = `key=$1 owner=$2; shift 2
dir=$(dirname "$key")
if [ ! -d "$dir" ]; then mkdir -m 0700 "$dir" && chown "$owner" "$dir" || exit 1; fi
rm -f "$key" "$key.pub"
"$@" </dev/null || exit $?
chown "$owner" "$key" "$key.pub"`

export async function planExtras(host: Host, p: UserParams, who: Identity, shadow: ShadowEntry | undefined): Promise<ExtrasPlan> {
  const plan: ExtrasPlan = { result: {}, steps: [], warnings: [] }
  const owner = `${who.uid}:${who.gid}`
  if (p.create_home && !(await host.stat(who.home, { follow: true }))) {
    plan.steps.push(async () => {
      const r = await runScript(host, CREATE_HOME, [who.home, p.skeleton ?? '/etc/skel', owner])
      return r.rc === 0 ? {} : r.stderr.trim() || `could not create home folder ${who.home}`
    })
  }
  if (p.generate_ssh_key) await planSshKey(host, p, who, plan)
  const ageing = passwordAgeingArgv(p, shadow)
  if (ageing) {
    plan.steps.push(async () => {
      const r = await host.exec(ageing)
      return r.rc === 0 ? {} : r.stderr
    })
  }
  return plan
}

function passwordAgeingArgv(p: UserParams, shadow: ShadowEntry | undefined): string[] | undefined {
  const argv = ['chage']
  if (p.password_expire_min !== undefined && p.password_expire_min !== shadow?.min) argv.push('-m', String(p.password_expire_min))
  if (p.password_expire_max !== undefined && p.password_expire_max !== shadow?.max) argv.push('-M', String(p.password_expire_max))
  return argv.length > 1 ? [...argv, p.name] : undefined
}

export function sshKeyPath(p: UserParams, home: string): string {
  const file = p.ssh_key_file ?? `.ssh/id_${p.ssh_key_type}`
  return posix.isAbsolute(file) ? file : posix.join(home, file)
}

/** ssh_fingerprint / ssh_key_file / ssh_public_key as the key is now. */
async function keyFacts(host: Host, key: string): Promise<ModuleResult> {
  let fingerprint = ''
  if (await host.stat(key, { follow: true })) {
    const r = await host.exec(['ssh-keygen', '-l', '-f', key])
    fingerprint = r.rc === 0 ? r.stdout.trim() : r.stderr.trim()
  }
  const pub = await readIfExists(host, `${key}.pub`)
  return { ssh_fingerprint: fingerprint, ssh_key_file: key, ssh_public_key: pub === undefined ? null : pub.trim() }
}

async function planSshKey(host: Host, p: UserParams, who: Identity, plan: ExtrasPlan): Promise<void> {
  const key = sshKeyPath(p, who.home)
  const existing = (await host.stat(key, { follow: true })) ? key : (await host.stat(`${key}.pub`, { follow: true })) ? `${key}.pub` : undefined
  if (existing && !p.force) {
    const kind = existing === key ? 'private' : 'public'
    plan.warnings.push(`Found existing ssh key ${kind} file "${existing}", no force, so skipping ssh-keygen generation`)
    Object.assign(plan.result, await keyFacts(host, key))
    return
  }
  if (existing) plan.warnings.push(`Overwriting existing ssh key private file "${existing}"`)
  Object.assign(plan.result, await keyFacts(host, key))
  const comment = p.ssh_key_comment ?? `ansible-generated on ${await targetHostname(host)}`
  const keygen = ['ssh-keygen', '-t', p.ssh_key_type, ...(p.ssh_key_bits > 0 ? ['-b', String(p.ssh_key_bits)] : []), '-C', comment, '-f', key, '-N', p.ssh_key_passphrase ?? '']
  plan.steps.push(async () => {
    const r = await runScript(host, GENERATE_KEY, [key, `${who.uid}:${who.gid}`, ...keygen])
    return r.rc === 0 ? keyFacts(host, key) : r.stderr || r.stdout
  })
}

async function targetHostname(host: Host): Promise<string> {
  const known = fact(host, 'nodename')
  if (typeof known === 'string' && known) return known
  return (await host.exec(['uname', '-n'])).stdout.trim()
}
