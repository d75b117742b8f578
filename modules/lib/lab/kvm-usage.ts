// Whether reloading a KVM vendor module would hurt anything. Two sources:
//  - the module's reference count (/sys/module/kvm_X/refcnt): the kernel takes one for
//    every open /dev/kvm and every VM, whoever started it (libvirt, bare qemu, …), and
//    `modprobe -r` refuses while it is non-zero — so it is the authoritative answer;
//  - `virsh -c qemu:///system list --name`, for the names to show, and as a second
//    opinion (when virsh exists and the root is the real system).
// Either one reporting use means "VMs are running".
import type { Host } from '../../../engine/module.js'
import { readIfExists, runScript } from '../system/target.js'
import { isRealRoot, underRoot } from './root-path.js'

export interface KvmUsers {
  /** References held on the module (0 when it is not loaded). */
  refcount: number
  /** Running libvirt domains (qemu:///system). */
  vms: string[]
  inUse: boolean
}

const LIST_VMS = 'command -v virsh >/dev/null 2>&1 || exit 0; exec virsh -c qemu:///system list --name'

export async function kvmUsers(host: Host, root: string, module: string): Promise<KvmUsers> {
  const refcnt = await readIfExists(host, underRoot(root, `/sys/module/${module}/refcnt`))
  const refcount = Number.parseInt(refcnt ?? '0', 10) || 0
  let vms: string[] = []
  if (isRealRoot(root)) {
    // A libvirtd that is not running makes virsh fail: that only means no libvirt VMs.
    const r = await runScript(host, LIST_VMS, [], { timeoutMs: 30_000 })
    if (r.rc === 0) vms = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean)
  }
  return { refcount, vms, inUse: refcount > 0 || vms.length > 0 }
}

/** "running VMs: a, b" or "kvm_intel is in use (3 references)" for messages. */
export function describeUsers(users: KvmUsers, module: string): string {
  if (users.vms.length) return `running VMs: ${users.vms.join(', ')}`
  return `${module} is in use (${users.refcount} reference${users.refcount === 1 ? '' : 's'} to /dev/kvm or VMs)`
}
