// Runs one compat case under ansible-playbook and under tsplay, each in its own private copy
// of the case folder (cases may write files) with its own HOME and temp folders, and compares
// what the two observed.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CaseConfig, RunStep } from './case-config.js'
import { ABSENT, describeDifference, firstDifference, type Difference } from './diff.js'
import { extractJsonDocument, observeRun, replacePaths, type Observation, type PathAlias, type ResultObs } from './observe.js'
import { changedPaths, readOutTree, type OutTree } from './out-tree.js'
import type { SshTransport } from './ssh-transport.js'

export type Tool = 'ansible' | 'tsplay'

/** One run of the playbook (a case may run it several times, see CaseConfig.runs). */
export interface StepResult {
  command: string[]
  exitCode: number
  stdout: string
  stderr: string
  timedOut: boolean
  /** Wall time of the run. */
  durationMs: number
  observation: Observation
}

/** All runs of a case under one tool, in one copy of the case folder. */
export interface RunResult {
  tool: Tool
  /** out/ as the case folder brings it, before the first run. */
  initialTree: OutTree | null
  /** One entry per CaseConfig.runs entry; fewer when a run timed out (the rest are not started). */
  steps: StepResult[]
  /** The run's temp folder when it was kept (RunOptions.keep), else null. */
  keptDir: string | null
}

export interface CaseOutcome {
  config: CaseConfig
  ansible: RunResult
  /** null when only the oracle was run. */
  tsplay: RunResult | null
  /** Why the case itself is broken (ansible did not behave as the case expects), else null. */
  broken: string | null
  difference: RunDifference | null
}

export interface RunOptions {
  timeoutMs?: number
  /** Keep the temp copy for inspection instead of deleting it. */
  keep?: boolean
  /** Reach the case's hosts over SSH instead of the local connection (ssh.test.ts). */
  ssh?: SshTransport
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const CASES_DIR = join(REPO_ROOT, 'test', 'compat', 'cases')

const DEFAULT_TIMEOUT_MS = 180_000

/**
 * How to start tsplay: the built CLI when present, else the TypeScript source through tsx.
 * null when neither exists yet.
 */
export function tsplayCommand(repoRoot = REPO_ROOT): string[] | null {
  const built = join(repoRoot, 'dist', 'bin', 'tsplay.mjs')
  if (existsSync(built)) return [process.execPath, built]
  const source = join(repoRoot, 'engine', 'cli.ts')
  const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  if (existsSync(source) && existsSync(tsx)) return [process.execPath, tsx, source]
  return null
}

function commandFor(tool: Tool, config: CaseConfig, step: RunStep): string[] {
  const args = [config.playbook, '-i', config.inventory, ...config.args, ...step.args]
  if (tool === 'ansible') return ['ansible-playbook', ...args]
  const tsplay = tsplayCommand()
  if (!tsplay) throw new Error('tsplay CLI not found: build it with `npm run build` (dist/bin/tsplay.mjs) or add engine/cli.ts')
  return [...tsplay, ...args]
}

/** The environment both tools get: json output, no colour, and everything private to this run. */
function runEnvironment(home: string, ssh?: SshTransport): NodeJS.ProcessEnv {
  // Inherited ANSIBLE_* settings (ANSIBLE_CONFIG above all) would make the two runs differ from the case.
  const inherited = Object.entries(process.env).filter(([key]) => !key.startsWith('ANSIBLE_'))
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(inherited),
    HOME: home,
    ANSIBLE_STDOUT_CALLBACK: 'json',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_HOST_KEY_CHECKING: 'False',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_LOCAL_TEMP: join(home, '.ansible', 'tmp'),
    ANSIBLE_REMOTE_TEMP: join(home, '.ansible', 'remote-tmp'),
    ...ssh?.env,
  }
  for (const key of ssh?.unsetEnv ?? []) delete env[key]
  return env
}

export async function runTool(tool: Tool, config: CaseConfig, options: RunOptions = {}): Promise<RunResult> {
  const root = await realpath(await mkdtemp(join(tmpdir(), `tsplay-compat-${tool}-`)))
  const caseCopy = join(root, 'case')
  const home = join(root, 'home')
  try {
    // verbatimSymlinks: Node would otherwise point relative links back into the case source.
    await cp(config.dir, caseCopy, { recursive: true, verbatimSymlinks: true })
    await mkdir(home)
    if (config.defaultInventory !== null) await writeFile(join(caseCopy, 'hosts'), config.defaultInventory)
    if (options.ssh) await rewriteForSsh(join(caseCopy, config.inventory), options.ssh, tool)
    const aliases: PathAlias[] = [
      { path: caseCopy, alias: '<case>' },
      { path: home, alias: '<home>' },
      { path: root, alias: '<tmp>' },
    ]
    const initialTree = replacePaths(await readOutTree(join(caseCopy, 'out')), aliases)
    const steps: StepResult[] = []
    for (const step of config.runs) {
      const command = commandFor(tool, config, step)
      const run = await spawnCollect(command, caseCopy, runEnvironment(home, options.ssh), options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
      const observed = observeRun(extractJsonDocument(run.stdout), run.exitCode, await readOutTree(join(caseCopy, 'out')), {
        perHost: config.compare === 'per-host',
        diffMode: command.some((arg) => arg === '--diff' || arg === '-D'),
        ignoreKeys: config.ignoreKeys,
        aliases,
      })
      const observation = options.ssh ? options.ssh.normalise(observed) : observed
      steps.push({ command, ...run, observation })
      if (run.timedOut) break
    }
    return { tool, initialTree, steps, keptDir: options.keep ? root : null }
  } finally {
    if (!options.keep) await rm(root, { recursive: true, force: true })
  }
}

async function rewriteForSsh(inventory: string, ssh: SshTransport, tool: Tool): Promise<void> {
  if (!(await stat(inventory).catch(() => null))?.isFile()) throw new Error(`${inventory}: over SSH the case needs an INI inventory file`)
  await writeFile(inventory, ssh.inventory(await readFile(inventory, 'utf8'), inventory, tool))
}

interface Collected {
  exitCode: number
  stdout: string
  stderr: string
  timedOut: boolean
  durationMs: number
}

function spawnCollect(command: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Collected> {
  return new Promise((resolvePromise) => {
    const started = Date.now()
    const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let timedOut = false
    // The run gets its own process group so a timeout also ends the workers it forked.
    const timer = setTimeout(() => {
      timedOut = true
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // The group is already gone: nothing left to stop.
      }
    }, timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    const finish = (exitCode: number, extraError = '') => {
      clearTimeout(timer)
      const err = Buffer.concat(stderr).toString('utf8') + extraError
      resolvePromise({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: err, timedOut, durationMs: Date.now() - started })
    }
    child.on('error', (error) => finish(127, `\ncould not start ${command[0]}: ${error.message}`))
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)))
  })
}

/** Why ansible's runs show the case itself is wrong, or null when ansible behaved as the case says. */
export function brokenCaseReason(config: CaseConfig, ansible: RunResult): string | null {
  let treeBefore = ansible.initialTree
  for (const [index, step] of ansible.steps.entries()) {
    const expected = config.runs[index]
    const which = config.runs.length > 1 ? ` in run ${index + 1} (${step.command.slice(1).join(' ')})` : ''
    const reason = stepExpectationFailure(step, expected, treeBefore)
    if (reason) return `broken case ${config.name}: ansible-playbook ${reason}${which}` + firstFailure(step.observation) + stderrTail(step, 'ansible-playbook', 15)
    treeBefore = step.observation.outFiles
  }
  return null
}

/** What ansible-playbook did against the expectations of one run, or null when it met them. */
function stepExpectationFailure(step: StepResult, expected: RunStep, treeBefore: OutTree | null): string | null {
  if (step.timedOut) return 'timed out'
  if (step.exitCode !== expected.exitCode) return `exited ${step.exitCode}, case.yml expects ${expected.exitCode}`
  if (expected.untouched) {
    const touched = changedPaths(treeBefore, step.observation.outFiles)
    if (touched.length > 0) return `changed out/ (${touched.map((p) => p || '.').join(', ')}) where case.yml expects it untouched`
  }
  if (expected.changed !== null) {
    const counts = Object.entries(step.observation.stats ?? {}).filter(([, stats]) => stats.changed !== expected.changed)
    if (counts.length > 0) return `reported changed=${counts.map(([host, stats]) => `${stats.changed} on ${host}`).join(', ')}, case.yml expects changed=${expected.changed}`
  }
  return null
}

/** The first failed task of a run and its message: with the json callback, stderr is often empty. */
function firstFailure(observation: Observation): string {
  const results: Array<{ task: string; host: string; result: ResultObs }> = []
  for (const play of observation.plays ?? []) {
    if ('tasks' in play) {
      for (const task of play.tasks) for (const [host, result] of Object.entries(task.hosts)) results.push({ task: task.name, host, result })
    } else {
      for (const [host, list] of Object.entries(play.hosts)) for (const { task, ...result } of list) results.push({ task, host, result })
    }
  }
  const failed = results.find(({ result }) => result.status === 'failed' || result.status === 'unreachable')
  if (!failed) return ''
  return `\n--- first failure: task "${failed.task}" on ${failed.host} ---\n${String(failed.result.msg ?? failed.result.status).trim()}`
}

function stderrTail(step: StepResult, who: string, lines: number): string {
  const tail = step.stderr.trim().split('\n').slice(-lines).join('\n')
  return tail ? `\n--- ${who} stderr ---\n${tail}` : ''
}

/** Compares two runs of the same case; the order of keys puts the most telling differences first. */
export function compareObservations(ansible: Observation, tsplay: Observation): Difference | null {
  if ((ansible.plays === null) !== (tsplay.plays === null)) {
    // Comparing a whole document against nothing would print the document; say what is missing instead.
    const describe = (o: Observation) => (o.plays === null ? ABSENT : `a JSON document with ${o.plays.length} play(s)`)
    const silent = ansible.plays === null ? ansible : tsplay
    const who = silent === ansible ? 'ansible-playbook' : 'tsplay'
    return { path: ['plays'], ansible: describe(ansible), tsplay: describe(tsplay), note: `${who} printed no JSON document, exit ${silent.exitCode}` }
  }
  const ordered = (o: Observation) => ({ plays: o.plays, stats: o.stats, outFiles: o.outFiles, exitCode: o.exitCode })
  return firstDifference(ordered(ansible), ordered(tsplay))
}

/** A difference between the two tools, in the run (index into CaseConfig.runs) where it shows first. */
export interface RunDifference extends Difference {
  step: number
}

/**
 * Compares the runs of a case run by run; the first run that differs is reported. With several
 * runs the path starts with the run, e.g. `run 1/3 (--check)`.
 */
export function compareRuns(config: CaseConfig, ansible: RunResult, tsplay: RunResult): RunDifference | null {
  const total = config.runs.length
  for (let step = 0; step < total; step++) {
    const [a, t] = [ansible.steps[step], tsplay.steps[step]]
    const label = total > 1 ? [runLabel(config, step)] : []
    if (!a || !t) {
      const missing = a ? 'tsplay' : 'ansible-playbook'
      return { step, path: label, ansible: a ? 'a run' : ABSENT, tsplay: t ? 'a run' : ABSENT, note: `${missing} did not get to this run (the run before timed out)` }
    }
    const difference = compareObservations(a.observation, t.observation)
    if (difference) return { ...difference, step, path: [...label, ...difference.path] }
  }
  return null
}

/** `run 2/3 (--check)`: which of the case's runs, with the arguments it adds. */
export function runLabel(config: CaseConfig, step: number): string {
  const args = config.runs[step]?.args ?? []
  return `run ${step + 1}/${config.runs.length} (${args.length > 0 ? args.join(' ') : 'no extra arguments'})`
}

/** Runs the oracle, then (unless oracleOnly) tsplay, and compares. */
export async function runCase(config: CaseConfig, options: RunOptions & { oracleOnly?: boolean } = {}): Promise<CaseOutcome> {
  const ansible = await runTool('ansible', config, options)
  const broken = brokenCaseReason(config, ansible)
  if (options.oracleOnly || broken) return { config, ansible, tsplay: null, broken, difference: null }
  const tsplay = await runTool('tsplay', config, options)
  return { config, ansible, tsplay, broken, difference: compareRuns(config, ansible, tsplay) }
}

/** Both tools' runs of a case, each its result or the error that ended it; tsplay null when only the oracle ran. */
export interface CaseRuns {
  ansible: RunResult | Error
  tsplay: RunResult | Error | null
}

/** A run's result, or the error that ended it (the test reports it rather than crash). */
export function settleRun(run: Promise<RunResult>): Promise<RunResult | Error> {
  return run.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
}

/** Why a case fails: the first thing wrong with its runs; null when tsplay observed what ansible-playbook did (or did not run). */
export function caseFailure(config: CaseConfig, runs: CaseRuns): string | null {
  if (runs.ansible instanceof Error) return `${config.name}: ansible-playbook run failed: ${runs.ansible.message}`
  const broken = brokenCaseReason(config, runs.ansible)
  if (broken) return broken
  if (runs.tsplay === null) return null
  if (runs.tsplay instanceof Error) return `${config.name}: ${runs.tsplay.message}`
  const difference = compareRuns(config, runs.ansible, runs.tsplay)
  return difference ? explainMismatch({ config, ansible: runs.ansible, tsplay: runs.tsplay, broken: null, difference }) : null
}

/** A failure message for a case whose runs differ: the first difference plus tsplay's stderr tail in that run. */
export function explainMismatch(outcome: CaseOutcome): string {
  if (!outcome.difference || !outcome.tsplay) return ''
  const step = outcome.tsplay.steps[outcome.difference.step] ?? outcome.tsplay.steps[outcome.tsplay.steps.length - 1]
  const timedOut = step?.timedOut ? ' (tsplay timed out and was killed)' : ''
  return (
    `${outcome.config.name}: tsplay observed something else than ansible-playbook${timedOut}\n` +
    describeDifference(outcome.difference) +
    (step ? stderrTail(step, 'tsplay', 10) : '') +
    `\n(run: npx tsx test/compat/run-case.ts cases/${outcome.config.name})`
  )
}
