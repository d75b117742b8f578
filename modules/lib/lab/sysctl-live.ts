// The running kernel's side of sysctl: reading a value from /proc/sys, setting one
// (`sysctl -w`), and loading a whole file (`sysctl -p FILE`). With a root other than
// '/', the same is done on the mirror tree's proc/sys files, so tests never touch the
// real kernel.
import type { Host } from '../../../engine/module.js'
import { readIfExists } from '../system/target.js'
import { isRealRoot, underRoot } from './root-path.js'
import { sysctlEntries } from './sysctl-conf.js'
import { procRelativePath } from './sysctl-keys.js'

/** sysctl's messages are matched, so they must be in English. */
const C_LOCALE = { LANG: 'C', LC_ALL: 'C', LC_MESSAGES: 'C' }

/** sysctl can report a failed write with exit status 0; these lines give it away. */
const SILENT_FAILURE = /^sysctl: setting key "[^"]+": (Invalid argument|Read-only file system)$/m

/** Outcome of a write to the kernel: undefined on success, else the message to fail with. */
export type LiveError = string | undefined

export function procFile(root: string, name: string): string {
  return underRoot(root, `/proc/sys/${procRelativePath(name)}`)
}

/** The live value, or undefined when the kernel has no such parameter. */
export async function readLive(host: Host, root: string, name: string): Promise<string | undefined> {
  const text = await readIfExists(host, procFile(root, name))
  return text === undefined ? undefined : text.trim()
}

/** Sets one parameter now (`sysctl -w`, or the mirror tree's file). */
export async function setLive(host: Host, root: string, name: string, value: string, ignoreErrors: boolean): Promise<LiveError> {
  if (!isRealRoot(root)) return writeTreeValue(host, root, name, value, ignoreErrors)
  const argv = ['sysctl', ...(ignoreErrors ? ['-e'] : []), '-w', `${name}=${value}`]
  const r = await host.exec(argv, { env: C_LOCALE })
  if (r.rc !== 0 || SILENT_FAILURE.test(r.stderr)) return `setting ${name} failed: ${r.stdout}${r.stderr}`
  return undefined
}

/** Applies every entry of the file now, as `sysctl -p FILE` does. `text` is the file's content. */
export async function loadFile(host: Host, root: string, file: string, text: string, ignoreErrors: boolean): Promise<LiveError> {
  if (isRealRoot(root)) {
    const argv = ['sysctl', ...(ignoreErrors ? ['-e'] : []), '-p', file]
    const r = await host.exec(argv, { env: C_LOCALE })
    if (r.rc !== 0 || SILENT_FAILURE.test(r.stderr)) return `Failed to reload sysctl: ${r.stdout}${r.stderr}`
    return undefined
  }
  for (const entry of sysctlEntries(text)) {
    const problem = await writeTreeValue(host, root, entry.key, entry.value, ignoreErrors || entry.optional)
    if (problem) return `Failed to reload sysctl: ${problem}`
  }
  return undefined
}

/** The mirror tree's /proc/sys file gets the value; like the kernel, an unknown key is an error. */
async function writeTreeValue(host: Host, root: string, name: string, value: string, ignoreErrors: boolean): Promise<LiveError> {
  const path = procFile(root, name)
  if (!(await host.stat(path, { follow: true }))) {
    return ignoreErrors ? undefined : `sysctl: cannot stat ${path}: No such file or directory`
  }
  await host.write(path, `${value}\n`)
  return undefined
}
