// Variables are templated when read, not when defined, so `chain: "{{ a }}-{{ b }}"`
// sees whichever `a` and `b` won. A Proxy renders each name on first access and
// remembers the result for the rest of this task.
import { TemplateError } from '../errors.js'
import type { MergedVars } from './layers.js'
import { aliasFloatMarks } from '../load/float-marks.js'
import { LockedVaultValue } from '../vault/vault.js'

export type RenderFn = (value: unknown, vars: Record<string, unknown>, name: string) => unknown

export function lazyVars(merged: MergedVars, render: RenderFn, natives: Record<string, unknown> = {}): Record<string, unknown> {
  const cache = new Map<string, unknown>()
  const rendering = new Set<string>()
  const target = Object.create(null) as Record<string, unknown>
  const proxy: Record<string, unknown> = new Proxy(target, {
    get(_t, name) {
      if (typeof name !== 'string') return undefined
      if (Object.hasOwn(natives, name)) return natives[name]
      if (cache.has(name)) return cache.get(name)
      if (!Object.hasOwn(merged.values, name)) return undefined
      const raw = merged.values[name]
      if (raw instanceof LockedVaultValue) throw raw.error
      if (merged.unsafe.has(name) || !mayContainTemplate(raw)) {
        cache.set(name, raw)
        return raw
      }
      if (rendering.has(name)) {
        throw new TemplateError(`recursive loop detected in template string: the variable '${name}' refers to itself`)
      }
      rendering.add(name)
      try {
        const value = render(raw, proxy, name)
        cache.set(name, value)
        return value
      } finally {
        rendering.delete(name)
      }
    },
    has(_t, name) {
      return typeof name === 'string' && (Object.hasOwn(natives, name) || Object.hasOwn(merged.values, name))
    },
    ownKeys() {
      return [...new Set([...Object.keys(merged.values), ...Object.keys(natives)])]
    },
    getOwnPropertyDescriptor(_t, name) {
      if (typeof name !== 'string' || !(Object.hasOwn(natives, name) || Object.hasOwn(merged.values, name))) return undefined
      // Listing keys must not render every variable: the value is read only when asked for.
      return { enumerable: true, configurable: true, get: () => proxy[name] }
    },
  })
  // Floats marked in the layers stay floats when read through the proxy.
  aliasFloatMarks(proxy, natives, merged.values)
  return proxy
}

/** Cheap pre-check so plain values skip the template engine entirely. */
export function mayContainTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%') || value.includes('{#')
  if (Array.isArray(value)) return value.some(mayContainTemplate)
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, inner]) => mayContainTemplate(key) || mayContainTemplate(inner))
  }
  return false
}
