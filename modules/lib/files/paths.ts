// Paths as Ansible's `type: path` parameters take them: "~" and "~user" mean home
// folders on the target (of the user the task runs as), asked of the target itself.
import type { Host } from '../../../engine/module.js'

/** os.path.expanduser on the target; other paths are returned as they are. */
export async function expandUser(host: Host, path: string): Promise<string> {
  const m = /^~([^/]*)(\/.*)?$/.exec(path)
  if (!m) return path
  const [, user, rest = ''] = m
  let home: string | undefined
  if (user === '') {
    const r = await host.exec(['sh', '-c', 'printf %s "$HOME"'])
    home = r.rc === 0 ? r.stdout : undefined
  } else {
    const r = await host.exec(['getent', 'passwd', user!])
    home = r.rc === 0 ? r.stdout.split('\n')[0]!.split(':')[5] : undefined
  }
  // Python leaves the path alone when the home folder is unknown.
  if (!home) return path
  return home.replace(/\/+$/, '') + rest || '/'
}
