// Hardware facts: processors, memory, uptime and DMI (firmware/product) strings.
// Mounted filesystems are in mounts.ts.
import { keyValueLines, type FactCollector, type Facts } from './collector.js'

export const processorCollector: FactCollector = {
  name: 'processor',
  group: 'hardware',
  sections: { cpuinfo: 'cat /proc/cpuinfo', nproc: 'nproc' },
  collect: (s, earlier) => cpuFacts(s.get('cpuinfo') ?? '', s.get('nproc'), String(earlier.architecture ?? '')),
}

const PROCESSOR_KEYS = ['model name', 'Processor', 'vendor_id', 'cpu', 'Vendor', 'processor']

/** Counts as Ansible's Linux hardware collector derives them from /proc/cpuinfo. */
export function cpuFacts(cpuinfo: string, nproc: string | undefined, architecture: string): Facts {
  const processor: string[] = []
  const sockets = new Map<string, number>()
  const cores = new Map<string, number>()
  let physicalId = '0'
  let coreId = '0'
  const seen = { vendor: 0, model: 0, processor: 0 }
  for (const line of cpuinfo.split('\n')) {
    const at = line.indexOf(':')
    const key = (at < 0 ? line : line.slice(0, at)).trim()
    const value = at < 0 ? '' : line.slice(at + 1).trim()
    if (PROCESSOR_KEYS.includes(key)) {
      processor.push(value)
      if (key === 'vendor_id') seen.vendor++
      if (key === 'model name') seen.model++
      if (key === 'processor') seen.processor++
    } else if (key === 'physical id') {
      physicalId = value
      if (!sockets.has(value)) sockets.set(value, 1)
    } else if (key === 'core id') {
      coreId = value
      if (!cores.has(value)) cores.set(value, 1)
    } else if (key === 'cpu cores') sockets.set(physicalId, Number(value))
    else if (key === 'siblings') cores.set(coreId, Number(value))
  }
  let count = processor.length
  if (seen.vendor > 0 && seen.vendor === seen.model) count = seen.vendor
  if (/^(armv|aarch|ppc)/.test(architecture)) count = seen.processor
  const coresPerSocket = [...sockets.values()][0] || 1
  const firstSiblings = [...cores.values()][0]
  const threadsPerCore = Math.floor((firstSiblings ?? 1) / coresPerSocket)
  const socketCount = sockets.size || count
  const nprocCount = Number(nproc?.trim())
  return {
    processor,
    processor_count: socketCount,
    processor_cores: coresPerSocket,
    processor_threads_per_core: threadsPerCore,
    processor_vcpus: threadsPerCore * socketCount * coresPerSocket,
    processor_nproc: Number.isInteger(nprocCount) && nprocCount > 0 ? nprocCount : seen.processor,
  }
}

export const memoryCollector: FactCollector = {
  name: 'memory',
  group: 'hardware',
  sections: { meminfo: 'cat /proc/meminfo' },
  collect: (s) => memoryFacts(s.get('meminfo') ?? ''),
}

export function memoryFacts(meminfo: string): Facts {
  const mb = new Map<string, number>()
  for (const [key, value] of keyValueLines(meminfo, ':')) mb.set(key, Math.floor(parseInt(value, 10) / 1024))
  const total = mb.get('MemTotal') ?? 0
  const free = mb.get('MemFree') ?? 0
  const nocacheFree = free + (mb.get('Buffers') ?? 0) + (mb.get('Cached') ?? 0)
  const swapTotal = mb.get('SwapTotal') ?? 0
  const swapFree = mb.get('SwapFree') ?? 0
  return {
    memtotal_mb: total,
    memfree_mb: free,
    swaptotal_mb: swapTotal,
    swapfree_mb: swapFree,
    memory_mb: {
      real: { total, used: total - free, free },
      nocache: { free: nocacheFree, used: total - nocacheFree },
      swap: { total: swapTotal, free: swapFree, used: swapTotal - swapFree, cached: mb.get('SwapCached') ?? 0 },
    },
  }
}

export const uptimeCollector: FactCollector = {
  name: 'uptime',
  group: 'hardware',
  sections: { uptime: 'cat /proc/uptime' },
  collect(s) {
    const seconds = parseFloat(s.get('uptime') ?? '')
    return Number.isFinite(seconds) ? { uptime_seconds: Math.trunc(seconds) } : {}
  },
}

const DMI_FILES: Record<string, string> = {
  bios_date: 'bios_date',
  bios_vendor: 'bios_vendor',
  bios_version: 'bios_version',
  board_asset_tag: 'board_asset_tag',
  board_name: 'board_name',
  board_serial: 'board_serial',
  board_vendor: 'board_vendor',
  board_version: 'board_version',
  chassis_asset_tag: 'chassis_asset_tag',
  chassis_serial: 'chassis_serial',
  chassis_vendor: 'chassis_vendor',
  chassis_version: 'chassis_version',
  form_factor: 'chassis_type',
  product_name: 'product_name',
  product_serial: 'product_serial',
  product_uuid: 'product_uuid',
  product_version: 'product_version',
  system_vendor: 'sys_vendor',
}

// SMBIOS chassis types, indexed by /sys/.../chassis_type.
const FORM_FACTORS = [
  'Unknown', 'Other', 'Unknown', 'Desktop', 'Low Profile Desktop', 'Pizza Box', 'Mini Tower', 'Tower',
  'Portable', 'Laptop', 'Notebook', 'Hand Held', 'Docking Station', 'All In One', 'Sub Notebook',
  'Space-saving', 'Lunch Box', 'Main Server Chassis', 'Expansion Chassis', 'Sub Chassis',
  'Bus Expansion Chassis', 'Peripheral Chassis', 'RAID Chassis', 'Rack Mount Chassis', 'Sealed-case PC',
  'Multi-system', 'CompactPCI', 'AdvancedTCA', 'Blade', 'Blade Enclosure', 'Tablet', 'Convertible',
  'Detachable', 'IoT Gateway', 'Embedded PC', 'Mini PC', 'Stick PC',
]

export const dmiCollector: FactCollector = {
  name: 'dmi',
  group: 'hardware',
  sections: {
    // Unreadable files (serials need root) print nothing after "=", which becomes NA.
    dmi: `for f in ${[...new Set(Object.values(DMI_FILES))].join(' ')}; do printf '%s=%s\\n' "$f" "$(cat /sys/devices/virtual/dmi/id/$f 2>/dev/null)"; done`,
  },
  collect(s) {
    const raw = keyValueLines(s.get('dmi'))
    const facts: Facts = {}
    for (const [fact, file] of Object.entries(DMI_FILES)) {
      const value = raw.get(file)
      if (!value) facts[fact] = 'NA'
      else if (fact === 'form_factor') facts[fact] = FORM_FACTORS[Number(value)] ?? `unknown (${value})`
      else facts[fact] = value
    }
    return facts
  },
}
