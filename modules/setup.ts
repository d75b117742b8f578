// setup: gather facts about a Linux target with one command — a small sh script that
// prints /proc, /sys and /etc files and a few command outputs in sections, parsed
// here into Ansible's fact names and shapes. No Python needed on the target.
import { defineModule, fail, ok } from '../engine/module.js'
import { buildFactScript, type Facts } from './lib/facts/collector.js'
import { selectCollectors, validSubsets } from './lib/facts/index.js'
import { DEFAULT_FACT_PATH } from './lib/facts/local.js'
import { fnmatchRegex } from '../engine/template/filters/python-glob.js'

interface SetupParams {
  gather_subset: string | string[]
  gather_timeout: number
  filter: string | string[]
  fact_path: string
}

const stringOrList = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }

export default defineModule<SetupParams>({
  name: 'setup',
  description:
    'Gather facts about the target (distribution, kernel, CPUs, memory, mounts, interfaces and addresses, ' +
    `DNS, users, date, virtualization, ...) in one command. Subsets: all, min, ${validSubsets().join(', ')}; ` +
    'prefix with ! to exclude. Returns ansible_facts with ansible_-prefixed names. Changes nothing.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      gather_subset: { ...stringOrList, default: ['all'], description: 'Fact subsets to gather (list or comma-separated).' },
      gather_timeout: { type: 'integer', minimum: 1, default: 10, description: 'Seconds fact gathering may take.' },
      filter: { ...stringOrList, default: [], description: 'Only return facts whose names match these shell-style patterns.' },
      fact_path: { type: 'string', default: DEFAULT_FACT_PATH, description: 'Folder of local *.fact files (JSON, INI or executables).' },
    },
  },
  examples: [
    `- name: Gather everything
  setup:`,
    `- name: Only the network facts
  setup:
    gather_subset: ['!all', '!min', network]
    filter: ansible_default_ipv4`,
  ],
  async run(host, p) {
    const subsets = asList(p.gather_subset)
    let collectors
    try {
      collectors = selectCollectors(subsets)
    } catch (err) {
      return fail((err as Error).message)
    }
    const { script, parse } = buildFactScript(collectors, { FACT_PATH: p.fact_path })
    const r = await host.exec(['sh', '-c', script], { timeoutMs: p.gather_timeout * 1000 })
    if (r.timedOut) return fail(`fact gathering did not finish within gather_timeout (${p.gather_timeout}s)`)
    const sections = parse(r.stdout)
    const facts: Facts = {}
    for (const collector of collectors) Object.assign(facts, collector.collect(sections, facts))
    const named: Facts = {}
    for (const [key, value] of Object.entries(facts)) named[`ansible_${key}`] = value
    named.gather_subset = subsets
    named.module_setup = true
    return ok({ ansible_facts: applyFilter(named, asList(p.filter)) })
  },
})

function asList(value: string | string[]): string[] {
  return (typeof value === 'string' ? value.split(',') : value).map((v) => v.trim()).filter(Boolean)
}

/** Keep facts matching a pattern; a pattern without the ansible_ prefix also matches with it. */
function applyFilter(facts: Facts, patterns: string[]): Facts {
  if (patterns.length === 0 || (patterns.length === 1 && patterns[0] === '*')) return facts
  const kept: Facts = {}
  for (const [key, value] of Object.entries(facts)) {
    const matches = patterns.some((pat) => fnmatchRegex(pat).test(key) || (!/^(ansible_|facter|ohai)/.test(pat) && fnmatchRegex(`ansible_${pat}`).test(key)))
    if (matches) kept[key] = value
  }
  return kept
}

