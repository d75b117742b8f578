// user: create, change or remove a local account (useradd/usermod/userdel), and
// optionally its home folder, SSH key pair and password ageing.
import { posix } from 'node:path'
import { change, defineModule, fail, ok, type Host, type ModuleOutcome, type ModuleResult } from '../engine/module.js'
import { findGroup, readAccounts, type AccountDb, type PasswdEntry } from './lib/system/accounts.js'
import { UserPlanError, useraddCommand, userdelCommand, usermodCommand, type UserCommand } from './lib/system/user-commands.js'
import { planExtras, type ExtrasPlan } from './lib/system/user-extras.js'
import type { UserParams } from './lib/system/user-params.js'
import { userParamsSchema } from './lib/system/user-schema.js'
import { applyFailure } from './lib/system/target.js'

const NOT_HASHED = "The input password appears not to have been hashed. The 'password' argument must be encrypted for this module to work properly."

/** Ansible's heuristic: a crypt(3) hash has $id$salt$digest with a digest of the right length. */
export function looksHashed(password: string): boolean {
  if (['*', '!', '*************'].includes(password)) return true
  if (/[:*!]/.test(password) || !password.includes('$')) return false
  const fields = password.split('$')
  if (fields.length < 3) return false
  const digest = fields[fields.length - 1]!
  const lengths: Record<string, number> = { '1': 22, '5': 43, '6': 86 }
  if (/[^a-zA-Z0-9./=]/.test(digest)) return false
  return lengths[fields[1]!] === undefined || lengths[fields[1]!] === digest.length
}

/** The account as Ansible reports it after the run. */
function accountFields(p: UserParams, info: PasswdEntry): ModuleResult {
  const out: ModuleResult = { uid: info.uid, group: info.gid, comment: info.comment, home: info.home, shell: info.shell }
  if (p.groups !== undefined) out.groups = p.groups.join(',')
  if (p.password !== undefined) out.password = 'NOT_LOGGING_PASSWORD'
  return out
}

/** Runs useradd/usermod, then chpasswd: their output, or the failure to report. */
async function runAccountCommand(host: Host, p: UserParams, cmd: UserCommand): Promise<{ output: ModuleResult; failure?: ModuleResult }> {
  const output: ModuleResult = {}
  if (cmd.argv) {
    const r = await host.exec(cmd.argv)
    if (r.rc !== 0) return { output, failure: applyFailure(r.stderr, { name: p.name, rc: r.rc }) }
    if (r.stdout) output.stdout = r.stdout
    if (r.stderr) output.stderr = r.stderr
  }
  if (cmd.passwordLine) {
    const r = await host.exec(['chpasswd', '-e'], { stdin: `${cmd.passwordLine}\n` })
    if (r.rc !== 0) return { output, failure: applyFailure(r.stderr, { name: p.name, rc: r.rc }) }
  }
  return { output }
}

async function runExtras(plan: ExtrasPlan, p: UserParams, result: ModuleResult): Promise<ModuleResult> {
  for (const step of plan.steps) {
    const outcome = await step()
    if (typeof outcome === 'string') return applyFailure(outcome, { name: p.name })
    Object.assign(result, outcome)
  }
  return result
}

function withWarnings(result: ModuleResult, warnings: string[]): ModuleResult {
  return warnings.length ? { ...result, warnings } : result
}

async function removeUser(host: Host, p: UserParams, db: AccountDb, checkMode: boolean): Promise<ModuleOutcome> {
  const base = { name: p.name, state: p.state }
  if (!db.user) return ok(base)
  if (checkMode) return change({})
  return change({
    ...base,
    apply: async () => {
      const r = await host.exec(userdelCommand(p))
      if (r.rc !== 0) return applyFailure(r.stderr, { name: p.name, rc: r.rc })
      return { force: p.force, remove: p.remove, ...(r.stdout ? { stdout: r.stdout } : {}), ...(r.stderr ? { stderr: r.stderr } : {}) }
    },
  })
}

async function createUser(host: Host, p: UserParams, db: AccountDb, checkMode: boolean, warnings: string[]): Promise<ModuleOutcome> {
  if (checkMode) return change({})
  const cmd = useraddCommand(p, db)
  return change({
    name: p.name,
    state: p.state,
    apply: async () => {
      // useradd -m makes the home folder but not its parents.
      if (p.create_home && p.home) await host.exec(['mkdir', '-p', posix.dirname(p.home)])
      const ran = await runAccountCommand(host, p, cmd)
      if (ran.failure) return ran.failure
      const fresh = await readAccounts(host, p.name)
      if (!fresh.user) return applyFailure(`failed to look up user name: ${p.name}`, { name: p.name })
      const result: ModuleResult = { system: p.system, create_home: p.create_home, ...ran.output, ...accountFields(p, fresh.user) }
      const extras = await planExtras(host, p, fresh.user, fresh.shadow)
      return withWarnings(await runExtras(extras, p, result), [...warnings, ...extras.warnings])
    },
  })
}

async function modifyUser(host: Host, p: UserParams, db: AccountDb, checkMode: boolean, warnings: string[]): Promise<ModuleOutcome> {
  const info = db.user!
  const cmd = usermodCommand(p, db, info)
  const gid = p.group === undefined ? info.gid : findGroup(db.groups, p.group)!.gid
  const extras = await planExtras(host, p, { uid: p.uid ?? info.uid, gid, home: p.home ?? info.home }, db.shadow)
  const result = withWarnings(
    { name: p.name, state: p.state, append: p.append, move_home: p.move_home, ...accountFields(p, info), ...extras.result },
    [...warnings, ...extras.warnings],
  )
  if (!cmd.argv && !cmd.passwordLine && extras.steps.length === 0) return ok(result)
  if (checkMode) return change(result)
  return change({
    ...result,
    apply: async () => {
      const ran = await runAccountCommand(host, p, cmd)
      if (ran.failure) return ran.failure
      const fresh = (await readAccounts(host, p.name)).user ?? info
      return runExtras(extras, p, { ...result, ...ran.output, ...accountFields(p, fresh) })
    },
  })
}

export default defineModule<UserParams>({
  name: 'user',
  description:
    'Manage a local user account: uid, primary and supplementary groups, shell, home, comment, password hash, expiry and ' +
    'password ageing; remove it with userdel; optionally generate an SSH key pair for it.',
  params: userParamsSchema,
  aliases: { name: ['user'], create_home: ['createhome'] },
  secretParams: ['password', 'ssh_key_passphrase'],
  examples: [
    `- name: The stack user, with a key pair
  user:
    name: stack
    shell: /bin/bash
    groups: [wheel, libvirt]
    append: true
    generate_ssh_key: true
    ssh_key_bits: 4096`,
    `- name: Remove an old account and its home
  user:
    name: olduser
    state: absent
    remove: true`,
  ],
  async run(host, p, ctx) {
    const warnings = p.password !== undefined && !looksHashed(p.password) ? [NOT_HASHED] : []
    const db = await readAccounts(host, p.name)
    try {
      if (p.state === 'absent') return await removeUser(host, p, db, ctx.checkMode)
      if (!db.user) return await createUser(host, p, db, ctx.checkMode, warnings)
      return await modifyUser(host, p, db, ctx.checkMode, warnings)
    } catch (err) {
      if (err instanceof UserPlanError) return fail(err.message)
      throw err
    }
  },
})
