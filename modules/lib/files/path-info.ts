// What Ansible adds to the result of every module that names a path or dest
// (AnsibleModule.add_path_info): owner and group by id and name, mode, state, size.
import type { Host, ModuleResult } from '../../../engine/module.js'
import type { TargetAccounts } from './accounts.js'
import { formatMode } from './mode.js'

export type PathState = 'absent' | 'file' | 'directory' | 'link' | 'hard'

/** The file module's notion of what a path is (a link is not followed). */
export async function pathState(host: Host, path: string): Promise<PathState> {
  const st = await host.stat(path)
  if (!st) return 'absent'
  if (st.islnk) return 'link'
  if (st.isdir) return 'directory'
  return st.nlink > 1 ? 'hard' : 'file'
}

/** uid, gid, owner, group, mode, state and size of `path`; nothing when it does not exist. */
export async function pathInfo(host: Host, path: string, accounts: TargetAccounts): Promise<ModuleResult> {
  const st = await host.stat(path)
  // os.path.exists follows links: a dangling link counts as absent.
  const target = st?.islnk ? await host.stat(path, { follow: true }) : st
  if (!st || !target) return {}
  const state: PathState = st.islnk ? 'link' : st.isdir ? 'directory' : target.nlink > 1 ? 'hard' : 'file'
  const [owner, group] = await accounts.names(st.uid, st.gid)
  return {
    uid: st.uid,
    gid: st.gid,
    owner: owner ?? String(st.uid),
    group: group ?? String(st.gid),
    mode: formatMode(st.mode),
    state,
    size: st.size,
  }
}
