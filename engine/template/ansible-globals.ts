// Ansible's template globals: lookup(), query() / q(), now(), undef(). They need the
// render's variables and context, so they are made per render, and only when a template
// actually names one.
import { bindArgs } from './filters/signature.js'
import { PyDatetime, timeFields } from './filters/python-datetime.js'
import { PyFunction } from './callable.js'
import { type LookupCall, runLookup } from './lookup-call.js'
import { isUndefined, Undefined } from './undefined.js'

export const ANSIBLE_GLOBAL_NAMES = new Set(['lookup', 'query', 'q', 'now', 'undef'])

/** The global `name` (one of ANSIBLE_GLOBAL_NAMES); `call` is built on first use. */
export function ansibleGlobal(name: string, call: () => LookupCall): unknown {
  switch (name) {
    case 'lookup':
      return new PyFunction('lookup', (args, kwargs) => runLookup(call(), args, kwargs, false))
    case 'query':
    case 'q':
      return new PyFunction(name, (args, kwargs) => runLookup(call(), args, kwargs, true))
    case 'now':
      return new PyFunction('now', (args, kwargs) => now(bindArgs('now()', { utc: false, fmt: null }, args, kwargs)))
    case 'undef':
      return new PyFunction('undef', (args, kwargs) => undef(bindArgs('undef()', { hint: null }, args, kwargs).hint))
  }
  return undefined
}

/** Ansible's now(utc=False, fmt=None): a datetime, or its strftime text. */
function now(p: Record<string, unknown>): unknown {
  const f = timeFields(Date.now() / 1000, Boolean(p.utc))
  const moment = new PyDatetime(f.year, f.month, f.day, f.hour, f.minute, f.second, f.microsecond)
  return p.fmt === null || p.fmt === undefined ? moment : moment.strftime(String(p.fmt))
}

/** Ansible's undef(hint): an undefined value that fails with `hint` when used. */
function undef(hint: unknown): Undefined {
  const text = hint === null || hint === undefined || hint === '' || isUndefined(hint) ? 'Mandatory variable has not been overridden' : String(hint)
  return new Undefined('undef', text)
}
