// Every test a playbook can use (`value is name(...)`): Jinja2's builtins, then Ansible's
// (result, value and path tests), each Ansible test also under its ansible.builtin.* name.
import type { TestFn } from '../types.js'
import { filters } from '../filters/index.js'
import { defineTest } from '../filters/signature.js'
import { pythonStr } from '../filters/python-repr.js'
import { fileTests } from './ansible-files.js'
import { resultTests } from './ansible-results.js'
import { ansibleValueTests } from './ansible-tests.js'
import { jinjaTests } from './jinja-tests.js'

const ansibleTests: Record<string, TestFn> = { ...resultTests, ...ansibleValueTests, ...fileTests }

// `'name' is filter` / `is test`: read the registries when run (filters/index.ts imports
// this module too, so reading them at load time would see them half-built).
const registryTests: Record<string, TestFn> = {
  filter: defineTest('filter', {}, (v) => Object.hasOwn(filters, pythonStr(v))),
  test: defineTest('test', {}, (v) => Object.hasOwn(tests, pythonStr(v))),
}

/** All tests by name; a null-prototype object, so `tests['constructor']` is undefined. */
export const tests: Record<string, TestFn> = Object.assign(Object.create(null) as Record<string, TestFn>, {
  ...jinjaTests,
  ...registryTests,
  ...ansibleTests,
  ...Object.fromEntries(Object.entries(ansibleTests).map(([name, fn]) => [`ansible.builtin.${name}`, fn])),
})
