// An OpenStack-style ini file (undercloud.conf, ironic.conf) from a mapping: scalar keys
// go into [DEFAULT], mappings become sections; lists are comma-joined as oslo.config reads them.

export type IniConfig = Record<string, unknown>

function iniValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(iniValue).join(',')
  if (value === null || value === undefined) return ''
  return String(value)
}

function isSection(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Merge section by section: `over` wins per key. */
export function mergeIni(base: IniConfig, over: IniConfig): IniConfig {
  const merged: IniConfig = { ...base }
  for (const [key, value] of Object.entries(over)) {
    const section = isSection(value) ? value : undefined
    const target = key !== 'DEFAULT' && !section ? 'DEFAULT' : key
    const current = (merged[target] as Record<string, unknown> | undefined) ?? {}
    merged[target] = section ? { ...current, ...section } : { ...current, [key]: value }
    if (target !== key) delete merged[key]
  }
  return merged
}

/** The ini text: [DEFAULT] first, then the other sections in the order given. */
export function renderIni(config: IniConfig): string {
  const sections = new Map<string, Record<string, unknown>>([['DEFAULT', {}]])
  for (const [key, value] of Object.entries(config)) {
    if (isSection(value)) sections.set(key, { ...sections.get(key), ...value })
    else sections.get('DEFAULT')![key] = value
  }
  const blocks: string[] = []
  for (const [name, options] of sections) {
    const entries = Object.entries(options)
    if (name === 'DEFAULT' && entries.length === 0) continue
    blocks.push([`[${name}]`, ...entries.map(([k, v]) => `${k} = ${iniValue(v)}`)].join('\n') + '\n')
  }
  return blocks.join('\n')
}
