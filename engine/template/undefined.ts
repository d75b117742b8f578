// Jinja2's StrictUndefined, as Ansible uses it: looking up a missing name yields an
// Undefined value; only *using* it (printing, iterating, arithmetic, attribute access)
// is an error. `default`, `is defined` and `mandatory` inspect it without failing.
import { TemplateError } from '../errors.js'

export class Undefined {
  /** `name` is the variable or attribute as written, e.g. "vms" or "vm.disk". */
  constructor(readonly name: string, readonly hint?: string) {}

  /** The error raised when the value is used. */
  error(): TemplateError {
    return new TemplateError(this.hint ?? `'${this.name}' is undefined`)
  }

  toString(): string {
    throw this.error()
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
