// validate='visudo -cf %s': the new content is written to a temporary file on the
// target, the command runs on it (split like a shell would, but run without one), and
// the file is removed. Only apply calls this: check mode never writes anything.
import { randomBytes } from 'node:crypto'
import type { ExecResult } from '../../../engine/connection/connection.js'
import type { Host } from '../../../engine/module.js'
import { ShellSplitError, shellSplit } from '../../../engine/util/shlex.js'
import { FileModuleFailure } from './failure.js'
import { writeContent, type CopyContent } from './copy-content.js'

/** Checked before anything happens, as Ansible checks it before writing. */
export function checkValidateParam(validate: string | undefined): void {
  if (validate !== undefined && !validate.includes('%s')) throw new FileModuleFailure(`validate must contain %s: ${validate}`)
}

/** The validation argv for `file`: Python's `validate % file`, then shlex.split. */
export function validationArgv(validate: string, file: string): string[] {
  const command = validate.replace(/%([s%])/g, (_, c: string) => (c === 's' ? file : '%'))
  try {
    return shellSplit(command)
  } catch (err) {
    if (err instanceof ShellSplitError) throw new FileModuleFailure(`cannot split the validate command '${validate}': ${err.message}`)
    throw err
  }
}

// $1 the temporary file, then the command: run it, remove the file, keep its exit code.
const RUN_AND_REMOVE = 't=$1; shift; "$@"; rc=$?; rm -f -- "$t"; exit $rc'

/** Runs `validate` on `content` in a private temporary file of the target. */
export async function runValidation(host: Host, validate: string, content: string | CopyContent): Promise<ExecResult> {
  const file = `/tmp/.tsplay-validate-${randomBytes(8).toString('hex')}`
  const argv = validationArgv(validate, file)
  await writeContent(host, file, content, { mode: 0o600 })
  return host.exec(['sh', '-c', RUN_AND_REMOVE, 'sh', file, ...argv])
}

/** lineinfile, blockinfile and replace word a failed validation like this. */
export async function validateOrFail(host: Host, validate: string | undefined, content: string | Buffer): Promise<void> {
  if (validate === undefined) return
  const r = await runValidation(host, validate, content)
  if (r.rc !== 0) throw new FileModuleFailure(`failed to validate: rc:${r.rc} error:${r.stderr}`)
}

