// A whole ansible-playbook-like run: settings, inventory, playbooks, plays, recap, exit code.
import { randomBytes } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { ExitCode, TsplayError } from '../errors.js'
import { Inventory } from '../inventory/index.js'
import { Templar } from '../template/index.js'
import { createReporter, reporterOptionsFromSettings } from '../output/index.js'
import type { RunReporter } from '../output/events.js'
import { loadConfig, type Settings } from '../config.js'
import { builtinModules, collectionAliases } from '../../modules/index.js'
import { loadCustomModules } from '../modules-loader.js'
import type { ModuleDefinition } from '../module.js'
import { loadPlaybook } from '../load/playbook.js'
import type { LoadContext } from '../load/context.js'
import type { Play } from '../load/model.js'
import { parseExtraVars } from '../vars/extra-vars.js'
import { lazyVars } from '../vars/lazy.js'
import type { RunContext, RunOptions } from './context.js'
import { runPlay } from './play-runner.js'
import { closeConnections } from './connections.js'
import { passphrasePrompter } from './key-passphrases.js'
import { AsyncJobs } from './async-jobs.js'
import { setVaultSecrets } from '../vault/keyring.js'
import { loadVaultSecrets } from '../vault/passwords.js'
import { listPlays } from './listing.js'

/** Module names as written in playbooks: bare, ansible.builtin.X and ansible.legacy.X. */
export function moduleRegistry(custom: Record<string, ModuleDefinition>): Map<string, ModuleDefinition> {
  const map = new Map<string, ModuleDefinition>()
  for (const [name, def] of Object.entries({ ...builtinModules, ...custom })) map.set(name, def)
  return map
}

/** Where custom modules live before any playbook is parsed: the playbooks' modules/ and library/,
 *  every role's library/ under the playbook's roles/ and roles_path, -M and `library` settings. */
function moduleDirs(playbooks: string[], rolesPath: string[], extra: string[]): string[] {
  const dirs = new Set<string>(extra)
  const roleRoots = new Set<string>(rolesPath)
  for (const pb of playbooks) {
    const base = dirname(resolve(pb))
    dirs.add(join(base, 'modules'))
    dirs.add(join(base, 'library'))
    roleRoots.add(join(base, 'roles'))
  }
  for (const root of roleRoots) {
    if (!existsSync(root)) continue
    for (const role of readdirSync(root)) dirs.add(join(root, role, 'library'))
  }
  return [...dirs].filter((d) => existsSync(d))
}

export async function run(options: RunOptions, out: { stdout: NodeJS.WritableStream } = { stdout: process.stdout }): Promise<number> {
  const settings = await loadConfig({ cwd: options.cwd, env: options.env })
  const fromSettings = reporterOptionsFromSettings(settings)
  const verbosity = Math.max(options.verbosity, settings.verbosity)
  const diff = options.diff || settings.diffAlways
  const reporter = createReporter({
    ...fromSettings.options,
    format: options.output === 'json' ? 'json' : fromSettings.options.format,
    verbosity, diff, check: options.check,
  })
  for (const msg of [...settings.warnings, ...fromSettings.warnings]) reporter.warning(msg)
  options = { ...options, verbosity, diff }
  const controller = new AbortController()
  // Every running command listens for Ctrl-C on this one signal: no listener limit.
  setMaxListeners(0, controller.signal)
  const onSigint = () => controller.abort()
  process.once('SIGINT', onSigint)
  let ctx: RunContext | undefined
  try {
    // Before anything is loaded: any file, and any value in one, may be vault-encrypted.
    setVaultSecrets(
      await loadVaultSecrets({
        vaultIds: options.vaultIds ?? [],
        vaultPasswordFiles: options.vaultPasswordFiles ?? [],
        askVaultPass: options.askVaultPass ?? false,
        configFile: settings.vaultPasswordFile,
        cwd: options.cwd,
      }),
    )
    ctx = await prepare(options, settings, reporter, controller.signal)
    const playbooks = options.playbooks.map((p) => resolve(options.cwd, p))
    for (const file of playbooks) {
      if (!existsSync(file)) throw new TsplayError(`the playbook: ${file} could not be found`, { exitCode: ExitCode.error })
    }
    // `shown` is the playbook as the user named it, which is how ansible-playbook prints it.
    const loaded: { file: string; shown: string; plays: Play[] }[] = []
    for (const [i, file] of playbooks.entries()) loaded.push({ file, shown: options.playbooks[i], plays: await loadPlaybook(file, ctx.loadContext) })
    if (options.syntaxCheck) {
      for (const { shown } of loaded) out.stdout.write(`\nplaybook: ${shown}\n`)
      return ExitCode.ok
    }
    if (options.listHosts || options.listTasks || options.listTags) {
      for (const { shown, plays } of loaded) out.stdout.write(listPlays(ctx, shown, plays, { hosts: options.listHosts, tasks: options.listTasks, tags: options.listTags }))
      return ExitCode.ok
    }
    for (const { file, plays } of loaded) {
      reporter.playbookStart(file)
      await ctx.inventory.addPlaybookDir(dirname(file))
      let keepGoing = true
      for (const play of plays) {
        if (controller.signal.aborted || !keepGoing) break
        keepGoing = await runPlay(ctx, play)
      }
      if (!keepGoing) break
    }
    if (controller.signal.aborted) {
      // Like ansible-playbook: no recap, a one-line error, exit code 99.
      process.stderr.write('[ERROR]: User interrupted execution\n')
      return ExitCode.interrupted
    }
    reporter.recap(ctx.stats)
    if (ctx.unreachableHosts.size > 0) return ExitCode.unreachableOrParse
    if (ctx.failedHosts.size > 0) return ExitCode.hostsFailed
    return ExitCode.ok
  } finally {
    process.removeListener('SIGINT', onSigint)
    if (ctx) {
      // Jobs started with poll 0 run on until done or stopped at their limit.
      await ctx.asyncJobs.settle()
      await closeConnections(ctx)
    }
    await reporter.close()
  }
}

async function prepare(options: RunOptions, settings: Settings, reporter: RunReporter, signal: AbortSignal): Promise<RunContext> {
  const warn = (msg: string) => reporter.warning(msg)
  const inventorySources = options.inventory.length ? options.inventory : settings.inventory
  const inventory = await Inventory.load(inventorySources, { cwd: options.cwd, warn })
  inventory.setLimit(options.limit)
  if (inventory.hostNames().length === 0) {
    warn("provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'")
  }
  const rolesPath = settings.rolesPath
  const custom = await loadCustomModules(moduleDirs(options.playbooks.map((p) => resolve(options.cwd, p)), rolesPath, [...options.modulePaths, ...settings.library]))
  const modules = moduleRegistry(custom)
  const templar = new Templar()
  const extraVars = parseExtraVars(options.extraVars, options.cwd)
  const loadContext: LoadContext = {
    rolesPath,
    isModule: (name) => {
      const alias = collectionAliases[name]
      if (alias && modules.has(alias)) return alias
      return modules.has(name) || ['include_tasks', 'import_tasks', 'include_role', 'import_role', 'import_playbook', 'include'].includes(name)
    },
    moduleNames: [...modules.keys(), 'include_tasks', 'import_tasks', 'include_role', 'import_role'],
    templateStatic: (value, vars) => templar.template(value, lazyVars({ values: vars, unsafe: new Set() }, (v, scope) => templar.template(v, scope))),
    extraVars,
    warn,
  }
  const ctx: RunContext = {
    // Command-line flags win over ansible.cfg / ANSIBLE_* settings.
    options: {
      ...options,
      forks: options.forks || settings.forks,
      become: options.become ?? (settings.become || undefined),
      becomeUser: options.becomeUser ?? settings.becomeUser,
      becomeMethod: options.becomeMethod ?? settings.becomeMethod,
      remoteUser: options.remoteUser ?? settings.remoteUser,
      privateKey: options.privateKey ?? settings.privateKeyFile,
      timeout: options.timeout ?? settings.timeout,
      forceHandlers: options.forceHandlers || settings.forceHandlers,
    },
    settings: { gathering: settings.gathering, forceHandlers: settings.forceHandlers, hashBehaviour: settings.hashBehaviour, anyErrorsFatal: settings.anyErrorsFatal },
    inventory, templar, reporter, modules,
    sshSettings: {
      remoteUser: options.remoteUser ?? settings.remoteUser,
      remotePort: settings.remotePort,
      privateKeyFile: options.privateKey ?? settings.privateKeyFile,
      timeout: options.timeout ?? settings.timeout,
      hostKeyChecking: settings.hostKeyChecking,
      sshArgs: settings.sshArgs,
      sshCommonArgs: settings.sshCommonArgs,
      sshExtraArgs: settings.sshExtraArgs,
      reconnectionRetries: settings.reconnectionRetries,
    },
    askPassphrase: passphrasePrompter(),
    tagFilter: { only: options.tags, skip: options.skipTags },
    extraVars,
    hostState: new Map(), stats: new Map(), connections: new Map(), asyncJobs: new AsyncJobs(),
    omit: `__omit_place_holder__${randomBytes(20).toString('hex')}`,
    failedHosts: new Set(), unreachableHosts: new Set(),
    signal,
    startAtTask: options.startAtTask,
    inventorySources: inventorySources.map((s) => (s.includes(',') ? s : resolve(options.cwd, s))),
    playbookDir: dirname(resolve(options.cwd, options.playbooks[0] ?? '.')),
    roleSearchPath: rolesPath,
    loadContext,
    warn,
    refreshInventory: () => inventory.refresh(),
  }
  return ctx
}
