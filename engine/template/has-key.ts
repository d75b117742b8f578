// Asking a mapping for one key without enumerating it: variables may be a lazy object
// (a Proxy whose reads render templates) or inherit layers through their prototype.

/**
 * Does a (possibly lazy) object have `key` as a variable, never as an inherited builtin
 * such as `toString`? Only names Object.prototype also has need the own-property check,
 * which on a lazy proxy may render the value.
 */
export function hasKey(obj: object, key: string): boolean {
  if (!(key in obj)) return false
  return !(key in Object.prototype) || Object.prototype.hasOwnProperty.call(obj, key)
}
