// Errors a user can cause. Each carries where in their files it happened, so the
// message can name file:line:column; the CLI prints them without a stack trace.

export interface SourcePos {
  file: string
  line: number // 1-based
  column: number // 1-based
}

export function formatPos(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.column}`
}

/** Exit codes, as ansible-playbook uses them. */
export const ExitCode = {
  ok: 0,
  error: 1,
  hostsFailed: 2,
  unreachableOrParse: 4,
  badOptions: 5,
  interrupted: 99,
} as const

export interface TsplayErrorOptions {
  pos?: SourcePos
  hint?: string
  exitCode?: number
  cause?: unknown
}

export class TsplayError extends Error {
  pos?: SourcePos
  hint?: string
  exitCode: number
  constructor(message: string, opts: TsplayErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.name = 'TsplayError'
    this.pos = opts.pos
    this.hint = opts.hint
    this.exitCode = opts.exitCode ?? ExitCode.error
  }
  /** The message with its location, as the user sees it. */
  describe(): string {
    const where = this.pos ? `${formatPos(this.pos)}: ` : ''
    const hint = this.hint ? `\n  ${this.hint}` : ''
    return `${where}${this.message}${hint}`
  }
}

/** Malformed playbook, inventory, vars file or template: exit code 4 like Ansible. */
export class ParseError extends TsplayError {
  constructor(message: string, opts: TsplayErrorOptions = {}) {
    super(message, { exitCode: ExitCode.unreachableOrParse, ...opts })
    this.name = 'ParseError'
  }
}

/** Bad command-line options: exit code 5. */
export class OptionsError extends TsplayError {
  constructor(message: string, opts: TsplayErrorOptions = {}) {
    super(message, { exitCode: ExitCode.badOptions, ...opts })
    this.name = 'OptionsError'
  }
}

/** A template failed to render (undefined variable, unsupported construct, filter error). */
export class TemplateError extends TsplayError {
  constructor(message: string, opts: TsplayErrorOptions = {}) {
    super(message, opts)
    this.name = 'TemplateError'
  }
}

/** Attach a position to an error that has none yet (inner code rarely knows the file). */
export function withPos<E extends unknown>(err: E, pos: SourcePos | undefined): E {
  if (err instanceof TsplayError && !err.pos && pos) err.pos = pos
  return err
}
