// Python's str()/repr() of plain data, because Ansible prints loop labels with "%s":
// (item=web1) for a string, (item={'name': 'web1', 'up': True}) for a dict.

/** str(value): strings as they are, everything else as repr. */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value)
}

export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  switch (typeof value) {
    case 'string': return reprString(value)
    case 'boolean': return value ? 'True' : 'False'
    case 'number': return reprNumber(value)
    case 'bigint': return value.toString()
    case 'object': break
    default: return reprString(String(value))
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`
  if (value instanceof Set) return value.size === 0 ? 'set()' : `{${[...value].map(pythonRepr).join(', ')}}`
  if (value instanceof Date) return reprString(value.toISOString())
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object)
  return `{${entries.map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`
}

function reprNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan'
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf'
  return String(n)
}

/** Single quotes unless the text has a ' and no ", like Python; escapes as Python does. */
function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = ''
  for (const ch of s) out += escapeChar(ch, quote)
  return quote + out + quote
}

function escapeChar(ch: string, quote: string): string {
  switch (ch) {
    case '\\': return '\\\\'
    case '\n': return '\\n'
    case '\r': return '\\r'
    case '\t': return '\\t'
    case quote: return '\\' + quote
  }
  const cp = ch.codePointAt(0)!
  if (cp < 0x20 || cp === 0x7f) return '\\x' + cp.toString(16).padStart(2, '0')
  if (cp >= 0x80 && cp < 0xa0) return '\\x' + cp.toString(16).padStart(2, '0')
  return ch
}
