// script: copy a script from the controller to the target and run it there, in one
// command: the content travels on stdin into a private temp folder that is removed
// afterwards. The words after the script name are shell syntax, as in Ansible.
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { change, defineModule, fail, skip, type ModuleOutcome } from '../engine/module.js'
import { shellJoin } from '../engine/connection/connection.js'
import { withLines } from './lib/command-run.js'
import { pathExists } from './lib/remote-paths.js'
import { shellSplit, shellWords } from '../engine/util/shlex.js'

interface ScriptParams {
  _raw_params?: string
  cmd?: string
  creates?: string
  removes?: string
  chdir?: string
  executable?: string
  decrypt: boolean
}

// $1: file name, $2: folder to run in (or ''). The command line follows this prelude.
const PRELUDE = `__tsplay_dir=$(mktemp -d) || exit 1
trap 'rm -rf -- "$__tsplay_dir"' EXIT
__tsplay_script="$__tsplay_dir/$1"
cat > "$__tsplay_script" && chmod 700 "$__tsplay_script" || exit 1
if [ -n "$2" ]; then cd "$2" || exit 1; fi
`

export default defineModule<ScriptParams>({
  name: 'script',
  description:
    "Transfer a script from the controller (found in the 'files' search path) to the target and run it. " +
    'Always reports changed; a non-zero exit code fails the task. In check mode it is skipped unless creates/removes are given.',
  freeForm: '_raw_params',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      _raw_params: { type: 'string', description: 'Path of the local script, followed by its arguments (free form).' },
      cmd: { type: 'string', description: 'Path of the local script, followed by its arguments.' },
      creates: { type: 'string', description: 'A path on the target; when it exists, the script is not run.' },
      removes: { type: 'string', description: 'A path on the target; when it does not exist, the script is not run.' },
      chdir: { type: 'string', description: 'Absolute folder on the target to change into before running the script.' },
      executable: { type: 'string', description: 'Program that runs the script (e.g. /bin/bash); default: the script itself (shebang).' },
      decrypt: { type: 'boolean', default: true, description: 'Accepted for compatibility; vault-encrypted scripts are not supported.' },
    },
  },
  examples: [
    `- name: Prepare the hypervisor
  script: prepare-host.sh --bridges 2
  args:
    creates: /etc/lab/prepared`,
  ],
  async run(host, p, ctx) {
    if (p.creates && (await pathExists(host, p.creates))) return skip(`${p.creates} exists, matching creates option`)
    if (p.removes && !(await pathExists(host, p.removes))) return skip(`${p.removes} does not exist, matching removes option`)
    if (p.chdir && !p.chdir.startsWith('/')) return fail(`chdir ${p.chdir} must be an absolute path for a Unix-aware remote node`)
    const line = (p._raw_params ?? p.cmd ?? '').trim()
    const first = shellWords(line)[0]
    if (!first) return fail('no script given')
    const source = ctx.findFile(first.word, 'files')
    if (!source) return fail(`Could not find or access '${first.word}' in the files search path`)
    if (ctx.checkMode) return checkModeOutcome(p)
    const content = await readFile(source)
    const runner = p.executable ? `${shellJoin(shellSplit(p.executable))} ` : ''
    const script = `${PRELUDE}${runner}"$__tsplay_script"${line.slice(first.end)}`
    const r = await host.exec(['sh', '-c', script, 'sh', basename(source), p.chdir ?? ''], { stdin: content })
    const result = withLines({ rc: r.rc, stdout: r.stdout, stderr: r.stderr })
    if (r.rc !== 0) return fail('non-zero return code', { ...result, changed: true })
    return change(result)
  },
})

/** ansible-core 2.14: with creates/removes the checks above decided it would run; otherwise skip. */
function checkModeOutcome(p: ScriptParams): ModuleOutcome {
  if (p.creates || p.removes) return change({})
  return skip('Check mode is not supported for this task.')
}

