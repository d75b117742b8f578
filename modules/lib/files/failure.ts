// A failure a file module finds deep inside a helper (a user that does not exist,
// a chmod that was refused). Helpers throw it; `guarded` turns it into the task's
// failed result with Ansible's message and extra keys, in the read phase and in apply.
import { fail, type ModuleOutcome, type ModuleResult } from '../../../engine/module.js'
import { TsplayError } from '../../../engine/errors.js'

export class FileModuleFailure extends TsplayError {
  constructor(
    message: string,
    readonly extra: ModuleResult = {},
  ) {
    super(message)
    this.name = 'FileModuleFailure'
  }
}

/** Errors a module can report as its own failure (bad regex, failed command, missing user). */
function asFailure(err: unknown): { msg: string; extra: ModuleResult } | undefined {
  // By name too: a module loaded as a custom module may see its own copy of this class.
  if (err instanceof FileModuleFailure || (err instanceof Error && err.name === 'FileModuleFailure')) {
    return { msg: err.message, extra: (err as FileModuleFailure).extra ?? {} }
  }
  if (err instanceof TsplayError) return { msg: err.message, extra: err.hint ? { hint: err.hint } : {} }
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return { msg: (err as Error).message, extra: {} }
  return undefined
}

/** Runs a module's read phase; failures (here or in its apply) become failed results. */
export async function guarded(read: () => Promise<ModuleOutcome>): Promise<ModuleOutcome> {
  let outcome: ModuleOutcome
  try {
    outcome = await read()
  } catch (err) {
    const failure = asFailure(err)
    if (!failure) throw err
    return fail(failure.msg, failure.extra)
  }
  if (outcome.kind !== 'change' || !outcome.apply) return outcome
  const apply = outcome.apply
  return {
    ...outcome,
    apply: async () => {
      try {
        return await apply()
      } catch (err) {
        const failure = asFailure(err)
        if (!failure) throw err
        return { ...failure.extra, failed: true, changed: false, msg: failure.msg }
      }
    },
  }
}
