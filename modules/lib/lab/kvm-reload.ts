// Reloading a KVM vendor module so a new `nested` value takes effect. It only runs
// after kvm_nested found no VM using KVM; if one appeared meanwhile, `modprobe -r`
// refuses (the module is in use) and nothing was disturbed.
import type { Host, ModuleResult } from '../../../engine/module.js'
import { applyFailure, readIfExists } from '../system/target.js'
import { parseNestedFlag } from './kvm-conf.js'
import { underRoot } from './root-path.js'

export function nestedParamPath(root: string, module: string): string {
  return underRoot(root, `/sys/module/${module}/parameters/nested`)
}

/** The live nested value: true/false, or null when the module is not loaded. */
export async function readLiveNested(host: Host, root: string, module: string): Promise<boolean | null> {
  const text = await readIfExists(host, nestedParamPath(root, module))
  return text === undefined ? null : (parseNestedFlag(text) ?? null)
}

export interface ReloadOptions {
  module: string
  enabled: boolean
  /** A refused unload is a failure (reload: always) rather than a pending reload (auto). */
  mustReload: boolean
  /** The configuration file changed in this run (the task stays changed). */
  fileChanged: boolean
}

/** modprobe -r, then modprobe with nested=…, then a check that the kernel took it. */
export async function reloadKvmModule(host: Host, o: ReloadOptions): Promise<ModuleResult> {
  const unload = await host.exec(['modprobe', '-r', o.module])
  if (unload.rc !== 0) {
    const why = `modprobe -r ${o.module} failed: ${unload.stderr.trim()}`
    if (o.mustReload) return { ...applyFailure(why), changed: o.fileChanged }
    return {
      changed: o.fileChanged,
      reloaded: false,
      reload_pending: true,
      reboot_required: true,
      warnings: [`${why}; nested takes effect after the VMs stop and ${o.module} is reloaded, or at the next boot`],
    }
  }
  const load = await host.exec(['modprobe', o.module, `nested=${o.enabled ? 1 : 0}`])
  if (load.rc !== 0) {
    return { ...applyFailure(`${o.module} was unloaded but loading it again failed, so KVM is unavailable until it loads: ${load.stderr.trim()}`), changed: true }
  }
  const now = await readLiveNested(host, '/', o.module)
  if (now !== o.enabled) {
    return { ...applyFailure(`${o.module} was reloaded but its nested parameter is ${now === null ? 'missing' : now ? 'Y' : 'N'}`), changed: true }
  }
  return { reloaded: true, nested: o.enabled, reload_pending: false, reboot_required: false }
}
