// backup=yes: a copy of the file as it was, next to it, named as Ansible's
// backup_local names it ("<path>.<pid>.<YYYY-MM-DD@HH:MM:SS>~"), keeping mode, owner
// and times (cp -p, like shutil.copy2 plus Ansible's chown).
import type { Host } from '../../../engine/module.js'
import { FileModuleFailure } from './failure.js'

const pad = (n: number) => String(n).padStart(2, '0')

export function backupName(path: string, now = new Date(), pid = process.pid): string {
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}@${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`
  return `${path}.${pid}.${stamp}~`
}

/** Copies `path` to its backup name; returns that name. */
export async function backupFile(host: Host, path: string): Promise<string> {
  const dest = backupName(path)
  const r = await host.exec(['cp', '-p', '--', path, dest])
  if (r.rc !== 0) throw new FileModuleFailure(`Could not make backup of ${path} to ${dest}: ${r.stderr.trim()}`, { path })
  return dest
}
