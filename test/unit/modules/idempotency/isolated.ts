// The test side of the isolated scenarios: starts isolated-runner.ts in its own mount and
// UTS namespaces, collects each scenario's outcome, and makes sure this machine's accounts
// and host name are the same afterwards (the proof that the isolation held).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isolatedScenarios } from './isolated-scenarios.js'
import type { Expectation, Trace } from './scenario.js'

export const OUTCOME_MARK = '@@idempotency-outcome '

export interface IsolatedOutcome {
  module: string
  trace?: Trace
  error?: string
}

const HERE = dirname(fileURLToPath(import.meta.url))
const WATCHED = ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/hostname', '/etc/apt/sources.list']

/** Module, description and expectation of each isolated scenario (for the test titles). */
export function isolatedScenarioList(): Array<{ module: string; how: string; expect: Expectation }> {
  return isolatedScenarios('/nonexistent').map(({ module, how, expect }) => ({ module, how, expect }))
}

/** What must not change on this machine: digests of the account files and the host name. */
async function machineFingerprint(): Promise<string> {
  const digests = await Promise.all(
    WATCHED.map(async (path) => `${path}=${createHash('sha256').update(await readFile(path).catch(() => Buffer.from('missing'))).digest('hex')}`),
  )
  return [...digests, `hostname=${hostname()}`].join('\n')
}

function runChild(work: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const argv = ['--mount', '--uts', '--propagation', 'private', '--', process.execPath, '--import', 'tsx', join(HERE, 'isolated-runner.ts'), work]
  return new Promise((resolve) => {
    const child = spawn('unshare', argv, { env: { ...process.env, TSPLAY_IDEMPOTENCY_ISOLATED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', (err) => resolve({ code: 127, stdout, stderr: `${stderr}\ncannot start unshare: ${err.message}` }))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Runs every isolated scenario; a scenario without an outcome gets the child's error. */
export async function runIsolated(): Promise<Map<string, IsolatedOutcome>> {
  const work = await mkdtemp(join(tmpdir(), 'tsplay-idempotency-isolated-'))
  const before = await machineFingerprint()
  try {
    const child = await runChild(work)
    const outcomes = new Map<string, IsolatedOutcome>()
    for (const line of child.stdout.split('\n')) {
      if (!line.startsWith(OUTCOME_MARK)) continue
      const outcome = JSON.parse(line.slice(OUTCOME_MARK.length)) as IsolatedOutcome
      outcomes.set(outcome.module, outcome)
    }
    const after = await machineFingerprint()
    const leak = after === before ? undefined : `the isolation leaked: this machine changed\nbefore:\n${before}\nafter:\n${after}`
    const childError = `the isolated runner exited ${child.code}: ${child.stderr.trim().split('\n').slice(-15).join('\n')}`
    for (const { module } of isolatedScenarioList()) {
      const outcome = outcomes.get(module)
      if (leak) outcomes.set(module, { module, error: leak })
      else if (!outcome) outcomes.set(module, { module, error: childError })
    }
    return outcomes
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
