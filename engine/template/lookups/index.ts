// Every lookup a playbook can use (`lookup('name', ...)`, `query(...)`, `with_name:`),
// each also under its ansible.builtin.* name. Not provided: password, url, config,
// unvault, varnames, inventory_hostnames (the template core reports them as unknown).
import type { LookupFn } from '../types.js'
import { commandLookups } from './commands.js'
import { csvLookups } from './csvfile.js'
import { fileLookups } from './files.js'
import { iniLookups } from './ini.js'
import { listLookups } from './lists.js'
import { sequenceLookups } from './sequence.js'
import { variableLookups } from './variables.js'

const own: Record<string, LookupFn> = {
  ...fileLookups,
  ...variableLookups,
  ...commandLookups,
  ...listLookups,
  ...sequenceLookups,
  ...iniLookups,
  ...csvLookups,
}

/** All lookups by name; a null-prototype object, so `lookups['constructor']` is undefined. */
export const lookups: Record<string, LookupFn> = Object.assign(Object.create(null) as Record<string, LookupFn>, {
  ...own,
  ...Object.fromEntries(Object.entries(own).map(([name, fn]) => [`ansible.builtin.${name}`, fn])),
})
