// Runs one compat case under ansible-playbook and under tsplay, each in its own private copy
// of the case folder (cases may write files) with its own HOME and temp folders, and compares
// what the two observed.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CaseConfig } from './case-config.js'
import { ABSENT, describeDifference, firstDifference, type Difference } from './diff.js'
import { extractJsonDocument, observeRun, type Observation, type PathAlias } from './observe.js'

export type Tool = 'ansible' | 'tsplay'

export interface RunResult {
  tool: Tool
  command: string[]
  exitCode: number
  stdout: string
  stderr: string
  timedOut: boolean
  observation: Observation
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
  difference: Difference | null
}

export interface RunOptions {
  timeoutMs?: number
  /** Keep the temp copy for inspection instead of deleting it. */
  keep?: boolean
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const CASES_DIR = join(REPO_ROOT, 'test', 'compat', 'cases')

const DEFAULT_TIMEOUT_MS = 180_000

/**
 * How to start tsplay: the built CLI when present, else the TypeScript source through tsx.
 * null when neither exists yet.
 */
export function tsplayCommand(repoRoot = REPO_ROOT): string[] | null {
  const built = join(repoRoot, 'dist', 'engine', 'cli.js')
  if (existsSync(built)) return [process.execPath, built]
  const source = join(repoRoot, 'engine', 'cli.ts')
  const tsx = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  if (existsSync(source) && existsSync(tsx)) return [process.execPath, tsx, source]
  return null
}

function commandFor(tool: Tool, config: CaseConfig): string[] {
  const args = [config.playbook, '-i', config.inventory, ...config.args]
  if (tool === 'ansible') return ['ansible-playbook', ...args]
  const tsplay = tsplayCommand()
  if (!tsplay) throw new Error('tsplay CLI not found: build it with `npx tsc -p .` (dist/engine/cli.js) or add engine/cli.ts')
  return [...tsplay, ...args]
}

/** The environment both tools get: json output, no colour, and everything private to this run. */
function runEnvironment(home: string): NodeJS.ProcessEnv {
  // Inherited ANSIBLE_* settings (ANSIBLE_CONFIG above all) would make the two runs differ from the case.
  const inherited = Object.entries(process.env).filter(([key]) => !key.startsWith('ANSIBLE_'))
  return {
    ...Object.fromEntries(inherited),
    HOME: home,
    ANSIBLE_STDOUT_CALLBACK: 'json',
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_HOST_KEY_CHECKING: 'False',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_LOCAL_TEMP: join(home, '.ansible', 'tmp'),
    ANSIBLE_REMOTE_TEMP: join(home, '.ansible', 'remote-tmp'),
  }
}

export async function runTool(tool: Tool, config: CaseConfig, options: RunOptions = {}): Promise<RunResult> {
  const root = await realpath(await mkdtemp(join(tmpdir(), `tsplay-compat-${tool}-`)))
  const caseCopy = join(root, 'case')
  const home = join(root, 'home')
  try {
    await cp(config.dir, caseCopy, { recursive: true })
    await mkdir(home)
    if (config.defaultInventory !== null) await writeFile(join(caseCopy, 'hosts'), config.defaultInventory)
    const command = commandFor(tool, config)
    const run = await spawnCollect(command, caseCopy, runEnvironment(home), options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
    const aliases: PathAlias[] = [
      { path: caseCopy, alias: '<case>' },
      { path: home, alias: '<home>' },
      { path: root, alias: '<tmp>' },
    ]
    const document = extractJsonDocument(run.stdout)
    const outFiles = await readOutFiles(join(caseCopy, 'out'))
    const observation = observeRun(document, run.exitCode, outFiles, {
      perHost: config.compare === 'per-host',
      diffMode: config.args.some((arg) => arg === '--diff' || arg === '-D'),
      ignoreKeys: config.ignoreKeys,
      aliases,
    })
    return { tool, command, ...run, observation, keptDir: options.keep ? root : null }
  } finally {
    if (!options.keep) await rm(root, { recursive: true, force: true })
  }
}

interface Collected {
  exitCode: number
  stdout: string
  stderr: string
  timedOut: boolean
}

function spawnCollect(command: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Collected> {
  return new Promise((resolvePromise) => {
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
      resolvePromise({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr: err, timedOut })
    }
    child.on('error', (error) => finish(127, `\ncould not start ${command[0]}: ${error.message}`))
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)))
  })
}

/** Files under out/ by path relative to it; null when the case wrote no out/ folder. */
async function readOutFiles(outDir: string): Promise<Record<string, string> | null> {
  if (!existsSync(outDir)) return null
  const files: Record<string, string> = {}
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true })
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const full = join(entry.parentPath, entry.name)
    files[relative(outDir, full)] = await readFile(full, 'utf8')
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** Why ansible's run shows the case itself is wrong, or null when ansible behaved as the case says. */
export function brokenCaseReason(config: CaseConfig, ansible: RunResult): string | null {
  if (ansible.timedOut) return `ansible-playbook timed out on ${config.name}`
  if (ansible.exitCode === config.exitCode) return null
  const stderrTail = ansible.stderr.trim().split('\n').slice(-15).join('\n')
  return (
    `broken case ${config.name}: ansible-playbook exited ${ansible.exitCode}, case.yml expects ${config.exitCode}` +
    (stderrTail ? `\n--- ansible-playbook stderr ---\n${stderrTail}` : '')
  )
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

/** Runs the oracle, then (unless oracleOnly) tsplay, and compares. */
export async function runCase(config: CaseConfig, options: RunOptions & { oracleOnly?: boolean } = {}): Promise<CaseOutcome> {
  const ansible = await runTool('ansible', config, options)
  const broken = brokenCaseReason(config, ansible)
  if (options.oracleOnly || broken) return { config, ansible, tsplay: null, broken, difference: null }
  const tsplay = await runTool('tsplay', config, options)
  return { config, ansible, tsplay, broken, difference: compareObservations(ansible.observation, tsplay.observation) }
}

/** A failure message for a case whose runs differ: the first difference plus tsplay's stderr tail. */
export function explainMismatch(outcome: CaseOutcome): string {
  if (!outcome.difference || !outcome.tsplay) return ''
  const stderrTail = outcome.tsplay.stderr.trim().split('\n').slice(-10).join('\n')
  const timedOut = outcome.tsplay.timedOut ? ' (tsplay timed out and was killed)' : ''
  return (
    `${outcome.config.name}: tsplay observed something else than ansible-playbook${timedOut}\n` +
    describeDifference(outcome.difference) +
    (stderrTail ? `\n--- tsplay stderr (last lines) ---\n${stderrTail}` : '') +
    `\n(run: npx tsx test/compat/run-case.ts cases/${outcome.config.name})`
  )
}
