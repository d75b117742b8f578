#!/usr/bin/env node
// tsplay's command line: ansible-playbook's flags → one RunOptions → run().
import { Command, CommanderError, Option } from 'commander'
import { readFileSync } from 'node:fs'
import { ExitCode, TsplayError } from './errors.js'
import type { RunOptions } from './executor/context.js'
import { run } from './executor/run.js'
import { askSecrets } from './util/ask-secrets.js'

const collect = (value: string, previous: string[]) => [...previous, value]
const splitTags = (value: string, previous: string[]) => [...previous, ...value.split(',').map((t) => t.trim()).filter(Boolean)]

function buildProgram(): Command {
  return new Command('tsplay')
    .description('Run Ansible playbooks, faster.')
    .argument('<playbook...>', 'playbook file(s)')
    .option('-i, --inventory <source>', 'inventory file, folder, script or host list (repeatable)', collect, [])
    .option('-l, --limit <pattern>', 'limit the run to hosts matching this pattern (or @file)')
    .option('-t, --tags <tags>', 'only run plays and tasks tagged with these values', splitTags, [])
    .option('--skip-tags <tags>', 'skip plays and tasks tagged with these values', splitTags, [])
    .option('-e, --extra-vars <vars>', 'extra variables as key=value, YAML/JSON, or @file (repeatable)', collect, [])
    .option('-C, --check', "don't make any changes; predict what would change")
    .option('-D, --diff', 'show the differences in files and templates')
    .option('-v, --verbose', 'more detail (-vvv for connection detail, -vvvv for everything)', (_v: string, prev: number) => prev + 1, 0)
    .option('-f, --forks <n>', 'number of hosts to run on in parallel (default 50)', (v) => Number.parseInt(v, 10))
    .option('--syntax-check', 'check the playbooks for errors without running them')
    .option('--list-hosts', 'list the hosts each play would run on')
    .option('--list-tasks', 'list the tasks that would run')
    .option('--list-tags', 'list all tags')
    .option('--start-at-task <name>', 'start the playbook at the task with this name')
    .option('--force-handlers', 'run handlers even if a task fails')
    .option('-b, --become', 'run operations with become')
    .option('--become-user <user>', 'run operations as this user (default root)')
    .option('--become-method <method>', 'privilege escalation method to use (sudo, su)')
    .option('-K, --ask-become-pass', 'ask for the privilege escalation password')
    .option('-k, --ask-pass', 'ask for the connection password')
    .option('--vault-id <id>', 'a vault password: [label@]file, executable, or prompt (repeatable)', collect, [])
    .option('--vault-password-file <file>', 'the vault password from this file, or what it prints when executable (repeatable)', collect, [])
    .addOption(new Option('--vault-pass-file <file>').hideHelp().argParser(collect).default([]))
    .option('-J, --ask-vault-password', 'ask for the vault password')
    .addOption(new Option('--ask-vault-pass').hideHelp())
    .option('-c, --connection <type>', 'connection type to use (local, ssh)')
    .option('-u, --user <user>', 'connect as this user')
    .option('--private-key <file>', 'use this file to authenticate the connection')
    .option('-T, --timeout <seconds>', 'connection timeout in seconds', (v) => Number.parseInt(v, 10))
    .option('-M, --module-path <paths>', 'prepend folders to the module search path (colon-separated)', (v: string, prev: string[]) => [...prev, ...v.split(':')], [])
    .addOption(new Option('--output <format>', 'screen (Ansible default callback) or json').choices(['screen', 'json']).default('screen'))
    .version(readVersion(), '--version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    return `tsplay ${pkg.version}`
  } catch {
    return 'tsplay'
  }
}

/** ansible-playbook's prompts for -k and -K; an empty become answer means "the SSH password". */
async function askPasswords(askPass: boolean, askBecomePass: boolean): Promise<{ connection?: string; become?: string }> {
  const prompts = [...(askPass ? ['SSH password: '] : []), ...(askBecomePass ? [askPass ? 'BECOME password[defaults to SSH password]: ' : 'BECOME password: '] : [])]
  const answers = await askSecrets(prompts)
  const connection = askPass ? answers.shift() : undefined
  const become = askBecomePass ? answers.shift() : undefined
  return { connection, become: askPass && become === '' ? connection : become }
}

export async function optionsFromArgv(argv: string[]): Promise<RunOptions> {
  const program = buildProgram()
  program.parse(argv, { from: 'user' })
  const o = program.opts()
  const passwords = await askPasswords(Boolean(o.askPass), Boolean(o.askBecomePass))
  return {
    playbooks: program.args,
    inventory: o.inventory,
    limit: o.limit,
    tags: o.tags,
    skipTags: o.skipTags,
    extraVars: o.extraVars,
    check: Boolean(o.check),
    diff: Boolean(o.diff),
    verbosity: o.verbose,
    forks: o.forks ?? 0,
    syntaxCheck: Boolean(o.syntaxCheck),
    listHosts: Boolean(o.listHosts),
    listTasks: Boolean(o.listTasks),
    listTags: Boolean(o.listTags),
    startAtTask: o.startAtTask,
    forceHandlers: Boolean(o.forceHandlers),
    become: o.become ? true : undefined,
    becomeUser: o.becomeUser,
    becomeMethod: o.becomeMethod,
    becomePassword: passwords.become,
    connectionPassword: passwords.connection,
    vaultIds: o.vaultId,
    vaultPasswordFiles: [...o.vaultPasswordFile, ...o.vaultPassFile],
    askVaultPass: Boolean(o.askVaultPassword || o.askVaultPass),
    connection: o.connection,
    remoteUser: o.user,
    privateKey: o.privateKey,
    timeout: o.timeout,
    output: o.output,
    modulePaths: o.modulePath,
    cwd: process.cwd(),
    env: process.env,
  }
}

export async function main(argv: string[]): Promise<number> {
  let options: RunOptions
  try {
    options = await optionsFromArgv(argv)
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.badOptions
    throw err
  }
  try {
    return await run(options)
  } catch (err) {
    return reportFatal(err, options.verbosity)
  }
}

function reportFatal(err: unknown, verbosity: number): number {
  if (err instanceof TsplayError) {
    process.stderr.write(`ERROR! ${err.describe()}\n`)
    if (verbosity >= 3 && err.stack) process.stderr.write(`${err.stack}\n`)
    return err.exitCode
  }
  process.stderr.write(`ERROR! Unexpected failure: ${(err as Error)?.message ?? String(err)}\n`)
  if (verbosity >= 3 && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`)
  else process.stderr.write('(run with -vvv for the stack trace)\n')
  return ExitCode.error
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
