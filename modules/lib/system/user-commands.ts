// useradd / usermod / userdel argv for the user module, decided from what getent
// reported. The password hash never goes into an argv (other users could read it in
// the process list): it is set through `chpasswd -e` on stdin.
import { findGroup, membership, type AccountDb, type PasswdEntry } from './accounts.js'
import type { UserParams } from './user-params.js'

export interface UserCommand {
  /** useradd/usermod argv; undefined when only the password (or nothing) changes. */
  argv?: string[]
  /** `name:hash` for chpasswd -e, when the password must be set. */
  passwordLine?: string
}

export class UserPlanError extends Error {}

/** The requested groups, split on commas as Ansible joins and re-splits them; each must exist. */
function requestedGroups(p: UserParams, db: AccountDb): string[] {
  const names = (p.groups ?? []).join(',').split(',').map((g) => g.trim()).filter((g) => g !== '')
  for (const g of names) if (!findGroup(db.groups, g)) throw new UserPlanError(`Group ${g} does not exist`)
  return [...new Set(names)]
}

function primaryGroup(p: UserParams, db: AccountDb) {
  if (p.group === undefined) return undefined
  const g = findGroup(db.groups, p.group)
  if (!g) throw new UserPlanError(`Group ${p.group} does not exist`)
  return g
}

/** YYYY-MM-DD (UTC) of an `expires` value in seconds since the epoch. */
function expiryDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10)
}

function lockedHash(p: UserParams): string {
  return p.password_lock ? `!${p.password}` : p.password!
}

export function useraddCommand(p: UserParams, db: AccountDb): UserCommand {
  const argv = ['useradd']
  if (p.uid !== undefined) argv.push('-u', String(p.uid), ...(p.non_unique ? ['-o'] : []))
  if (p.seuser !== undefined) argv.push('-Z', p.seuser)
  const group = primaryGroup(p, db)
  if (group) argv.push('-g', p.group!)
  // A group named like the user exists: without -N, useradd would try to create it and fail.
  else if (db.groups.some((g) => g.name === p.name)) argv.push('-N')
  const groups = requestedGroups(p, db)
  if (groups.length) argv.push('-G', groups.join(','))
  if (p.comment !== undefined) argv.push('-c', p.comment)
  if (p.home !== undefined) argv.push('-d', p.home)
  if (p.shell !== undefined) argv.push('-s', p.shell)
  if (p.expires !== undefined) argv.push('-e', p.expires < 0 ? '' : expiryDate(p.expires))
  if (p.create_home) {
    argv.push('-m')
    if (p.skeleton !== undefined) argv.push('-k', p.skeleton)
    if (p.umask !== undefined) argv.push('-K', `UMASK=${p.umask}`)
  } else argv.push('-M')
  if (p.system) argv.push('-r')
  argv.push(p.name)
  return { argv, passwordLine: p.password !== undefined ? `${p.name}:${lockedHash(p)}` : undefined }
}

/** usermod flags for what differs; `info` is the user as it is. */
export function usermodCommand(p: UserParams, db: AccountDb, info: PasswdEntry): UserCommand {
  const flags: string[] = []
  if (p.uid !== undefined && info.uid !== p.uid) flags.push('-u', String(p.uid), ...(p.non_unique ? ['-o'] : []))
  const group = primaryGroup(p, db)
  if (group && info.gid !== group.gid) flags.push('-g', String(group.gid))
  if (p.groups !== undefined) flags.push(...groupFlags(p, db))
  if (p.comment !== undefined && info.comment !== p.comment) flags.push('-c', p.comment)
  if (p.home !== undefined && info.home !== p.home) flags.push('-d', p.home, ...(p.move_home ? ['-m'] : []))
  if (p.shell !== undefined && info.shell !== p.shell) flags.push('-s', p.shell)
  if (p.expires !== undefined) flags.push(...expiryFlags(p.expires, db.shadow?.expire ?? -1))
  const hash = db.shadow?.hash ?? ''
  let lock: string[] = []
  if (p.password_lock && !hash.startsWith('!')) lock = ['-L']
  else if (p.password_lock === false && hash.startsWith('!')) lock = ['-U']
  let passwordLine: string | undefined
  if (p.update_password === 'always' && p.password !== undefined && stripBang(hash) !== stripBang(p.password)) {
    passwordLine = `${p.name}:${lockedHash(p)}`
    lock = [] // the new hash carries the lock state
  }
  flags.push(...lock)
  return { argv: flags.length ? ['usermod', ...flags, p.name] : undefined, passwordLine }
}

const stripBang = (text: string): string => text.replace(/^!+/, '')

function groupFlags(p: UserParams, db: AccountDb): string[] {
  const current = membership(db.groups, p.name)
  const wanted = requestedGroups(p, db)
  if (wanted.length === 0) {
    // An empty list removes all supplementary groups, unless appending.
    return current.length && !p.append ? ['-G', ''] : []
  }
  const differs = [...current.filter((g) => !wanted.includes(g)), ...wanted.filter((g) => !current.includes(g))]
  if (differs.length === 0) return []
  if (p.append) return wanted.some((g) => differs.includes(g)) ? ['-a', '-G', wanted.join(',')] : []
  return ['-G', wanted.join(',')]
}

/** `expires` (seconds; negative = never) against the shadow expiry (days; -1 = never). */
function expiryFlags(expires: number, currentDays: number): string[] {
  if (expires < 0) return currentDays >= 0 ? ['-e', ''] : []
  if (currentDays < 0 || expiryDate(currentDays * 86400) !== expiryDate(expires)) return ['-e', expiryDate(expires)]
  return []
}

export function userdelCommand(p: UserParams): string[] {
  return ['userdel', ...(p.force ? ['-f'] : []), ...(p.remove ? ['-r'] : []), p.name]
}
