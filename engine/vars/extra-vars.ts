// -e / --extra-vars: `k=v k2=v2`, inline JSON or YAML, or `@file` (YAML/JSON), merged
// in the order given (later wins), as ansible-playbook does.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { OptionsError } from '../errors.js'
import { parseKv } from '../load/kv.js'
import { parseYaml } from '../load/yaml.js'

export function parseExtraVars(values: string[], cwd: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const value of values) Object.assign(out, parseOne(value, cwd))
  return out
}

function parseOne(value: string, cwd: string): Record<string, unknown> {
  const text = value.trim()
  if (text.startsWith('@')) {
    const file = resolve(cwd, text.slice(1))
    let content: string
    try {
      content = readFileSync(file, 'utf8')
    } catch {
      throw new OptionsError(`the extra vars file '${text.slice(1)}' could not be read (looked for ${file})`)
    }
    return asMapping(parseYaml(content, file), text)
  }
  if (text.startsWith('{') || text.startsWith('[')) return asMapping(parseYaml(text, '<extra vars>'), text)
  if (text === '') return {}
  return parseKv(text)
}

function asMapping(data: unknown, source: string): Record<string, unknown> {
  if (data === null || data === undefined) return {}
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new OptionsError(`extra vars must be a mapping of names to values, got: ${source}`)
  }
  return data as Record<string, unknown>
}
