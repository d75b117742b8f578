// package: install or remove packages with whatever manager the target has (apt, dnf or
// yum), chosen from the pkg_mgr fact or, without facts, by probing the target.
import { defineModule, fail, type Host, type ModuleDefinition } from '../engine/module.js'
import { validateModuleParams } from '../engine/load/module-params.js'
import apt from './apt.js'
import dnf from './dnf.js'
import yum from './yum.js'
import { fact } from './lib/system/service-manager.js'
import { runScript } from './lib/system/target.js'

const BACKENDS: Record<string, ModuleDefinition> = { apt, dnf, yum }

const PROBE = `if command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; then echo apt
elif command -v dnf >/dev/null 2>&1; then echo dnf
elif command -v yum >/dev/null 2>&1; then echo yum
fi; exit 0`

async function packageManager(host: Host, use: string): Promise<string | undefined> {
  if (use !== 'auto') return use
  const known = fact(host, 'pkg_mgr')
  if (typeof known === 'string' && known !== '' && known !== 'unknown') return known
  return (await runScript(host, PROBE)).stdout.trim() || undefined
}

export default defineModule({
  name: 'package',
  description:
    'Generic package management: runs apt, dnf or yum (from the pkg_mgr fact, or by probing the target) with the same ' +
    'arguments; options other than name/state/use go to that module and are checked by it.',
  params: {
    type: 'object',
    required: ['name', 'state'],
    properties: {
      name: { description: 'Package name(s) or specifiers, in the syntax of the underlying manager.' },
      state: { type: 'string', description: 'present, absent, or what the underlying module supports (latest…).' },
      use: { type: 'string', default: 'auto', description: 'The package module to use (apt, dnf, yum); auto detects it.' },
    },
  },
  examples: [
    `- name: Tools every lab host needs
  package:
    name: [tcpdump, lsof, traceroute]
    state: present`,
  ],
  async run(host, p: Record<string, unknown>, ctx) {
    const { use, ...args } = p
    const manager = await packageManager(host, String(use))
    if (!manager) return fail('Could not detect which package manager to use. Try gathering facts or setting the "use" option.')
    const backend = BACKENDS[manager]
    if (!backend) return fail(`Could not find a module for ${manager}.`)
    return backend.run(host, validateModuleParams(backend, args, ctx.pos), ctx)
  },
})
