// Every filter a playbook can use: Jinja2's builtins with Jinja2 3.1 semantics, then
// Ansible's (which win where names clash, as in Ansible: unique, random), each Ansible
// filter also under its ansible.builtin.* name. Filters that are not told how to handle
// an undefined input fail on it with the variable's own "'x' is undefined" message
// (the lenient SilentUndefined of `x if cond` passes through, acting as '' or []).
import { isUndefined, SilentUndefined } from '../undefined.js'
import type { FilterFn } from '../types.js'
import { tests } from '../tests/index.js'
import { ansibleDataFilters } from './ansible-data.js'
import { ansibleEncodingFilters } from './ansible-encoding.js'
import { ansibleJsonFilters } from './ansible-json.js'
import { ansibleMathFilters } from './ansible-math.js'
import { ansiblePathFilters } from './ansible-paths.js'
import { ansibleRegexFilters } from './ansible-regex.js'
import { ansibleSetFilters } from './ansible-sets.js'
import { ansibleStringFilters } from './ansible-strings.js'
import { ansibleTimeFilters } from './ansible-time.js'
import { ansibleYamlFilters } from './ansible-yaml.js'
import { jinjaHtmlFilters } from './jinja-html.js'
import { jinjaListFilters } from './jinja-lists.js'
import { jinjaMiscFilters } from './jinja-misc.js'
import { jinjaNumberFilters } from './jinja-numbers.js'
import { selectionFilters } from './jinja-select.js'
import { jinjaStringFilters } from './jinja-strings.js'

/** Filters that look at an Undefined input themselves instead of failing on it. */
const UNDEFINED_AWARE = new Set(['default', 'd', 'mandatory', 'type_debug', 'items'])

function failOnUndefined(name: string, filter: FilterFn): FilterFn {
  if (UNDEFINED_AWARE.has(name)) return filter
  return (value, args, kwargs) => {
    if (isUndefined(value) && !(value instanceof SilentUndefined)) throw value.error()
    return filter(value, args, kwargs)
  }
}

const ansibleFilters: Record<string, FilterFn> = {
  ...ansibleDataFilters,
  ...ansibleSetFilters,
  ...ansibleMathFilters,
  ...ansibleJsonFilters,
  ...ansibleYamlFilters,
  ...ansibleRegexFilters,
  ...ansibleEncodingFilters,
  ...ansiblePathFilters,
  ...ansibleStringFilters,
  ...ansibleTimeFilters,
}

// map/select call filters and tests by name; the registries are read when they run, so
// the import cycle with tests/index.ts (whose `filter` test reads this one) is harmless.
const selection = selectionFilters({
  filter: (name) => filters[name],
  test: (name) => tests[name],
  names: (kind) => Object.keys(kind === 'filter' ? filters : tests),
})

const all: Record<string, FilterFn> = {
  ...jinjaStringFilters,
  ...jinjaHtmlFilters,
  ...jinjaListFilters,
  ...jinjaNumberFilters,
  ...jinjaMiscFilters,
  ...selection,
  ...ansibleFilters,
  ...Object.fromEntries(Object.entries(ansibleFilters).map(([name, fn]) => [`ansible.builtin.${name}`, fn])),
}

/** All filters by name; a null-prototype object, so `filters['constructor']` is undefined. */
export const filters: Record<string, FilterFn> = Object.assign(
  Object.create(null) as Record<string, FilterFn>,
  Object.fromEntries(Object.entries(all).map(([name, fn]) => [name, failOnUndefined(name.replace(/^ansible\.builtin\./, ''), fn)])),
)

export { pythonRepr, pythonStr } from './python-repr.js'
