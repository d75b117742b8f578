// Ansible's conditionals (when, changed_when, failed_when, until, assert's that): a bare
// boolean, or an expression (possibly still wrapped in {{ }}, which is allowed with a
// warning) that Ansible first templates and then evaluates as `{% if expr %}`.
import { type SourcePos, TemplateError, TsplayError } from '../errors.js'
import { truth } from './operators.js'
import { UndefinedError } from './undefined.js'

export interface ConditionHost {
  /** Where the conditional was written. */
  pos?: SourcePos
  /** Template a value with the variables in scope (Templar.template). */
  template(value: unknown): unknown
  /** Render a template string to text with the same variables. */
  render(source: string): string
  isTemplate(text: string): boolean
  warn(message: string): void
}

// Which variables a conditional tests with `is defined` / `is undefined` (Ansible's regex).
const DEFINED_TEST = /(hostvars\[.+\]|[\w_]+)\s+(not\s+is|is|is\s+not)\s+(defined|undefined)/g
const UNDEFINED_NAME = /'(hostvars\[.+\]|[\w_]+)' is undefined/

/** All conditions must hold; a list is Ansible's implicit `and`. */
export function evaluateConditions(conditions: unknown, host: ConditionHost): boolean {
  for (const condition of Array.isArray(conditions) ? conditions : [conditions]) {
    if (!evaluateOne(condition, host)) return false
  }
  return true
}

function evaluateOne(condition: unknown, host: ConditionHost): boolean {
  if (condition === null || condition === undefined || condition === '') return true
  if (typeof condition === 'boolean') return condition
  try {
    return checkConditional(condition, host)
  } catch (err) {
    const message = `The conditional check '${String(condition)}' failed. The error was: ${err instanceof Error ? err.message : String(err)}`
    const pos = (err instanceof TsplayError ? err.pos : undefined) ?? host.pos
    if (err instanceof UndefinedError) {
      const wrapped = new UndefinedError(message)
      wrapped.pos = pos
      throw wrapped
    }
    throw new TemplateError(message, { pos, cause: err })
  }
}

function checkConditional(original: unknown, host: ConditionHost): boolean {
  if (typeof original === 'string' && host.isTemplate(original)) {
    host.warn(`conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: ${original}`)
  }
  let conditional: unknown = original
  try {
    conditional = host.template(original)
    if (typeof conditional !== 'string' || conditional === '') return truth(conditional)
    const verdict = host.render(`{% if ${conditional} %} True {% else %} False {% endif %}`).trim()
    if (verdict === 'True') return true
    if (verdict === 'False') return false
    throw new TemplateError(`unable to evaluate conditional: ${String(original)}`)
  } catch (err) {
    if (!(err instanceof UndefinedError)) throw err
    const answer = answerFromDefinedTests(String(conditional), err.message)
    if (answer !== undefined) return answer
    throw new UndefinedError(`error while evaluating conditional (${String(original)}): ${err.message}`)
  }
}

/**
 * When the failing name is itself tested with `is defined` / `is undefined` in the
 * conditional, Ansible answers from that test instead of failing.
 */
function answerFromDefinedTests(conditional: string, message: string): boolean | undefined {
  const failing = UNDEFINED_NAME.exec(message)?.[1]
  if (!failing) return undefined
  for (const [, name, logic, state] of conditional.matchAll(DEFINED_TEST)) {
    if (name.replaceAll("'", '"') !== failing.replaceAll("'", '"')) continue
    const shouldExist = logic.includes('not') !== (state === 'defined')
    return !shouldExist
  }
  return undefined
}
