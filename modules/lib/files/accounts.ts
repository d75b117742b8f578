// Users and groups of the target, by name and by id: names of ids are asked of the
// transport when it can tell them in one request (getpwuid/getgrgid over SFTP, which
// also see LDAP/SSSD accounts); otherwise /etc/passwd and /etc/group are read once (a
// file read spawns nothing), and names they lack are asked of `getent`. One instance
// per task: accounts may change between tasks.
import type { Host } from '../../../engine/module.js'

type Database = 'passwd' | 'group'

interface AccountTable {
  idByName: Map<string, number>
  nameById: Map<number, string>
}

export class TargetAccounts {
  private readonly tables = new Map<Database, Promise<AccountTable>>()

  constructor(private readonly host: Host) {}

  /** uid of a user name or numeric string; undefined when no such user exists. */
  uid(owner: string | number): Promise<number | undefined> {
    return this.idOf('passwd', owner)
  }

  gid(group: string | number): Promise<number | undefined> {
    return this.idOf('group', group)
  }

  /** Name of a uid, as pwd.getpwuid gives it; undefined when unknown. */
  userName(uid: number): Promise<string | undefined> {
    return this.nameOf('passwd', uid)
  }

  groupName(gid: number): Promise<string | undefined> {
    return this.nameOf('group', gid)
  }

  /** The names of a uid and a gid together (one request where the transport can answer it). */
  async names(uid: number, gid: number): Promise<[string | undefined, string | undefined]> {
    const asked = await this.host.accountNames?.([uid], [gid])
    if (asked) return [asked.users[0], asked.groups[0]]
    return Promise.all([this.userName(uid), this.groupName(gid)])
  }

  /** A number is an id as it is (even without an account), as chown takes it. */
  private async idOf(db: Database, name: string | number): Promise<number | undefined> {
    if (typeof name === 'number') return name
    if (/^\d+$/.test(name)) return Number(name)
    const table = await this.table(db)
    const known = table.idByName.get(name)
    if (known !== undefined) return known
    const entry = await this.getent(db, name)
    return entry?.id
  }

  private async nameOf(db: Database, id: number): Promise<string | undefined> {
    const table = await this.table(db)
    const known = table.nameById.get(id)
    if (known !== undefined) return known
    const entry = await this.getent(db, String(id))
    return entry?.name
  }

  private table(db: Database): Promise<AccountTable> {
    let table = this.tables.get(db)
    if (!table) {
      table = this.host.read(`/etc/${db}`).then(parseAccountFile, () => parseAccountFile(''))
      this.tables.set(db, table)
    }
    return table
  }

  private async getent(db: Database, key: string): Promise<{ name: string; id: number } | undefined> {
    const r = await this.host.exec(['getent', db, key])
    if (r.rc !== 0) return undefined
    const [name, , id] = r.stdout.split('\n')[0]!.split(':')
    const numeric = Number(id)
    if (!name || !Number.isInteger(numeric)) return undefined
    const table = await this.table(db)
    table.idByName.set(name, numeric)
    table.nameById.set(numeric, name)
    return { name, id: numeric }
  }
}

/** name:x:id:… lines; the first entry for an id names it, as getpwuid answers. */
export function parseAccountFile(text: string): AccountTable {
  const table: AccountTable = { idByName: new Map(), nameById: new Map() }
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) continue
    const [name, , id] = line.split(':')
    const numeric = Number(id)
    if (!name || id === undefined || id === '' || !Number.isInteger(numeric)) continue
    if (!table.idByName.has(name)) table.idByName.set(name, numeric)
    if (!table.nameById.has(numeric)) table.nameById.set(numeric, name)
  }
  return table
}
