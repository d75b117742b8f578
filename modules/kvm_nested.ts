// kvm_nested: nested virtualisation for KVM guests (the lab's overcloud nodes are VMs
// that run VMs). The setting is made persistent in /etc/modprobe.d/kvm.conf and, when
// no VM uses KVM, made live by reloading kvm_intel/kvm_amd. With VMs running the module
// never reloads: it reports reload_pending/reboot_required instead.
import { posix } from 'node:path'
import { change, defineModule, fail, ok, type Diff, type Host, type ModuleResult } from '../engine/module.js'
import { cpuVirtualisation, kvmModule, type KvmVendor } from './lib/lab/kvm-cpu.js'
import { nestedSetting, withNested } from './lib/lab/kvm-conf.js'
import { readLiveNested, reloadKvmModule } from './lib/lab/kvm-reload.js'
import { describeUsers, kvmUsers } from './lib/lab/kvm-usage.js'
import { isRealRoot, rootProblem, underRoot } from './lib/lab/root-path.js'
import { readConfFolders } from './lib/system/modprobe-conf.js'
import { readIfExists } from './lib/system/target.js'

interface KvmNestedParams {
  state: 'enabled' | 'disabled'
  vendor: 'auto' | KvmVendor
  reload: 'auto' | 'always' | 'never'
  conf_file: string
  root: string
}

/** What happens to the running kernel: nothing to do, a reload now, or a reload left for later. */
type LiveAction = { kind: 'none' } | { kind: 'reload' } | { kind: 'pending'; reason: string }

async function resolveVendor(host: Host, p: KvmNestedParams): Promise<KvmVendor | string> {
  if (p.vendor !== 'auto') return p.vendor
  const path = underRoot(p.root, '/proc/cpuinfo')
  const cpuinfo = await readIfExists(host, path)
  if (cpuinfo === undefined) return `cannot read ${path} to find the CPU vendor; set vendor: intel or amd`
  const cpu = cpuVirtualisation(cpuinfo)
  if (p.state === 'enabled' && !cpu.hardware) {
    return 'the CPU shows neither the vmx nor the svm flag: hardware virtualisation is off in the firmware or not offered to this machine, and nested KVM needs it'
  }
  return cpu.vendor ?? `cannot tell the CPU vendor from ${path}; set vendor: intel or amd`
}

/** Whether and how the live value changes; a string is a reason to fail. */
async function liveAction(host: Host, p: KvmNestedParams, module: string, live: boolean | null, want: boolean): Promise<LiveAction | string> {
  if (live === null || live === want) return { kind: 'none' }
  if (p.reload === 'never') return { kind: 'pending', reason: 'reload is never' }
  const users = await kvmUsers(host, p.root, module)
  if (users.inUse && p.reload === 'always') {
    return `reload is always, but ${module} cannot be reloaded without breaking VMs (${describeUsers(users, module)}); stop them first or use reload: auto`
  }
  if (!isRealRoot(p.root)) return { kind: 'pending', reason: `root is ${p.root}, not /: modprobe never runs` }
  if (users.inUse) return { kind: 'pending', reason: describeUsers(users, module) }
  return { kind: 'reload' }
}

/** Warnings for other modprobe.d files that set nested for the module differently. */
async function conflictingFiles(host: Host, p: KvmNestedParams, module: string, want: boolean): Promise<string[]> {
  const confPath = underRoot(p.root, p.conf_file)
  const files = await readConfFolders(host, [underRoot(p.root, '/etc/modprobe.d')])
  return [...files]
    .filter(([path, text]) => path !== confPath && nestedSetting(text, module) === !want)
    .map(([path]) => `${path} also sets nested=${want ? 0 : 1} for ${module}; modprobe may apply it instead of ${p.conf_file}`)
}

const flag = (value: boolean | null) => (value === null ? 'not loaded' : value ? 'Y' : 'N')

function liveDiff(module: string, live: boolean | null, want: boolean, action: LiveAction): Diff | undefined {
  if (action.kind === 'reload') return { prepared: `live ${module} nested: ${flag(live)} → ${flag(want)} (module reloaded)\n` }
  if (action.kind === 'pending') return { prepared: `live ${module} nested: ${flag(live)} (reload pending: ${action.reason})\n` }
  return undefined
}

export default defineModule<KvmNestedParams>({
  name: 'kvm_nested',
  description:
    'Enable (or disable) nested KVM: `options kvm_<vendor> nested=1` in a modprobe.d file, and the module reloaded to make it live ' +
    'when no VM uses KVM (reload: auto); with VMs running it reports reload_pending and reboot_required instead of disturbing them.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      state: { type: 'string', enum: ['enabled', 'disabled'], default: 'enabled', description: 'Nested virtualisation on or off.' },
      vendor: { type: 'string', enum: ['auto', 'intel', 'amd'], default: 'auto', description: 'CPU vendor; auto reads /proc/cpuinfo (vmx → intel, svm → amd).' },
      reload: {
        type: 'string',
        enum: ['auto', 'always', 'never'],
        default: 'auto',
        description: 'auto: reload the module when no VM uses KVM, else leave it pending; always: reload, and fail while VMs use KVM; never: only write the file.',
      },
      conf_file: { type: 'string', default: '/etc/modprobe.d/kvm.conf', description: 'modprobe.d file for the options line (its other lines are kept).' },
      root: { type: 'string', default: '/', description: 'Root of the tree holding /etc, /proc and /sys; other than / only for tests (modprobe never runs).' },
    },
  },
  examples: [
    `- name: Nested KVM for the overcloud VMs
  kvm_nested:
    state: enabled`,
    `- name: Persist nested KVM but never reload the module now
  kvm_nested:
    vendor: intel
    reload: never`,
  ],
  async run(host, p) {
    const problem = rootProblem(p.root)
    if (problem) return fail(problem)
    const vendor = await resolveVendor(host, p)
    if (vendor !== 'intel' && vendor !== 'amd') return fail(vendor)
    const module = kvmModule(vendor)
    const want = p.state === 'enabled'
    const confPath = underRoot(p.root, p.conf_file)
    const text = (await readIfExists(host, confPath)) ?? ''
    const fileText = nestedSetting(text, module) === want ? undefined : withNested(text, module, want)
    const live = await readLiveNested(host, p.root, module)
    const action = await liveAction(host, p, module, live, want)
    if (typeof action === 'string') return fail(action, { vendor, module, nested: live })
    const warnings = await conflictingFiles(host, p, module, want)
    const pending = action.kind === 'pending'
    if (pending) warnings.push(`${module} nested is still ${flag(live)} in the running kernel (${action.reason}); it takes effect when ${module} is reloaded or at the next boot`)
    const result: ModuleResult = { vendor, module, nested: live, persistent: want, reloaded: false, reload_pending: pending, reboot_required: pending }
    if (warnings.length) result.warnings = warnings
    if (fileText === undefined && action.kind !== 'reload') return ok(result)
    const diffs: Diff[] = fileText === undefined ? [] : [{ before_header: confPath, after_header: confPath, before: text, after: fileText }]
    const shownLive = liveDiff(module, live, want, action)
    if (shownLive) diffs.push(shownLive)
    return change({
      ...result,
      diff: diffs,
      apply: async () => {
        if (fileText !== undefined) {
          const folder = posix.dirname(confPath)
          if (!(await host.stat(folder, { follow: true }))) await host.exec(['mkdir', '-p', folder])
          await host.write(confPath, fileText, { mode: 0o644 })
        }
        if (action.kind !== 'reload') return undefined
        const reloaded = await reloadKvmModule(host, { module, enabled: want, mustReload: p.reload === 'always', fileChanged: fileText !== undefined })
        if (Array.isArray(reloaded.warnings)) reloaded.warnings = [...warnings, ...reloaded.warnings]
        return reloaded
      },
    })
  },
})
