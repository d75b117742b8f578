// The child process of the isolated idempotency scenarios. Started by isolated.ts as
//   unshare --mount --uts --propagation private -- node --import tsx isolated-runner.ts WORK
// it puts overlays over the system folders (isolation.ts), runs every isolated scenario and
// prints one line per scenario: OUTCOME_MARK followed by its JSON outcome.
import { builtinModules } from '../../../../modules/index.js'
import { isolate } from './isolation.js'
import { isolatedScenarios, stopTestService } from './isolated-scenarios.js'
import { OUTCOME_MARK, type IsolatedOutcome } from './isolated.js'
import { traceScenario } from './scenario.js'

async function main(work: string): Promise<void> {
  isolate(work)
  try {
    for (const scenario of isolatedScenarios(work)) {
      let outcome: IsolatedOutcome
      try {
        outcome = { module: scenario.module, trace: await traceScenario(builtinModules[scenario.module]!, scenario) }
      } catch (err) {
        outcome = { module: scenario.module, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }
      }
      process.stdout.write(`${OUTCOME_MARK}${JSON.stringify(outcome)}\n`)
    }
  } finally {
    stopTestService()
  }
}

main(process.argv[2] ?? '').catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
