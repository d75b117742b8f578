// Errors of the transports that the engine treats specially.
import { TsplayError, type TsplayErrorOptions } from '../errors.js'

/** A host could not be reached: the task is reported UNREACHABLE, not FAILED. */
export class UnreachableError extends TsplayError {
  readonly unreachable = true
  constructor(message: string, opts: TsplayErrorOptions = {}) {
    super(message, opts)
    this.name = 'UnreachableError'
  }
}

export function isUnreachable(err: unknown): boolean {
  return (err as { unreachable?: boolean } | null)?.unreachable === true
}
