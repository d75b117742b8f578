// stat: facts about a path on the target — type, mode ("0644"), owner, size, times,
// what the task's user may do with it, link target, checksum, MIME type, attributes —
// as Ansible's stat module returns them under `stat` (`exists: false` when missing).
import { defineModule, ok } from '../engine/module.js'
import { guarded } from './lib/files/failure.js'
import { expandUser } from './lib/files/paths.js'
import { probePath } from './lib/files/stat-probe.js'

export interface StatParams {
  path: string
  follow: boolean
  get_checksum: boolean
  checksum_algorithm: 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512'
  get_md5: boolean
  get_mime: boolean
  get_attributes: boolean
}

export default defineModule<StatParams>({
  name: 'stat',
  description:
    'Facts about a path on the target under `stat`: exists, isdir/isreg/islnk…, mode as "0644", uid/gid and ' +
    'pw_name/gr_name, size, times, readable/writeable/executable for the task user, lnk_source/lnk_target, checksum ' +
    '(sha1 by default), mimetype and charset, attributes. Never changes anything.',
  aliases: {
    path: ['dest', 'name'],
    checksum_algorithm: ['checksum', 'checksum_algo'],
    get_mime: ['mime', 'mime_type', 'mime-type'],
    get_attributes: ['attr', 'attributes'],
  },
  params: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', description: 'The path to look at.' },
      follow: { type: 'boolean', default: false, description: 'Describe what a symlink points to instead of the link.' },
      get_checksum: { type: 'boolean', default: true, description: 'Checksum of a readable regular file.' },
      checksum_algorithm: {
        enum: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'],
        default: 'sha1',
        description: 'Algorithm of the checksum.',
      },
      get_md5: { type: 'boolean', default: false, description: 'Also return md5 (deprecated in Ansible; use checksum_algorithm).' },
      get_mime: { type: 'boolean', default: true, description: 'Return mimetype and charset (from the `file` command).' },
      get_attributes: { type: 'boolean', default: true, description: 'Return version, attributes and attr_flags (from lsattr).' },
    },
  },
  examples: [
    `- name: Is the undercloud installed?
  stat:
    path: /home/stack/undercloud-passwords.conf
  register: passwords`,
    `- name: Checksum of an image
  stat:
    path: /var/lib/libvirt/images/overcloud-full.qcow2
    checksum_algorithm: sha256
    get_mime: false`,
  ],
  run: (host, p) =>
    guarded(async () => {
      const path = await expandUser(host, p.path)
      const stat = await probePath(host, path, {
        follow: p.follow,
        checksumAlgorithm: p.get_checksum ? p.checksum_algorithm : undefined,
        md5: p.get_md5,
        mime: p.get_mime,
        attributes: p.get_attributes,
      })
      return ok({ stat })
    }),
})
