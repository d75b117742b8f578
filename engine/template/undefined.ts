// Jinja2's StrictUndefined, as Ansible uses it: looking up a missing name yields an
// Undefined value; only *using* it (printing, iterating, arithmetic, comparing) is an
// error. `default`, `is defined` and `mandatory` inspect it without failing. Like
// Ansible's AnsibleUndefined, an attribute or item of an Undefined is the same Undefined,
// so `foo.bar is defined` is false and `{{ foo.bar }}` reports "'foo' is undefined".
import { TemplateError } from '../errors.js'

/** Using an undefined value. Ansible reports these as "undefined variable" failures. */
export class UndefinedError extends TemplateError {
  constructor(message: string) {
    super(message)
    this.name = 'UndefinedError'
  }
}

export class Undefined {
  /** `name` is the variable or attribute as written, e.g. "vms" or "disk"; `hint` replaces the default message. */
  constructor(readonly name: string, readonly hint?: string) {}

  /** What using the value reports: "'vms' is undefined", "'dict object' has no attribute 'disk'". */
  get message(): string {
    return this.hint ?? `'${this.name}' is undefined`
  }

  /** The error raised when the value is used. */
  error(): UndefinedError {
    return new UndefinedError(this.message)
  }

  toString(): string {
    throw this.error()
  }
}

/**
 * Jinja2's lenient Undefined, which an inline `x if cond` without `else` yields when
 * cond is false: it prints as '' and is false, but is still undefined to tests/filters.
 */
export class SilentUndefined extends Undefined {
  override toString(): string {
    return ''
  }
}

export function isUndefined(value: unknown): value is Undefined {
  return value instanceof Undefined
}

/** Throw if `value` is Undefined; otherwise return it. For filters that need a real value. */
export function requireDefined<T>(value: T | Undefined): T {
  if (value instanceof Undefined) throw value.error()
  return value
}
