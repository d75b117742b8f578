// Runs one compat case by hand and prints both observations and their first difference:
//   npx tsx test/compat/run-case.ts cases/12-loop-with-items [--oracle-only] [--keep] [--ssh]
// --ssh: the case's hosts are loopback sshd test hosts, as in ssh.test.ts (needs root).
import { existsSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { stringify } from 'yaml'
import { loadCase, type CaseConfig } from './case-config.js'
import { describeDifference } from './diff.js'
import { CASES_DIR, runCase, runLabel, type RunResult } from './harness.js'
import { SSH_COMPAT_HOST_COUNT, startSshCompatHosts } from './ssh-hosts.js'

function findCaseDir(arg: string): string {
  const candidates = [resolve(arg), resolve(CASES_DIR, '..', arg), join(CASES_DIR, basename(arg))]
  const found = candidates.find((dir) => existsSync(dir))
  if (!found) throw new Error(`no case folder '${arg}' (looked in: ${candidates.join(', ')})`)
  return found
}

function printRun(config: CaseConfig, run: RunResult): void {
  for (const [index, step] of run.steps.entries()) {
    const which = config.runs.length > 1 ? ` ${runLabel(config, index)}` : ''
    console.log(`===== ${run.tool}${which}: ${step.command.join(' ')} → exit ${step.exitCode}${step.timedOut ? ' (timed out)' : ''}`)
    console.log(stringify(step.observation, { lineWidth: 0 }))
    if (step.observation.plays === null && step.stdout.trim()) console.log(`--- stdout ---\n${step.stdout.trim()}`)
    if (step.stderr.trim()) console.log(`--- stderr ---\n${step.stderr.trim()}`)
  }
  if (run.keptDir) console.log(`(kept: ${run.keptDir})`)
}

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')))
  const positional = argv.filter((a) => !a.startsWith('--'))
  if (positional.length !== 1) {
    console.error('usage: npx tsx test/compat/run-case.ts cases/NN-name [--oracle-only] [--keep] [--ssh]')
    return 5
  }
  const config = loadCase(findCaseDir(positional[0]))
  const ssh = flags.has('--ssh') ? await startSshCompatHosts(SSH_COMPAT_HOST_COUNT) : undefined
  const outcome = await runCase(config, { oracleOnly: flags.has('--oracle-only'), keep: flags.has('--keep'), ssh: ssh?.transport }).finally(() => ssh?.stop())
  printRun(config, outcome.ansible)
  if (outcome.broken) {
    console.log(outcome.broken)
    return 1
  }
  if (!outcome.tsplay) return 0
  printRun(config, outcome.tsplay)
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
