// Turns whatever went wrong while templating into a TemplateError that names where (the
// value's position in its file, moved to the failing line of the template) and what
// (the template text), in Ansible's wording where users know it.
import { type SourcePos, TemplateError, TsplayError } from '../errors.js'
import { TemplateSyntaxError } from './syntax-error.js'

/** The file position of `offset` within a template that starts at `base`. */
export function positionIn(base: SourcePos | undefined, prepared: string, offset: number | undefined): SourcePos | undefined {
  if (!base || offset === undefined) return base
  const before = prepared.slice(0, Math.max(0, offset))
  const lines = before.split('\n')
  const line = base.line + lines.length - 1
  const column = lines.length === 1 ? base.column + before.length : lines[lines.length - 1].length + 1
  return { file: base.file, line, column }
}

function shorten(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}

/**
 * A variable that refers to itself recurses until the stack runs out. The overflow can
 * surface as a RangeError or as whatever was running when the stack ran out (even a
 * regex), so this check itself uses no regex and few frames.
 */
function isStackOverflow(err: unknown): boolean {
  const message = err instanceof Error ? err.message : ''
  return message.includes('call stack') || message.includes('Stack overflow')
}

/** Decorate `err`, raised while templating `source`, with position and template text. */
export function templateFailure(err: unknown, source: string, prepared: string, base: SourcePos | undefined, offset?: number): TsplayError {
  const pos = positionIn(base, prepared, err instanceof TemplateSyntaxError ? err.offset : offset)
  if (err instanceof TemplateSyntaxError) {
    return new TemplateError(`template error while templating string: ${err.message}. String: ${shorten(source)}`, { pos, cause: err })
  }
  if (err instanceof TsplayError) {
    if (!err.pos) err.pos = pos
    if (!err.hint) err.hint = `while templating: ${shorten(source)}`
    return err
  }
  if (isStackOverflow(err)) {
    return new TemplateError(`recursive loop detected in template string: ${shorten(source)}`, { pos, cause: err })
  }
  const message = err instanceof Error ? err.message : String(err)
  return new TemplateError(`Unexpected templating error occurred on (${shorten(source)}): ${message}`, { pos, cause: err })
}
