// file: the state of a path on the target — a file's attributes, a folder (made with
// its parents), a symlink or hard link, a touched file, or nothing — plus owner, group,
// mode and times, with Ansible 2.14's rules, messages and results.
import { posix } from 'node:path'
import { defineModule, type ModuleOutcome } from '../engine/module.js'
import { TargetAccounts } from './lib/files/accounts.js'
import { fileHost } from './lib/files/file-host.js'
import { guarded, FileModuleFailure } from './lib/files/failure.js'
import { ensureHardlink, ensureSymlink } from './lib/files/file-links.js'
import { ensureAbsent, ensureDirectory, ensureFile, ensureTouch } from './lib/files/file-states.js'
import { currentState, type FileParams, type FileTask } from './lib/files/file-task.js'
import { fileAttrProperties } from './lib/files/params.js'
import { expandUser } from './lib/files/paths.js'
import { parseTimeSetting, type TimeSetting } from './lib/files/timestamps.js'

const STATES = {
  file: ensureFile,
  directory: ensureDirectory,
  link: ensureSymlink,
  hard: ensureHardlink,
  touch: ensureTouch,
  absent: ensureAbsent,
} as const

export default defineModule<FileParams>({
  name: 'file',
  description:
    'Manage a path on the target: attributes of a file, a folder (created with its parents, optionally recursively ' +
    'owned and moded), a symbolic or hard link, an empty file touched, or removal. Reports what changed as before/after ' +
    'state in --diff.',
  aliases: { path: ['dest', 'name'] },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', description: 'The path to manage.' },
      state: {
        enum: ['absent', 'directory', 'file', 'hard', 'link', 'touch'],
        description: 'What the path should be. Default: what it is now, or file (directory with recurse) when missing.',
      },
      recurse: { type: 'boolean', default: false, description: 'With state=directory, set owner, group and mode on everything below the folder.' },
      force: {
        type: 'boolean',
        default: false,
        description: 'Replace a file or empty folder by a link, and make symlinks to sources that do not exist.',
      },
      follow: { type: 'boolean', default: true, description: 'When the path is a symlink, manage what it points to.' },
      src: { type: 'string', description: 'What a link points to (state=link or hard).' },
      modification_time: { type: 'string', description: "Set the mtime: 'preserve', 'now' or a time in modification_time_format." },
      modification_time_format: { type: 'string', default: '%Y%m%d%H%M.%S', description: 'strftime format of modification_time.' },
      access_time: { type: 'string', description: "Set the atime: 'preserve', 'now' or a time in access_time_format." },
      access_time_format: { type: 'string', default: '%Y%m%d%H%M.%S', description: 'strftime format of access_time.' },
      ...fileAttrProperties,
    },
  },
  examples: [
    `- name: Folder for the VM images
  file:
    path: /var/lib/libvirt/images/lab
    state: directory
    owner: qemu
    mode: "0755"`,
    `- name: Link the current undercloud config
  file:
    src: /home/stack/undercloud-v2.conf
    dest: /home/stack/undercloud.conf
    state: link`,
    `- name: Remove a stale lock
  file:
    path: /run/lab.lock
    state: absent`,
  ],
  run: (host, p, ctx) =>
    guarded(async (): Promise<ModuleOutcome> => {
      const params = { ...p, path: await expandUser(host, p.path) }
      // Times are compared and shown to the nanosecond: only they need the full stat.
      const usesTimes = p.state === 'touch' || p.modification_time !== undefined || p.access_time !== undefined
      const target = fileHost(host, usesTimes ? 'all' : 'attributes')
      const state = await resolveState(target, params)
      const task: FileTask = {
        host: target,
        params,
        checkMode: ctx.checkMode,
        accounts: new TargetAccounts(target),
        mtime: timeSetting(params.modification_time, params.modification_time_format, state),
        atime: timeSetting(params.access_time, params.access_time_format, state),
      }
      return STATES[state](task)
    }),
})

/**
 * Ansible's additional_parameter_handling: a folder given as path with a src means the
 * file of that name inside it; a missing state is the current one (or file/directory).
 */
async function resolveState(host: FileTask['host'], params: FileParams): Promise<keyof typeof STATES> {
  if (params.state !== 'link' && params.state !== 'absent' && params.src !== undefined) {
    const st = await host.stat(params.path, { follow: true })
    if (st?.isdir) params.path = posix.join(params.path, posix.basename(params.src))
  }
  let state = params.state
  if (state === undefined) {
    const prev = (await currentState(host, params.path)).state
    state = prev !== 'absent' ? prev : params.recurse ? 'directory' : 'file'
  }
  if (params.recurse && state !== 'directory') {
    throw new FileModuleFailure("recurse option requires state to be 'directory'", { path: params.path })
  }
  if (params.src !== undefined && state !== 'link' && state !== 'hard') {
    throw new FileModuleFailure("src option requires state to be 'link' or 'hard'", { path: params.path })
  }
  return state
}

/** Without a value, times are preserved, except that touch sets them to now. */
function timeSetting(value: string | undefined, format: string, state: string): TimeSetting {
  if (value === undefined) return state === 'touch' ? 'now' : null
  return parseTimeSetting(value, format)
}
