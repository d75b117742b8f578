// Table rows for filter and test unit tests. Each row is a call and the Python repr() of
// what ansible-core 2.14 returns for it (checked against `ansible` itself), or the error
// it raises; comparing reprs tells lists from tuples and True from 1.
import { Undefined } from '../../../../../engine/template/undefined.js'

/** Stands for an undefined variable (`undef_var` in the equivalent Jinja expression). */
export const UNDEF = new Undefined('undef_var')

export interface FilterCase {
  /** Filter name. */
  f: string
  /** The value piped into the filter. */
  v: unknown
  /** Positional arguments. */
  a?: unknown[]
  /** Keyword arguments. */
  kw?: Record<string, unknown>
  /** Python repr of the result. */
  repr?: string
  /** A fragment of the error message. */
  error?: string
  /** Why tsplay knowingly differs from Ansible here (the row states tsplay's result). */
  differs?: string
  /** The Jinja expression checked against Ansible, when the row's values cannot be written as literals. */
  expr?: string
}

export interface TestCase {
  /** Test name. */
  t: string
  v: unknown
  a?: unknown[]
  kw?: Record<string, unknown>
  expect?: boolean
  error?: string
  differs?: string
  expr?: string
}
