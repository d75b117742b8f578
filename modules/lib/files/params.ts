// Parameter schemas shared by the file modules: Ansible's "file common arguments".
import type { JsonSchema } from '../../../engine/module.js'

export const fileAttrProperties: Record<string, JsonSchema> = {
  mode: {
    anyOf: [{ type: 'string' }, { type: 'integer' }],
    description:
      'Permissions: an octal string ("0644", "644"), a number (YAML 0644 is 420, used as is), or symbolic ' +
      '("u=rw,g=r,o=r", "u+x", "a-w").',
  },
  owner: { type: 'string', description: 'User that should own the file (name or uid).' },
  group: { type: 'string', description: 'Group that should own the file (name or gid).' },
  unsafe_writes: {
    type: 'boolean',
    description: 'Accepted for compatibility. tsplay always writes atomically (a temporary file renamed into place).',
  },
}

export const backupProperty: JsonSchema = {
  type: 'boolean',
  default: false,
  description: 'Keep a copy of the file as it was, named <path>.<pid>.<date>@<time>~, and return its name as backup_file.',
}

export const validateProperty: JsonSchema = {
  type: 'string',
  description: 'Command that checks the new content before it replaces the file; %s is the path of a temporary copy (e.g. "visudo -cf %s").',
}
