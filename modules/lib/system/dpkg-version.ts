// Debian version comparison (dpkg's algorithm): epoch, then upstream version, then
// Debian revision; within each, non-digit runs compare by dpkg's character order
// ("~" before anything, even the end; letters before other characters) and digit runs
// numerically.

function order(c: string | undefined): number {
  if (c === undefined) return 0
  if (c === '~') return -1
  if (/[0-9]/.test(c)) return 0
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0)
  return c.charCodeAt(0) + 256
}

function compareFragment(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    let firstDiff = 0
    while ((i < a.length && !/[0-9]/.test(a[i]!)) || (j < b.length && !/[0-9]/.test(b[j]!))) {
      const ac = order(i < a.length && !/[0-9]/.test(a[i]!) ? a[i] : undefined)
      const bc = order(j < b.length && !/[0-9]/.test(b[j]!) ? b[j] : undefined)
      if (ac !== bc) return ac - bc
      if (i < a.length && !/[0-9]/.test(a[i]!)) i++
      if (j < b.length && !/[0-9]/.test(b[j]!)) j++
    }
    while (a[i] === '0') i++
    while (b[j] === '0') j++
    while (i < a.length && /[0-9]/.test(a[i]!) && j < b.length && /[0-9]/.test(b[j]!)) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j)
      i++
      j++
    }
    if (i < a.length && /[0-9]/.test(a[i]!)) return 1
    if (j < b.length && /[0-9]/.test(b[j]!)) return -1
    if (firstDiff) return firstDiff
  }
  return 0
}

function split(version: string): { epoch: number; upstream: string; revision: string } {
  const colon = version.indexOf(':')
  const epoch = colon > 0 ? parseInt(version.slice(0, colon), 10) || 0 : 0
  const rest = colon > 0 ? version.slice(colon + 1) : version
  const dash = rest.lastIndexOf('-')
  return dash >= 0 ? { epoch, upstream: rest.slice(0, dash), revision: rest.slice(dash + 1) } : { epoch, upstream: rest, revision: '' }
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b`. */
export function compareDebianVersions(a: string, b: string): number {
  const x = split(a)
  const y = split(b)
  if (x.epoch !== y.epoch) return x.epoch - y.epoch
  return Math.sign(compareFragment(x.upstream, y.upstream)) || Math.sign(compareFragment(x.revision, y.revision))
}
