// A compat case is a folder under cases/ holding a playbook and an optional case.yml
// that says how to run it. This file turns that folder into one CaseConfig.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parse } from 'yaml'

export type CompareMode = 'ordered' | 'per-host'

export interface CaseConfig {
  /** Folder name, e.g. "07-filter-combine". */
  name: string
  /** Absolute path of the case folder (the pristine copy; runs use their own copies). */
  dir: string
  playbook: string
  /** Inventory path (relative to the case folder) or a host list such as "localhost,". */
  inventory: string
  /** When the case has no inventory file, the harness writes this one into each copy. */
  defaultInventory: string | null
  /** Extra command-line arguments, identical for both tools. */
  args: string[]
  description: string
  /** The exit code ansible-playbook must give; anything else means the case is broken. */
  exitCode: number
  /**
   * `ordered` compares tasks in the order the JSON document lists them; `per-host` compares each
   * host's own sequence of results, for strategies (free) whose interleaving is not deterministic.
   */
  compare: CompareMode
  /**
   * Result keys left out of the comparison for this case, e.g. `msg` when the case is about an
   * error's effect (status, recap, exit code) and not about the wording of Ansible's message.
   */
  ignoreKeys: string[]
  /**
   * The runs of the playbook, in order, in the same copy of the case folder (so a later run sees
   * what an earlier one wrote). One run with the case's settings unless case.yml lists `runs`.
   */
  runs: RunStep[]
}

/** One run of a case's playbook and what ansible-playbook must show for it. */
export interface RunStep {
  /** Arguments added after the case's `args`, e.g. ['--check']. */
  args: string[]
  /** The exit code ansible-playbook must give (default: the case's exit_code). */
  exitCode: number
  /** out/ must be the same after this run as before it: a --check run, an idempotent rerun. */
  untouched: boolean
  /** The PLAY RECAP `changed` count every host must show (e.g. 0 for a rerun), when given. */
  changed: number | null
}

/** The inventory a case gets when it brings none: this machine over the local connection. */
export const DEFAULT_HOSTS_FILE = 'localhost ansible_connection=local\n'

const KNOWN_KEYS = new Set(['playbook', 'inventory', 'args', 'description', 'exit_code', 'compare', 'ignore_keys', 'runs'])
const KNOWN_RUN_KEYS = new Set(['args', 'exit_code', 'untouched', 'changed'])

export function loadCase(dir: string): CaseConfig {
  const file = join(dir, 'case.yml')
  const raw: unknown = existsSync(file) ? parse(readFileSync(file, 'utf8')) ?? {} : {}
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(`${file}: expected a mapping of case settings`)
  }
  const settings = raw as Record<string, unknown>
  for (const key of Object.keys(settings)) {
    if (!KNOWN_KEYS.has(key)) throw new Error(`${file}: unknown case setting '${key}' (known: ${[...KNOWN_KEYS].join(', ')})`)
  }
  const hasHostsFile = existsSync(join(dir, 'hosts'))
  const inventory = optionalString(settings, 'inventory', file) ?? 'hosts'
  const exitCode = optionalInt(settings, 'exit_code', file) ?? 0
  return {
    name: basename(dir),
    dir,
    playbook: optionalString(settings, 'playbook', file) ?? 'playbook.yml',
    inventory,
    defaultInventory: settings.inventory === undefined && !hasHostsFile ? DEFAULT_HOSTS_FILE : null,
    args: stringList(settings.args, file, 'args'),
    description: optionalString(settings, 'description', file) ?? '',
    exitCode,
    compare: compareMode(settings.compare, file),
    ignoreKeys: stringList(settings.ignore_keys, file, 'ignore_keys'),
    runs: runSteps(settings.runs, file, exitCode),
  }
}

/** Every case folder under `casesDir`, in name order (the NN- prefix orders them). */
export function listCases(casesDir: string): CaseConfig[] {
  return readdirSync(casesDir)
    .filter((entry) => statSync(join(casesDir, entry)).isDirectory())
    .sort()
    .map((entry) => loadCase(join(casesDir, entry)))
}

function optionalString(settings: Record<string, unknown>, key: string, file: string): string | undefined {
  const value = settings[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new Error(`${file}: '${key}' must be a string`)
  return value
}

function optionalInt(settings: Record<string, unknown>, key: string, file: string): number | undefined {
  const value = settings[key]
  if (value === undefined || value === null) return undefined
  if (!Number.isInteger(value)) throw new Error(`${file}: '${key}' must be an integer`)
  return value as number
}

function stringList(value: unknown, file: string, key: string): string[] {
  if (value === undefined || value === null) return []
  // Numbers and booleans are allowed for convenience (`-e`, `a=1`), but become strings.
  if (!Array.isArray(value) || value.some((v) => typeof v === 'object')) {
    throw new Error(`${file}: '${key}' must be a list of strings`)
  }
  return value.map(String)
}

/**
 * `runs:` lists the runs; each is an argument list (`[--check]`) or a mapping
 * `{args, exit_code, untouched, changed}`. Without it the case runs once.
 */
function runSteps(value: unknown, file: string, exitCode: number): RunStep[] {
  const single: RunStep = { args: [], exitCode, untouched: false, changed: null }
  if (value === undefined || value === null) return [single]
  if (!Array.isArray(value) || value.length === 0) throw new Error(`${file}: 'runs' must be a non-empty list of runs`)
  return value.map((entry, index) => {
    const where = `runs[${index}]`
    if (Array.isArray(entry)) return { ...single, args: stringList(entry, file, where) }
    if (typeof entry !== 'object' || entry === null) throw new Error(`${file}: '${where}' must be an argument list or a mapping`)
    const run = entry as Record<string, unknown>
    for (const key of Object.keys(run)) {
      if (!KNOWN_RUN_KEYS.has(key)) throw new Error(`${file}: unknown setting '${key}' in ${where} (known: ${[...KNOWN_RUN_KEYS].join(', ')})`)
    }
    if (run.untouched !== undefined && typeof run.untouched !== 'boolean') throw new Error(`${file}: '${where}.untouched' must be true or false`)
    return {
      args: stringList(run.args, file, `${where}.args`),
      exitCode: optionalInt(run, 'exit_code', `${file} ${where}`) ?? exitCode,
      untouched: run.untouched === true,
      changed: optionalInt(run, 'changed', `${file} ${where}`) ?? null,
    }
  })
}

function compareMode(value: unknown, file: string): CompareMode {
  if (value === undefined || value === null) return 'ordered'
  if (value === 'ordered' || value === 'per-host') return value
  throw new Error(`${file}: 'compare' must be 'ordered' or 'per-host'`)
}
