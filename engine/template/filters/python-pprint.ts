// Python's pprint.pformat(value) (width 80, dict keys sorted), for the `pprint` filter:
// one line when it fits, otherwise one element per line aligned under the bracket.
import { pythonRepr, stringRepr } from './python-repr.js'
import { isMapping, isTuple, mappingEntries } from './python-types.js'

const WIDTH = 80

type Entries = [unknown, unknown][]

function sortedEntries(value: Record<string, unknown> | Map<unknown, unknown>): Entries {
  return mappingEntries(value).sort(([a], [b]) => {
    const ka = String(a)
    const kb = String(b)
    return ka < kb ? -1 : ka > kb ? 1 : 0
  })
}

/** repr with dict keys sorted at every level, as pprint shows it. */
function sortedRepr(value: unknown): string {
  if (isTuple(value)) return value.length === 1 ? `(${sortedRepr(value[0])},)` : `(${value.map(sortedRepr).join(', ')})`
  if (Array.isArray(value)) return `[${value.map(sortedRepr).join(', ')}]`
  if (isMapping(value)) return `{${sortedEntries(value).map(([k, v]) => `${sortedRepr(k)}: ${sortedRepr(v)}`).join(', ')}}`
  return pythonRepr(value)
}

export function pformat(value: unknown): string {
  const out: string[] = []
  format(value, out, 0, 0, 0)
  return out.join('')
}

function format(value: unknown, out: string[], indent: number, allowance: number, level: number): void {
  const rep = sortedRepr(value)
  if (rep.length <= WIDTH - indent - allowance) {
    out.push(rep)
    return
  }
  if (isTuple(value)) {
    const end = value.length === 1 ? ',)' : ')'
    out.push('(')
    formatItems(value, out, indent, allowance + end.length, level + 1)
    out.push(end)
  } else if (Array.isArray(value)) {
    out.push('[')
    formatItems(value, out, indent, allowance + 1, level + 1)
    out.push(']')
  } else if (isMapping(value)) {
    out.push('{')
    formatDictItems(sortedEntries(value), out, indent, allowance + 1, level + 1)
    out.push('}')
  } else if (typeof value === 'string' && value.length > 0) {
    formatString(value, out, indent, allowance, level + 1)
  } else {
    out.push(rep)
  }
}

function formatItems(items: unknown[], out: string[], indent: number, allowance: number, level: number): void {
  indent += 1
  items.forEach((item, i) => {
    if (i > 0) out.push(',\n' + ' '.repeat(indent))
    format(item, out, indent, i === items.length - 1 ? allowance : 1, level)
  })
}

function formatDictItems(entries: Entries, out: string[], indent: number, allowance: number, level: number): void {
  indent += 1
  entries.forEach(([key, item], i) => {
    const keyRep = sortedRepr(key)
    if (i > 0) out.push(',\n' + ' '.repeat(indent))
    out.push(`${keyRep}: `)
    format(item, out, indent + keyRep.length + 2, i === entries.length - 1 ? allowance : 1, level)
  })
}

/** Long strings become adjacent literals split after whitespace, wrapped in () at top level. */
function formatString(text: string, out: string[], indent: number, allowance: number, level: number): void {
  if (level === 1) {
    indent += 1
    allowance += 1
  }
  const chunks: string[] = []
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? []
  const maxWidth = WIDTH - indent
  lines.forEach((line, i) => {
    const lastLine = i === lines.length - 1
    const lineWidth = lastLine ? maxWidth - allowance : maxWidth
    if (stringRepr(line).length <= lineWidth) {
      chunks.push(stringRepr(line))
      return
    }
    const parts = line.match(/\S*\s*/g)?.filter((part) => part !== '') ?? []
    let current = ''
    parts.forEach((part, j) => {
      const width = j === parts.length - 1 && lastLine ? maxWidth - allowance : maxWidth
      const candidate = current + part
      if (stringRepr(candidate).length > width) {
        if (current) chunks.push(stringRepr(current))
        current = part
      } else {
        current = candidate
      }
    })
    if (current) chunks.push(stringRepr(current))
  })
  if (chunks.length === 1) {
    out.push(stringRepr(text))
    return
  }
  out.push((level === 1 ? '(' : '') + chunks.join('\n' + ' '.repeat(indent)) + (level === 1 ? ')' : ''))
}
