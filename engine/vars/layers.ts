// Merging variable layers, lowest precedence first. A layer marked `unsafe` holds values
// that came from a target (facts, registered results): Ansible never templates those.
import { copyFloatMark } from '../load/float-marks.js'

export interface VarLayer {
  values: Record<string, unknown> | undefined
  unsafe?: boolean
}

export interface MergedVars {
  values: Record<string, unknown>
  /** Keys whose winning value must not be templated. */
  unsafe: Set<string>
}

/** Later layers win whole keys (hash_behaviour=replace), or dicts are merged deeply (merge). */
export function mergeLayers(layers: VarLayer[], hashMerge = false): MergedVars {
  const values: Record<string, unknown> = {}
  const unsafe = new Set<string>()
  for (const layer of layers) {
    if (!layer.values) continue
    for (const key of Object.keys(layer.values)) {
      const prev = values[key]
      const next = layer.values[key]
      values[key] = hashMerge && isPlainObject(prev) && isPlainObject(next) ? deepMerge(prev, next) : next
      // A YAML float (2.0) stays a float when it moves between layers (engine/load/float-marks.ts).
      copyFloatMark(layer.values, key, values, key)
      if (layer.unsafe) unsafe.add(key)
      else unsafe.delete(key)
    }
  }
  return { values, unsafe }
}

/** Deep merge for hash_behaviour=merge and the combine-like merges Ansible does of dicts. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key]
    out[key] = isPlainObject(prev) && isPlainObject(value) ? deepMerge(prev, value) : value
    copyFloatMark(isPlainObject(prev) && isPlainObject(value) ? out : over, key, out, key)
  }
  return out
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype
}
