// Ansible's boolean(): the strings it takes as true (any case), else the value's truth.
const TRUE_WORDS = new Set(['yes', 'on', 'true', '1', 'y', 't'])

export function ansibleBool(value: unknown): boolean {
  if (typeof value === 'string') return TRUE_WORDS.has(value.toLowerCase())
  return Boolean(value)
}
