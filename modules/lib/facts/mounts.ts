// mounts: mounted block-device and network filesystems with their sizes (statvfs,
// read with `stat -f` under a timeout so a hung NFS mount cannot stall the run).
import type { FactCollector, Facts } from './collector.js'

// One line per mount: the four /proc/mounts fields (still octal-escaped), then
// stat -f's fragment size, block size, blocks, free, available, inodes, free inodes.
const MOUNTS_SCRIPT = `T=$(command -v timeout) && T="$T 5"
while read -r dev mnt fstype opts rest; do
  case $dev in /*|*:/*) ;; *) continue;; esac
  [ "$fstype" = none ] && continue
  sizes=$($T stat -f -c '%S %s %b %f %a %c %d' "$(printf '%b' "$mnt")")
  printf '%s %s %s %s %s\\n' "$dev" "$mnt" "$fstype" "$opts" "$sizes"
done < /proc/mounts`

export const mountsCollector: FactCollector = {
  name: 'mounts',
  group: 'hardware',
  sections: {
    mounts: MOUNTS_SCRIPT,
    lsblk_uuids: 'lsblk --list --noheadings --paths --output NAME,UUID --exclude 2',
  },
  collect: (s) => ({ mounts: parseMounts(s.get('mounts') ?? '', parseUuids(s.get('lsblk_uuids') ?? '')) }),
}

/** /proc/mounts writes spaces and other special characters as \\ooo. */
export function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_m, code: string) => String.fromCharCode(parseInt(code, 8)))
}

export function parseUuids(text: string): Map<string, string> {
  const uuids = new Map<string, string>()
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/)
    if (fields.length >= 2 && !uuids.has(fields[0]!)) uuids.set(fields[0]!, fields[fields.length - 1]!)
  }
  return uuids
}

export function parseMounts(text: string, uuids: Map<string, string>): Facts[] {
  const mounts: Facts[] = []
  for (const line of text.split('\n')) {
    const [dev, mnt, fstype, options, ...sizes] = line.trim().split(/\s+/)
    if (!dev || !mnt || !fstype || !options) continue
    const device = unescapeOctal(dev)
    const mount: Facts = { mount: unescapeOctal(mnt), device, fstype, options: unescapeOctal(options) }
    Object.assign(mount, mountSizes(sizes.map(Number)))
    mount.uuid = uuids.get(device) || 'N/A'
    mounts.push(mount)
  }
  return mounts
}

function mountSizes(values: number[]): Facts {
  if (values.length < 7 || values.some((v) => !Number.isFinite(v))) return { note: 'Could not get extra information.' }
  const [fragment, blockSize, blocks, , available, inodes, freeInodes] = values as [number, number, number, number, number, number, number]
  return {
    size_total: fragment * blocks,
    size_available: fragment * available,
    block_size: blockSize,
    block_total: blocks,
    block_available: available,
    block_used: blocks - available,
    inode_total: inodes,
    inode_available: freeInodes,
    inode_used: inodes - freeInodes,
  }
}
