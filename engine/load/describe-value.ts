// Short descriptions of values for error messages: "the string 'maybe'", "a list".

const MAX_SHOWN = 40

function shorten(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text
}

/** What a value is, with the value itself when it is short enough to help. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty (null)'
  if (typeof value === 'string') return value === '' ? 'an empty string' : `the string '${shorten(value)}'`
  if (typeof value === 'boolean') return `the boolean ${value}`
  if (typeof value === 'number') return `the number ${value}`
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list'
  if (typeof value === 'object') return 'a mapping'
  return `a ${typeof value}`
}

/** Python's name for the type of a value, as Ansible's messages use it (str, int, dict …). */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType'
  if (typeof value === 'string') return 'str'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float'
  if (Array.isArray(value)) return 'list'
  return typeof value === 'object' ? 'dict' : typeof value
}
