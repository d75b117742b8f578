// Existence checks on the target for `creates` / `removes`, with the semantics of
// the Ansible module that owns them. Patterns reach the target's shell as a
// positional parameter: only globbing and "~" apply, never command substitution.
import { posix } from 'node:path'
import type { Host } from '../../engine/module.js'

const GLOB_CHARS = /[*?[]/

// Expands "~" to $HOME, then lets the shell glob the (unquoted) pattern with word
// splitting off; an unmatched pattern stays literal, as in Python's glob.
const GLOB_SCRIPT = `p=$1
case $p in "~"|"~/"*) p=$HOME\${p#"~"};; esac
IFS=
for f in $p; do
  if [ -e "$f" ] || [ -L "$f" ]; then exit 0; fi
done
exit 1`

/** Python's glob.glob(pattern) is non-empty (the command module's creates/removes). */
export async function globMatches(host: Host, pattern: string, cwd?: string): Promise<boolean> {
  if (!GLOB_CHARS.test(pattern) && !pattern.startsWith('~')) {
    const path = cwd ? posix.resolve(cwd, pattern) : pattern
    return (await host.stat(path)) !== null
  }
  const r = await host.exec(['sh', '-c', GLOB_SCRIPT, 'sh', pattern], cwd ? { cwd } : {})
  return r.rc === 0
}

/** `test -e` on the target: symlinks are followed (the script module's creates/removes). */
export async function pathExists(host: Host, path: string): Promise<boolean> {
  return (await host.stat(path, { follow: true })) !== null
}
