// tempfile: a new, uniquely named temporary file or folder on the target (mktemp),
// private to the task's user, whose path the result carries. Like Ansible's module it
// cannot run in check mode: the name only exists once it has been made.
import { posix } from 'node:path'
import { change, defineModule, fail } from '../engine/module.js'
import { TargetAccounts } from './lib/files/accounts.js'
import { guarded, FileModuleFailure } from './lib/files/failure.js'
import { pathInfo } from './lib/files/path-info.js'
import { expandUser } from './lib/files/paths.js'

export interface TempfileParams {
  state: 'file' | 'directory'
  path?: string
  prefix: string
  suffix: string
}

export default defineModule<TempfileParams>({
  name: 'tempfile',
  description:
    'Create a temporary file or folder on the target (in path, else $TMPDIR or /tmp) named prefix + random + suffix, ' +
    'mode 0600 (0700 for a folder), and return its path. Not removed automatically. Skipped in check mode.',
  supportsCheckMode: false,
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      state: { enum: ['file', 'directory'], default: 'file', description: 'Make a file or a folder.' },
      path: { type: 'string', description: 'Folder to create it in (default: $TMPDIR or /tmp).' },
      prefix: { type: 'string', default: 'ansible.', description: 'Start of the name.' },
      suffix: { type: 'string', default: '', description: 'End of the name.' },
    },
  },
  examples: [
    `- name: Scratch folder for the overcloud images
  tempfile:
    state: directory
    suffix: images
  register: scratch`,
  ],
  run: (host, p) =>
    guarded(async () => {
      if (p.prefix.includes('/') || p.suffix.includes('/')) return fail('prefix and suffix cannot contain "/"')
      const dir = p.path === undefined ? undefined : await expandUser(host, p.path)
      // Eight random characters, as Python's mkstemp uses.
      const argv = ['mktemp', ...(p.state === 'directory' ? ['-d'] : []), ...(dir === undefined ? ['--tmpdir'] : ['-p', dir])]
      argv.push(`--suffix=${p.suffix}`, '--', `${p.prefix}XXXXXXXX`)
      return change({
        apply: async () => {
          const r = await host.exec(argv)
          if (r.rc !== 0) throw new FileModuleFailure(r.stderr.trim().replace(/^mktemp: /, '') || `mktemp failed (exit code ${r.rc})`)
          const path = r.stdout.replace(/\n$/, '')
          return { path: posix.normalize(path), ...(await pathInfo(host, path, new TargetAccounts(host))) }
        },
      })
    }),
})
