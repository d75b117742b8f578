// Copying user-written keys into a fresh object: a key named `__proto__` (legal in
// YAML) must become data, not replace the object's prototype.

/** `target[key] = value`, safe for any key. */
export function assignKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}
