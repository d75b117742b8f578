// Which KVM vendor module a CPU needs, from /proc/cpuinfo: the virtualisation flag
// decides (vmx → Intel VT-x → kvm_intel, svm → AMD-V → kvm_amd); vendor_id is the
// fallback when the flag is hidden (e.g. disabled in firmware).

export type KvmVendor = 'intel' | 'amd'

export interface CpuVirtualisation {
  vendor?: KvmVendor
  /** The CPU advertises vmx or svm. */
  hardware: boolean
}

const VENDOR_IDS: Record<string, KvmVendor> = {
  GenuineIntel: 'intel',
  AuthenticAMD: 'amd',
  // Hygon's Dhyana CPUs are AMD-derived and use kvm_amd.
  HygonGenuine: 'amd',
}

/** The field of the first processor block, e.g. "vendor_id", or undefined. */
function firstField(cpuinfo: string, field: string): string | undefined {
  const line = cpuinfo.split('\n').find((l) => l.split(':')[0]!.trim() === field)
  return line === undefined ? undefined : line.slice(line.indexOf(':') + 1).trim()
}

export function cpuVirtualisation(cpuinfo: string): CpuVirtualisation {
  const flags = new Set((firstField(cpuinfo, 'flags') ?? '').split(/\s+/))
  if (flags.has('vmx')) return { vendor: 'intel', hardware: true }
  if (flags.has('svm')) return { vendor: 'amd', hardware: true }
  return { vendor: VENDOR_IDS[firstField(cpuinfo, 'vendor_id') ?? ''], hardware: false }
}

export function kvmModule(vendor: KvmVendor): string {
  return `kvm_${vendor}`
}
