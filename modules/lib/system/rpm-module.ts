// dnf and yum: the same reading (rpm -q for every spec in one command, check-update for
// state=latest) and the same apply, with the tool's own name, options and result shape.
import { change, defineModule, fail, ok, type Host, type ModuleDefinition, type ModuleOutcome, type ModuleResult } from '../../../engine/module.js'
import { commonOptions, rpmSchema, type RpmParams } from './rpm-params.js'
import { nevra, parseCheckUpdate, queryInstalled, type InstalledPackage } from './rpm-state.js'
import { withOutputLines } from './target.js'

type Tool = 'dnf' | 'yum'

/** What apply must do: the tool's verb and the specs it gets. */
interface Transaction {
  verb: 'install' | 'upgrade' | 'remove' | 'autoremove'
  specs: string[]
}

interface Plan {
  transactions: Transaction[]
  /** "Installed: x" / "Removed: x" lines dnf reports (for check mode). */
  preview: string[]
  alreadyThere: string[]
}

const LOCALE = { LANG: 'C', LC_ALL: 'C' }

/** Names as Ansible reads them: comma-separated strings inside the list are split too. */
function requestedNames(p: RpmParams): string[] {
  return p.name.flatMap((n) => n.split(',')).map((n) => n.trim()).filter((n) => n !== '')
}

function describe(installed: InstalledPackage[], spec: string): string {
  return installed.length ? installed.map(nevra).join(', ') : spec
}

async function updatesFor(host: Host, tool: Tool, p: RpmParams, names: string[]): Promise<Set<string>> {
  const r = await host.exec([tool, '-q', ...commonOptions(tool, p), 'check-update', ...names], { env: LOCALE })
  if (r.rc !== 100 && r.rc !== 0) throw new RpmReadError(`${tool} check-update failed: ${r.stderr.trim() || r.stdout.trim()}`)
  return r.rc === 100 ? parseCheckUpdate(r.stdout) : new Set()
}

class RpmReadError extends Error {}

async function plan(host: Host, tool: Tool, p: RpmParams, names: string[], state: string): Promise<Plan> {
  const result: Plan = { transactions: [], preview: [], alreadyThere: [] }
  if (state === 'latest' && names.length === 1 && names[0] === '*') {
    const updates = await updatesFor(host, tool, p, [])
    if (updates.size) result.transactions.push({ verb: 'upgrade', specs: [] })
    result.preview.push(...[...updates].map((n) => `Installed: ${n}`))
    return result
  }
  const installed = await queryInstalled(host, names)
  if (state === 'absent' || state === 'removed') {
    const present = names.filter((n) => installed.get(n)!.length > 0)
    if (present.length) result.transactions.push({ verb: 'remove', specs: present })
    result.preview.push(...present.flatMap((n) => installed.get(n)!.map((pkg) => `Removed: ${nevra(pkg)}`)))
    if (p.autoremove && (await autoremoveWouldAct(host, tool, p))) result.transactions.push({ verb: 'autoremove', specs: [] })
    return result
  }
  const missing = names.filter((n) => installed.get(n)!.length === 0 && !(state === 'latest' && p.update_only))
  if (missing.length) result.transactions.push({ verb: 'install', specs: missing })
  result.preview.push(...missing.map((n) => `Installed: ${n}`))
  const present = names.filter((n) => installed.get(n)!.length > 0)
  result.alreadyThere.push(...present.map((n) => `${describe(installed.get(n)!, n)} providing ${n} is already installed`))
  if (state === 'latest' && present.length) {
    const updates = await updatesFor(host, tool, p, present)
    const outdated = present.filter((n) => installed.get(n)!.some((pkg) => updates.has(pkg.name)))
    if (outdated.length) result.transactions.push({ verb: 'upgrade', specs: outdated })
    result.preview.push(...outdated.map((n) => `Installed: ${n}`))
  }
  return result
}

async function autoremoveWouldAct(host: Host, tool: Tool, p: RpmParams): Promise<boolean> {
  const r = await host.exec([tool, '--assumeno', ...commonOptions(tool, p), 'autoremove'], { env: LOCALE })
  return /^Removing/m.test(r.stdout)
}

function transactionArgv(tool: Tool, p: RpmParams, t: Transaction): string[] {
  const extra = t.verb === 'upgrade' && p.security ? ['--security'] : t.verb === 'upgrade' && p.bugfix ? ['--bugfix'] : []
  return [tool, '-y', ...commonOptions(tool, p), ...extra, t.verb, ...t.specs]
}

async function runTransactions(host: Host, tool: Tool, p: RpmParams, names: string[], transactions: Transaction[]): Promise<ModuleResult> {
  const outputs: string[] = []
  for (const t of transactions) {
    const r = await host.exec(transactionArgv(tool, p, t), { env: LOCALE })
    outputs.push(r.stdout)
    if (r.rc !== 0) {
      if (tool === 'yum') return withOutputLines({ failed: true, changed: false, msg: r.stderr, rc: r.rc, results: outputs })
      return { failed: true, changed: false, msg: 'Failed to install some of the specified packages', failures: [r.stderr.trim()], results: [], rc: 1 }
    }
  }
  if (tool === 'yum') {
    const kind = transactions.some((t) => t.verb === 'remove') ? 'removed' : 'installed'
    return { msg: '', rc: 0, results: outputs, changes: { [kind]: transactions.flatMap((t) => t.specs) } }
  }
  // dnf lists what the transaction did: read it back from rpm.
  const after = await queryInstalled(host, names)
  const results = transactions.flatMap((t) =>
    t.verb === 'remove' || t.verb === 'autoremove' ? t.specs.map((s) => `Removed: ${s}`) : t.specs.flatMap((s) => (after.get(s) ?? []).map((pkg) => `Installed: ${nevra(pkg)}`)),
  )
  return { msg: '', rc: 0, results }
}

async function runRpmModule(host: Host, tool: Tool, p: RpmParams, checkMode: boolean): Promise<ModuleOutcome> {
  const names = requestedNames(p)
  if (names.some((n) => n.includes(' ') && !/[@><=]/.test(n))) {
    return fail('It appears that a space separated string of packages was passed in as an argument. To operate on several packages, pass a comma separated string of packages or a list of packages.')
  }
  const group = names.find((n) => n.startsWith('@'))
  if (group) return fail(`package groups and modules (${group}) are not supported by tsplay's ${tool} module; install their packages by name`)
  if (p.update_cache && names.length === 0) {
    const cached = { msg: 'Cache updated', results: [], rc: 0 }
    if (checkMode) return ok(cached)
    return change({ ...cached, apply: async () => ({ ...cached, changed: false, ...(await refreshCache(host, tool, p)) }) })
  }
  const state = p.state ?? (p.autoremove ? 'absent' : 'present')
  if (p.autoremove && state !== 'absent') return fail('Autoremove should be used alone or with state=absent', { results: [] })
  let planned: Plan
  try {
    planned = await plan(host, tool, p, names, state)
  } catch (err) {
    if (err instanceof RpmReadError) return fail(err.message, { results: [], rc: 1 })
    throw err
  }
  if (planned.transactions.length === 0) {
    return ok(tool === 'dnf' ? { msg: 'Nothing to do', results: [], rc: 0 } : { msg: '', results: planned.alreadyThere, rc: 0 })
  }
  if (checkMode) return change({ msg: 'Check mode: No changes made, but would have if not in check mode', results: planned.preview, rc: 0 })
  return change({ msg: '', results: [], rc: 0, apply: () => runTransactions(host, tool, p, names, planned.transactions) })
}

async function refreshCache(host: Host, tool: Tool, p: RpmParams): Promise<ModuleResult | undefined> {
  const r = await host.exec([tool, '-y', ...commonOptions(tool, p), 'makecache'], { env: LOCALE })
  if (r.rc === 0) return undefined
  return { failed: true, msg: `Failed to synchronize repodata: ${r.stderr.trim()}`, rc: r.rc, results: [] }
}

export function rpmPackageModule(tool: Tool, examples: string[]): ModuleDefinition<RpmParams> {
  return defineModule<RpmParams>({
    name: tool,
    description:
      `Install (present), update (latest) and remove (absent) rpm packages with ${tool}. Reads rpm first (one rpm -q for ` +
      `all specs, ${tool} check-update for latest) and runs ${tool} only in apply.`,
    params: rpmSchema(tool),
    aliases: { name: ['pkg'], update_cache: ['expire-cache'] },
    examples,
    run: (host, p, ctx) => runRpmModule(host, tool, p, ctx.checkMode),
  })
}
