// Reading the render's variables without enumerating them: they may be a lazy object
// whose getters template each value on first use (and hostvars behind it).
import { hasKey } from './has-key.js'
import type { VarSource } from './scope.js'

const ABSENT = Symbol('absent')

function readFrom(source: VarSource, name: string): unknown {
  if (source instanceof Map) return source.has(name) ? source.get(name) : ABSENT
  return hasKey(source, name) ? source[name] : ABSENT
}

/**
 * The variable's value if it is defined and can be read, else undefined. Used for
 * Ansible's single-variable shortcut, which must not fail where templating would not.
 */
export function peekVariable(sources: VarSource[], name: string): unknown {
  for (const source of sources) {
    try {
      const value = readFrom(source, name)
      if (value !== ABSENT) return value
    } catch {
      return undefined
    }
  }
  return undefined
}

/** One object that reads through several variable layers, first match wins, still lazily. */
export function layeredVars(sources: VarSource[]): Record<string, unknown> {
  if (sources.length === 1 && !(sources[0] instanceof Map)) return sources[0] as Record<string, unknown>
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get: (_target, name) => {
      if (typeof name !== 'string') return undefined
      for (const source of sources) {
        const value = readFrom(source, name)
        if (value !== ABSENT) return value
      }
      return undefined
    },
    has: (_target, name) => typeof name === 'string' && sources.some((s) => (s instanceof Map ? s.has(name) : hasKey(s, name))),
  })
}
