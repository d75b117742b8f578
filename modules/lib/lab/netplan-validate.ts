// validate: the new file is checked by netplan itself, `netplan generate --root-dir`
// on a private temporary tree holding a copy of the target's /etc/netplan with the new
// file in place (netplan merges all files, so a conflict with another one shows too).
// --root-dir keeps netplan from touching the running network or the real /run.
import { posix } from 'node:path'
import type { Host } from '../../../engine/module.js'
import { runScript } from '../system/target.js'

const NO_NETPLAN = '@@tsplay-no-netplan@@'

// $1 the folder whose *.yaml files are copied, $2 the new file's name; content on stdin.
// The first output line is the temporary tree, so its paths can be shown as the target's.
const GENERATE = `command -v netplan >/dev/null 2>&1 || { echo '${NO_NETPLAN}'; exit 0; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
echo "$tmp"
mkdir -p "$tmp/etc/netplan" || exit 1
for f in "$1"/*.yaml; do
  if [ -f "$f" ] && [ "$(basename "$f")" != "$2" ]; then cp "$f" "$tmp/etc/netplan/" || exit 1; fi
done
cat > "$tmp/etc/netplan/$2" || exit 1
chmod 600 "$tmp/etc/netplan/"*.yaml
netplan generate --root-dir "$tmp" 2>&1`

export type Validation = { kind: 'valid' } | { kind: 'unavailable' } | { kind: 'invalid'; rc: number; output: string }

/** Runs netplan's own parser on `content` as `path` (whose folder's other files are included). */
export async function validateNetplan(host: Host, netplanDir: string, path: string, content: string): Promise<Validation> {
  const name = posix.basename(path)
  const r = await runScript(host, GENERATE, [netplanDir, name], { stdin: content })
  const [tmp = '', ...rest] = r.stdout.split('\n')
  if (tmp === NO_NETPLAN) return { kind: 'unavailable' }
  if (r.rc === 0) return { kind: 'valid' }
  // Show the target's paths, not the throwaway tree's.
  const output = (rest.join('\n') + r.stderr).replaceAll(`${tmp}/etc/netplan/${name}`, path).replaceAll(`${tmp}/etc/netplan/`, `${netplanDir}/`).trim()
  return { kind: 'invalid', rc: r.rc, output }
}
