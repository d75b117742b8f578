// Small facts of the running system: kernel command line, clock, DNS resolver,
// environment and the user the facts were gathered as.
import { keyValueLines, type FactCollector, type Facts, type Sections } from './collector.js'

export const cmdlineCollector: FactCollector = {
  name: 'cmdline',
  group: 'min',
  sections: { cmdline: 'cat /proc/cmdline' },
  collect(s) {
    const text = s.get('cmdline')
    if (text === undefined) return {}
    return { cmdline: parseCmdline(text, false), proc_cmdline: parseCmdline(text, true) }
  },
}

/** Words as Python's shlex.split(posix=False) keeps them (quotes stay); `repeat` collects repeated keys in lists. */
export function parseCmdline(text: string, repeat: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const piece of text.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []) {
    const at = piece.indexOf('=')
    if (at < 0) {
      out[piece] = true
      continue
    }
    const key = piece.slice(0, at)
    const value = piece.slice(at + 1)
    const prev = Object.hasOwn(out, key) ? out[key] : undefined
    if (repeat && typeof prev === 'string') out[key] = [prev, value]
    else if (repeat && Array.isArray(prev)) prev.push(value)
    else out[key] = value
  }
  return out
}

// Local time fields, then the zone names of a winter and a summer day (for tz_dst).
const DATE_FORMAT = '+%Y|%m|%A|%w|%W|%d|%H|%M|%S|%s|%N|%Z|%z'

export const dateTimeCollector: FactCollector = {
  name: 'date_time',
  group: 'min',
  sections: { date: `date '${DATE_FORMAT}'; date -d @1704110400 '+%Z %z'; date -d @1719835200 '+%Z %z'` },
  collect(s) {
    const [now = '', winter = '', summer = ''] = (s.get('date') ?? '').split('\n')
    const f = now.split('|')
    if (f.length < 13) return {}
    const [year, month, weekday, weekdayNumber, weeknumber, day, hour, minute, second, epoch, nanos, tz, tzOffset] = f as string[]
    const micros = (nanos ?? '').replace(/\D/g, '').padEnd(9, '0').slice(0, 6)
    const utc = new Date(Number(epoch) * 1000).toISOString().slice(0, 19)
    return {
      date_time: {
        year, month, weekday, weekday_number: weekdayNumber, weeknumber, day, hour, minute, second,
        epoch, epoch_int: String(Math.trunc(Number(epoch))),
        date: `${year}-${month}-${day}`,
        time: `${hour}:${minute}:${second}`,
        iso8601_micro: `${utc}.${micros}Z`,
        iso8601: `${utc}Z`,
        iso8601_basic: `${year}${month}${day}T${hour}${minute}${second}${micros}`,
        iso8601_basic_short: `${year}${month}${day}T${hour}${minute}${second}`,
        tz,
        tz_dst: daylightZoneName(winter, summer),
        tz_offset: tzOffset,
      },
    }
  },
}

/** time.tzname[1]: the zone's daylight-saving name (its only name when it has none). */
export function daylightZoneName(winter: string, summer: string): string {
  const [winterName = '', winterOffset = '0'] = winter.trim().split(' ')
  const [summerName = '', summerOffset = '0'] = summer.trim().split(' ')
  return Number(summerOffset) >= Number(winterOffset) ? summerName : winterName
}

export const dnsCollector: FactCollector = {
  name: 'dns',
  group: 'min',
  sections: { resolv_conf: 'cat /etc/resolv.conf' },
  collect: (s) => ({ dns: parseResolvConf(s.get('resolv_conf') ?? '') }),
}

export function parseResolvConf(text: string): Record<string, unknown> {
  const dns: Record<string, unknown> = {}
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.startsWith(';')) continue
    const [keyword, ...values] = line.trim().split(/\s+/)
    if (keyword === 'nameserver') dns.nameservers = [...((dns.nameservers as string[]) ?? []), ...values]
    else if (keyword === 'domain' && values.length) dns.domain = values[0]
    else if (keyword === 'search' || keyword === 'sortlist') dns[keyword] = values
    else if (keyword === 'options') {
      const options: Record<string, string | true> = {}
      for (const option of values) {
        const at = option.indexOf(':')
        if (at < 0) options[option] = true
        else options[option.slice(0, at)] = option.slice(at + 1) || true
      }
      dns.options = options
    }
  }
  return dns
}

export const envCollector: FactCollector = {
  name: 'env',
  group: 'min',
  sections: { environ: 'cat /proc/self/environ' },
  collect(s) {
    const env: Record<string, string> = {}
    for (const entry of (s.get('environ') ?? '').split('\0')) {
      const at = entry.indexOf('=')
      if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1)
    }
    return { env }
  },
}

export const userCollector: FactCollector = {
  name: 'user',
  group: 'min',
  sections: {
    ids: 'id -un; id -u; id -g; id -ru; id -rg',
    passwd: 'getent passwd "$(id -u)"',
  },
  collect(s: Sections): Facts {
    const [name = '', euid, egid, ruid, rgid] = (s.get('ids') ?? '').split('\n')
    if (!name) return {}
    const [, , uid, gid, gecos, dir, shell] = (s.get('passwd') ?? '').trim().split(':')
    return {
      user_id: name,
      user_uid: Number(uid ?? euid),
      user_gid: Number(gid ?? egid),
      user_gecos: gecos ?? '',
      user_dir: dir ?? '',
      user_shell: shell ?? '',
      real_user_id: Number(ruid),
      effective_user_id: Number(euid),
      real_group_id: Number(rgid),
      effective_group_id: Number(egid),
    }
  },
}

export const chrootCollector: FactCollector = {
  name: 'chroot',
  group: 'other',
  sections: {
    roots: `[ -n "$debian_chroot" ] && echo debian_chroot=1
stat -c 'root=%d %i' /
stat -c 'init=%d %i' /proc/1/root/.
stat -f -c 'fstype=%T' /`,
  },
  collect: (s) => ({ is_chroot: isChroot(keyValueLines(s.get('roots'))) }),
}

/** Is / another root than pid 1's? Without access to pid 1, compare with the root inode of the filesystem type. */
function isChroot(v: Map<string, string>): boolean {
  if (v.has('debian_chroot')) return true
  const root = v.get('root') ?? ''
  const init = v.get('init')
  if (init) return root !== init
  const fstype = v.get('fstype') ?? ''
  const rootInode = fstype.includes('btrfs') ? 256 : fstype.includes('xfs') ? 128 : 2
  return Number(root.split(' ')[1]) !== rootInode
}
