// The target's user and group databases through getent (so LDAP/SSSD accounts count,
// as Python's pwd/grp modules see them): one command for everything a module needs.
import type { Host } from '../../../engine/module.js'
import { runScript, SECTION, splitSections } from './target.js'

export interface PasswdEntry {
  name: string
  password: string
  uid: number
  gid: number
  comment: string
  home: string
  shell: string
}

export interface ShadowEntry {
  hash: string
  /** Days since the epoch; -1 when the field is empty. */
  min: number
  max: number
  expire: number
}

export interface GroupEntry {
  name: string
  gid: number
  members: string[]
}

export interface AccountDb {
  user?: PasswdEntry
  shadow?: ShadowEntry
  groups: GroupEntry[]
}

export function parsePasswd(line: string): PasswdEntry | undefined {
  const f = line.split(':')
  if (f.length < 7) return undefined
  return { name: f[0]!, password: f[1]!, uid: Number(f[2]), gid: Number(f[3]), comment: f[4]!, home: f[5]!, shell: f.slice(6).join(':') }
}

const days = (field: string | undefined): number => (field === undefined || field === '' ? -1 : Number(field))

export function parseShadow(line: string): ShadowEntry | undefined {
  const f = line.split(':')
  if (f.length < 8) return undefined
  return { hash: f[1]!, min: days(f[3]), max: days(f[4]), expire: days(f[7]) }
}

export function parseGroups(text: string): GroupEntry[] {
  const groups: GroupEntry[] = []
  for (const line of text.split('\n')) {
    const f = line.split(':')
    if (f.length < 4) continue
    groups.push({ name: f[0]!, gid: Number(f[2]), members: f[3]!.split(',').filter((m) => m !== '') })
  }
  return groups
}

const READ_ACCOUNT = `getent passwd "$1"; echo '${SECTION}'; getent shadow "$1" 2>/dev/null; echo '${SECTION}'; getent group; exit 0`

/** The user `name` (when it exists), its shadow entry (when readable) and all groups. */
export async function readAccounts(host: Host, name: string): Promise<AccountDb> {
  const r = await runScript(host, READ_ACCOUNT, [name])
  const [passwd = '', shadow = '', groups = ''] = splitSections(r.stdout)
  const user = passwd.split('\n').map(parsePasswd).find((u) => u?.name === name)
  return { user, shadow: user ? parseShadow(shadow.trim()) : undefined, groups: parseGroups(groups) }
}

/** A group by number (tried first, as Ansible does) or by name. */
export function findGroup(groups: GroupEntry[], group: string | number): GroupEntry | undefined {
  const text = String(group)
  if (/^\d+$/.test(text)) {
    const byId = groups.find((g) => g.gid === Number(text))
    if (byId) return byId
  }
  return groups.find((g) => g.name === text)
}

/** Groups that list `user` as a member (the primary group only when listed explicitly). */
export function membership(groups: GroupEntry[], user: string): string[] {
  return groups.filter((g) => g.members.includes(user)).map((g) => g.name)
}

/** All groups of the target. */
export async function readGroups(host: Host): Promise<GroupEntry[]> {
  const r = await host.exec(['getent', 'group'])
  return parseGroups(r.stdout)
}
