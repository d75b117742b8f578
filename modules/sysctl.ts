// sysctl: a kernel parameter in a sysctl.d file and, optionally, in the running kernel
// (ansible.posix.sysctl). The file entry and the live value are both compared, by
// their whitespace-separated words; the diff shows the file before/after and a
// "live NAME: old → new" line when the running kernel changes too.
import { posix } from 'node:path'
import { change, defineModule, fail, ok, type Diff, type Host, type ModuleResult } from '../engine/module.js'
import { rootProblem, underRoot } from './lib/lab/root-path.js'
import { fileValue, withEntry, withoutEntry } from './lib/lab/sysctl-conf.js'
import { sameValue, showValue, sysctlValue } from './lib/lab/sysctl-keys.js'
import { loadFile, procFile, readLive, setLive } from './lib/lab/sysctl-live.js'
import { applyFailure, readIfExists } from './lib/system/target.js'

interface SysctlParams {
  name: string
  value?: string
  state: 'present' | 'absent'
  sysctl_file: string
  sysctl_set: boolean
  reload: boolean
  ignoreerrors: boolean
  root: string
}

/** What the task will do, worked out from what was read. */
export interface SysctlPlan {
  /** New file text, when the file must change. */
  fileText?: string
  /** Run `sysctl -w` for this key. */
  setLive: boolean
  /** Run `sysctl -p FILE`. */
  reload: boolean
  /** The running kernel's value changes to the wanted one (by sysctl -w or -p). */
  liveChanges: boolean
  warnings: string[]
}

/** What must happen, given the file's text and the live value (undefined = no such parameter). */
export function planSysctl(p: SysctlParams, value: string, text: string, live: string | undefined): SysctlPlan | string {
  const present = p.state === 'present'
  const current = fileValue(text, p.name)
  const fileChanges = present ? !sameValue(current, value) : current !== undefined
  const fileText = !fileChanges ? undefined : present ? withEntry(text, p.name, value) : withoutEntry(text, p.name)
  const warnings: string[] = []
  const wantsLive = present && (p.sysctl_set || p.reload)
  if (wantsLive && live === undefined) {
    const where = procFile(p.root, p.name)
    if (!p.ignoreerrors) {
      return (
        `${p.name} is not a kernel parameter of this host (${where} does not exist). Load the module that provides it ` +
        `first (e.g. br_netfilter for net.bridge.*), or set ignoreerrors: true to only write it to ${p.sysctl_file}`
      )
    }
    warnings.push(`${p.name} does not exist in the running kernel (${where}); it is only set in ${p.sysctl_file}`)
  }
  const liveDiffers = present && live !== undefined && !sameValue(live, value)
  const setLive = p.sysctl_set && liveDiffers
  const reload = p.reload && (fileChanges || liveDiffers)
  return { fileText, setLive, reload, liveChanges: liveDiffers && (setLive || reload), warnings }
}

function planDiffs(p: SysctlParams, path: string, text: string, plan: SysctlPlan, live: string | undefined, value: string): Diff[] {
  const diffs: Diff[] = []
  if (plan.fileText !== undefined) diffs.push({ before_header: path, after_header: path, before: text, after: plan.fileText })
  if (plan.liveChanges) diffs.push({ prepared: `live ${p.name}: ${showValue(live)} → ${showValue(value)}\n` })
  return diffs
}

/** Writes the file (creating its folder), then sets the live value and reloads as planned. */
async function applyPlan(host: Host, p: SysctlParams, path: string, text: string, plan: SysctlPlan, value: string): Promise<ModuleResult | undefined> {
  if (plan.fileText !== undefined) {
    const folder = posix.dirname(path)
    if (!(await host.stat(folder, { follow: true }))) await host.exec(['mkdir', '-p', folder])
    const existing = await host.stat(path, { follow: true })
    await host.write(path, plan.fileText, { mode: existing ? existing.mode : 0o644 })
  }
  // A kernel refusal after the file was written still leaves the task changed.
  const failed = (msg: string) => ({ ...applyFailure(msg), changed: plan.fileText !== undefined })
  if (plan.setLive) {
    const problem = await setLive(host, p.root, p.name, value, p.ignoreerrors)
    if (problem) return failed(problem)
  }
  if (plan.reload) {
    const problem = await loadFile(host, p.root, path, plan.fileText ?? text, p.ignoreerrors)
    if (problem) return failed(problem)
  }
  return undefined
}

export default defineModule<SysctlParams>({
  name: 'sysctl',
  description:
    'Set (or remove) a kernel parameter in a sysctl.d file; sysctl_set also sets it in the running kernel and reload runs ' +
    '`sysctl -p FILE` after a change. Values compare by their words, so "4096  87380" equals "4096 87380".',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, description: 'Dotted (net.ipv4.ip_forward) or slashed (net/ipv4/ip_forward) parameter name.' },
      value: { type: 'string', description: 'Wanted value; yes/no/true/false become 1/0. Required with state=present.' },
      state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the entry is in the file.' },
      sysctl_file: { type: 'string', default: '/etc/sysctl.d/99-tsplay.conf', description: 'File holding the entry (/etc/sysctl.conf works too).' },
      sysctl_set: { type: 'boolean', default: false, description: 'Also set the running kernel\'s value with `sysctl -w` when it differs.' },
      reload: { type: 'boolean', default: true, description: 'Run `sysctl -p FILE` when the file changed or the live value differs.' },
      ignoreerrors: { type: 'boolean', default: false, description: 'Ignore unknown keys (sysctl -e), e.g. net.bridge.* before br_netfilter is loaded.' },
      root: { type: 'string', default: '/', description: 'Root of the tree holding /etc and /proc; other than / only for tests (no sysctl command runs).' },
    },
    if: { properties: { state: { const: 'present' } }, required: ['state'] },
    then: { required: ['value'] },
  },
  aliases: { name: ['key'], value: ['val'] },
  examples: [
    `- name: Route between the lab networks
  sysctl:
    name: net.ipv4.ip_forward
    value: '1'
    sysctl_set: true`,
    `- name: Bridged traffic skips iptables
  sysctl:
    name: net.bridge.bridge-nf-call-iptables
    value: '0'
    sysctl_file: /etc/sysctl.d/90-bridge.conf
    ignoreerrors: true`,
  ],
  async run(host, p) {
    const problem = rootProblem(p.root)
    if (problem) return fail(problem)
    const value = sysctlValue(p.value ?? '')
    const path = underRoot(p.root, p.sysctl_file)
    const text = (await readIfExists(host, path)) ?? ''
    const live = await readLive(host, p.root, p.name)
    const plan = planSysctl(p, value, text, live)
    if (typeof plan === 'string') return fail(plan, { name: p.name })
    const result: ModuleResult = { name: p.name, state: p.state, sysctl_file: path, ...(p.state === 'present' ? { value } : {}) }
    if (live !== undefined) result.live = plan.liveChanges ? value : live
    if (plan.warnings.length) result.warnings = plan.warnings
    if (plan.fileText === undefined && !plan.liveChanges) return ok(result)
    return change({
      ...result,
      diff: planDiffs(p, path, text, plan, live, value),
      apply: () => applyPlan(host, p, path, text, plan, value),
    })
  },
})
