// The Host as a file module sees it for one run. Most file work needs only a path's
// type, mode, owner, size and link count — not its inode, device, ctime or sub-second
// times — so stat asks for attributes only (unless told otherwise, or a caller asks for
// all), which the ssh transport answers without starting a process. And a module asks
// about the same path several times while it plans: answers are kept until it writes
// or runs anything (either may change the target).
import type { FileStat, StatOptions } from '../../../engine/connection/connection.js'
import type { Host, HostStatOptions } from '../../../engine/module.js'

type Need = NonNullable<StatOptions['need']>

export function fileHost(host: Host, defaultNeed: Need = 'attributes'): Host {
  const known = new Map<string, { need: Need; answer: Promise<FileStat | null> }>()
  const stat = async (path: string, opts: HostStatOptions = {}): Promise<FileStat | null> => {
    const key = `${opts.follow ? 'stat' : 'lstat'}:${path}`
    const need = opts.need ?? defaultNeed
    let entry = known.get(key)
    if (!entry || (entry.need === 'attributes' && need === 'all')) {
      const asked = { need, answer: host.stat(path, { ...opts, need }) }
      known.set(key, asked)
      // A failure is not kept: the next question asks again.
      asked.answer.catch(() => known.get(key) === asked && known.delete(key))
      entry = asked
    }
    const st = await entry.answer
    // A copy: callers may add to what they got.
    return st && { ...st }
  }
  // Forgotten when a command or write starts and again when it ends: a stat asked meanwhile may predate its effect.
  const forgetAround = <T>(work: Promise<T>): Promise<T> => {
    known.clear()
    return work.finally(() => known.clear())
  }
  return {
    name: host.name,
    get facts() {
      return host.facts
    },
    exec: (cmd, opts) => forgetAround(host.exec(cmd, opts)),
    read: (path) => host.read(path),
    readBytes: (path) => host.readBytes(path),
    write: (path, data, opts) => forgetAround(host.write(path, data, opts)),
    upload: host.upload && ((localPath, path, opts) => forgetAround(host.upload!(localPath, path, opts))),
    download: host.download && ((path, localPath) => host.download!(path, localPath)),
    mkdir: host.mkdir && ((path, opts) => forgetAround(host.mkdir!(path, opts))),
    stat,
    accountNames: host.accountNames && ((uids, gids) => host.accountNames!(uids, gids)),
    fileType: host.fileType && ((path) => host.fileType!(path)),
  }
}
