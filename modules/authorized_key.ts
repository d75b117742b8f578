// authorized_key: add or remove SSH public keys in a user's authorized_keys
// (~user/.ssh/authorized_keys by default: .ssh 0700 and the file 0600, owned by the user).
import { posix } from 'node:path'
import { change, defineModule, fail, ok, type Host, type ModuleOutcome, type ModuleResult } from '../engine/module.js'
import { readAccounts, type PasswdEntry } from './lib/system/accounts.js'
import { applyKeyRequest, InvalidKey, parseKeyFile, serializeKeys } from './lib/system/authorized-keys.js'
import { fetchOnTarget } from './lib/system/http-fetch.js'
import { withPathInfo } from './lib/system/path-result.js'
import { applyFailure, readIfExists } from './lib/system/target.js'

interface AuthorizedKeyParams {
  user: string
  key: string
  path?: string
  manage_dir: boolean
  state: 'present' | 'absent'
  key_options?: string
  exclusive: boolean
  comment?: string
  validate_certs: boolean
  follow: boolean
}

/** The key text; a URL is fetched (on the target, like the module does). */
async function keyText(host: Host, p: AuthorizedKeyParams): Promise<string | undefined> {
  if (!p.key.startsWith('http')) return p.key
  const resp = await fetchOnTarget(host, { url: p.key, timeout: 10, validateCerts: p.validate_certs, useProxy: true })
  return resp.status === 200 ? (resp.body ?? '') : undefined
}

async function realPath(host: Host, path: string): Promise<string> {
  const r = await host.exec(['readlink', '-m', path])
  return r.rc === 0 && r.stdout.trim() ? r.stdout.trim() : path
}

/** Creates the .ssh folder (0700, owned by the user) and writes the file 0600 for the user. */
async function writeKeys(host: Host, file: string, content: string, owner: PasswdEntry, manageDir: boolean): Promise<ModuleResult | void> {
  const dir = posix.dirname(file)
  if (manageDir) {
    const made = await host.exec(['sh', '-c', 'mkdir -p -m 0700 "$1" && chown "$2" "$1" && chmod 0700 "$1"', 'sh', dir, `${owner.uid}:${owner.gid}`])
    if (made.rc !== 0) return applyFailure(`Failed to create directory ${dir} : ${made.stderr.trim()}`)
  } else if (!(await host.stat(dir, { follow: true }))) {
    await host.exec(['mkdir', '-p', dir])
  }
  await host.write(file, content, { mode: 0o600, owner: owner.uid, group: owner.gid })
}

async function runAuthorizedKey(host: Host, p: AuthorizedKeyParams, checkMode: boolean): Promise<ModuleOutcome> {
  const result: ModuleResult = { ...p }
  const key = await keyText(host, p)
  if (key === undefined) return fail(`Error getting key from: ${p.key}`)
  const owner = (await readAccounts(host, p.user)).user
  if (!owner && !(checkMode && p.path !== undefined)) {
    if (checkMode) return fail('Either user must exist or you must provide full path to key file in check mode')
    return fail(`Failed to lookup user ${p.user}: "getpwnam(): name not found: '${p.user}'"`)
  }
  const keyfile = p.path ?? posix.join(owner!.home, '.ssh', 'authorized_keys')
  result.keyfile = keyfile
  const before = (await readIfExists(host, keyfile)) ?? ''
  const keys = key.split(/\r\n|\n|\r/).filter((line) => line !== '' && !line.startsWith('#'))
  let planned
  try {
    planned = applyKeyRequest(parseKeyFile(before), { keys, state: p.state, exclusive: p.exclusive, keyOptions: p.key_options, comment: p.comment })
  } catch (err) {
    if (err instanceof InvalidKey) return fail(err.message)
    throw err
  }
  if (!planned.changed) return ok(result)
  const target = p.follow ? await realPath(host, keyfile) : keyfile
  const after = serializeKeys(planned.entries)
  const diff = { before_header: keyfile, after_header: target, before, after }
  if (checkMode) return change({ ...result, diff })
  return change({ ...result, diff, apply: () => writeKeys(host, target, after, owner!, p.manage_dir) })
}

export default defineModule<AuthorizedKeyParams>({
  name: 'authorized_key',
  description:
    'Add or remove SSH public keys in a user\'s authorized_keys file. `key` may hold several lines (or be an http(s) URL, ' +
    'fetched on the target); with exclusive=true every other line is removed.',
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['user', 'key'],
    properties: {
      user: { type: 'string', description: 'The user whose authorized_keys file is edited.' },
      key: { type: 'string', description: 'The public key line(s), or an http(s) URL to fetch them from.' },
      path: { type: 'string', description: 'Another authorized_keys file (default ~user/.ssh/authorized_keys).' },
      manage_dir: { type: 'boolean', default: true, description: 'Create the file\'s folder (0700, owned by the user) when writing.' },
      state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the key(s) should be there.' },
      key_options: { type: 'string', description: 'Options put in front of the key(s), e.g. no-port-forwarding,from="10.0.0.0/8".' },
      exclusive: { type: 'boolean', default: false, description: 'Remove every other key (and line) from the file.' },
      comment: { type: 'string', description: 'Comment written after the key instead of the key\'s own.' },
      validate_certs: { type: 'boolean', default: true, description: 'Check HTTPS certificates when `key` is a URL.' },
      follow: { type: 'boolean', default: false, description: 'When the file is a symlink, edit its target instead of replacing the link.' },
    },
  },
  examples: [
    `- name: Let the controller's key log in as stack
  authorized_key:
    user: stack
    key: "{{ lookup('file', '~/.ssh/id_rsa.pub') }}"`,
    `- name: Only these keys for root
  authorized_key:
    user: root
    key: "{{ admin_keys | join('\\n') }}"
    exclusive: true`,
  ],
  run: async (host, p, ctx) => {
    const outcome = await runAuthorizedKey(host, p, ctx.checkMode)
    return p.path === undefined ? outcome : { ...outcome, result: await withPathInfo(host, outcome.result) } as typeof outcome
  },
})
