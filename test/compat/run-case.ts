// Runs one compat case by hand and prints both observations and their first difference:
//   npx tsx test/compat/run-case.ts cases/12-loop-with-items [--oracle-only] [--keep]
import { existsSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { stringify } from 'yaml'
import { loadCase } from './case-config.js'
import { describeDifference } from './diff.js'
import { CASES_DIR, runCase, type RunResult } from './harness.js'

function findCaseDir(arg: string): string {
  const candidates = [resolve(arg), resolve(CASES_DIR, '..', arg), join(CASES_DIR, basename(arg))]
  const found = candidates.find((dir) => existsSync(dir))
  if (!found) throw new Error(`no case folder '${arg}' (looked in: ${candidates.join(', ')})`)
  return found
}

function printRun(run: RunResult): void {
  console.log(`===== ${run.tool}: ${run.command.join(' ')} → exit ${run.exitCode}${run.timedOut ? ' (timed out)' : ''}`)
  console.log(stringify(run.observation, { lineWidth: 0 }))
  if (run.observation.plays === null && run.stdout.trim()) console.log(`--- stdout ---\n${run.stdout.trim()}`)
  if (run.stderr.trim()) console.log(`--- stderr ---\n${run.stderr.trim()}`)
  if (run.keptDir) console.log(`(kept: ${run.keptDir})`)
}

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')))
  const positional = argv.filter((a) => !a.startsWith('--'))
  if (positional.length !== 1) {
    console.error('usage: npx tsx test/compat/run-case.ts cases/NN-name [--oracle-only] [--keep]')
    return 5
  }
  const config = loadCase(findCaseDir(positional[0]))
  const outcome = await runCase(config, { oracleOnly: flags.has('--oracle-only'), keep: flags.has('--keep') })
  printRun(outcome.ansible)
  if (outcome.broken) {
    console.log(outcome.broken)
    return 1
  }
  if (!outcome.tsplay) return 0
  printRun(outcome.tsplay)
  console.log(outcome.difference ? describeDifference(outcome.difference) : 'SAME: tsplay observed what ansible-playbook observed')
  return outcome.difference ? 1 : 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
