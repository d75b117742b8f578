// YAML and JSON as ansible reads inventory and vars files: JSON first, then YAML with
// PyYAML's YAML 1.1 rules (yes/no/on/off are booleans, 0644 is octal, 1:30 is 90, but
// `y`, `n`, `1e3` and dates stay strings), with positions for error messages.

import { isScalar, LineCounter, parseDocument, visit, type Document, type Node, type Tags } from 'yaml'
import { ParseError, type SourcePos } from '../errors.js'
import { decryptedText, inlineVaultValue } from '../vault/keyring.js'

const BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/
const INT_RE =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/

/** Split off the sign the way PyYAML's constructors do. */
function signed(text: string): { sign: number; digits: string } {
  const clean = text.replaceAll('_', '')
  const sign = clean[0] === '-' ? -1 : 1
  return { sign, digits: /^[-+]/.test(clean) ? clean.slice(1) : clean }
}

function sexagesimal(digits: string): number {
  return digits.split(':').reduce((total, part) => total * 60 + Number(part), 0)
}

function resolveInt(text: string): number {
  const { sign, digits } = signed(text)
  if (digits === '0') return 0
  if (digits.startsWith('0b')) return sign * parseInt(digits.slice(2), 2)
  if (digits.startsWith('0x')) return sign * parseInt(digits.slice(2), 16)
  if (digits[0] === '0') return sign * parseInt(digits, 8)
  if (digits.includes(':')) return sign * sexagesimal(digits)
  return sign * Number(digits)
}

function resolveFloat(text: string): number {
  const { sign, digits } = signed(text.toLowerCase())
  if (digits === '.inf') return sign * Infinity
  if (digits === '.nan') return NaN
  if (digits.includes(':')) return sign * sexagesimal(digits)
  return sign * Number(digits)
}

const BOOL = 'tag:yaml.org,2002:bool'
const INT = 'tag:yaml.org,2002:int'
const FLOAT = 'tag:yaml.org,2002:float'
const TIMESTAMP = 'tag:yaml.org,2002:timestamp'

const pyyamlScalars: Tags = [
  { tag: BOOL, default: true, test: BOOL_RE, resolve: (s: string) => ['yes', 'true', 'on'].includes(s.toLowerCase()) },
  { tag: INT, default: true, test: INT_RE, resolve: resolveInt },
  { tag: FLOAT, default: true, test: FLOAT_RE, resolve: resolveFloat },
  // !unsafe marks text ansible must not template; the text itself is what we keep.
  { tag: '!unsafe', resolve: (s: string) => s },
]

/** Inline `!vault` values of `file`: decrypted, or locked (an error where used) when no secret fits. */
function vaultTag(file: string): Tags[number] {
  return {
    tag: '!vault',
    resolve: (text: string) => inlineVaultValue(text, { name: `a !vault value in ${file}` }),
  }
}

/** The yaml-1.1 schema with PyYAML's implicit scalar rules in place of the yaml package's. */
function pyyamlTags(tags: Tags): Tags {
  const replaced = new Set([BOOL, INT, FLOAT, TIMESTAMP])
  const kept = tags.filter((t) => typeof t === 'string' || !(replaced.has(t.tag) && 'test' in t && t.test))
  return [...pyyamlScalars, ...kept]
}

export interface YamlSource {
  doc: Document.Parsed
  file: string
  lines: LineCounter
}

export function positionAt(source: Pick<YamlSource, 'file' | 'lines'>, offset: number): SourcePos {
  const { line, col } = source.lines.linePos(offset)
  return { file: source.file, line, column: col }
}

export function positionOf(source: YamlSource, node: Node | null | undefined): SourcePos {
  return positionAt(source, node?.range?.[0] ?? 0)
}

/** Parse one YAML document; syntax errors and unknown tags are ParseErrors with their position. */
export function parseYaml(text: string, file: string): YamlSource {
  // A file encrypted with ansible-vault: positions are those of the decrypted text.
  text = decryptedText(text, file)
  const lines = new LineCounter()
  const customTags = (tags: Tags) => [...pyyamlTags(tags), vaultTag(file)]
  const doc = parseDocument(text, { version: '1.1', schema: 'yaml-1.1', customTags, uniqueKeys: false, lineCounter: lines })
  const problem = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED')
  if (problem) {
    const message = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:$/, '')
    throw new ParseError(message, { pos: positionAt({ file, lines }, problem.pos[0]) })
  }
  return { doc, file, lines }
}

/** Duplicate keys: ansible keeps the last value and warns; so do we. */
export function warnDuplicateKeys(source: YamlSource, warn: (msg: string) => void): void {
  visit(source.doc, {
    Map(_, map) {
      const seen = new Set<unknown>()
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key
        if (seen.has(key)) {
          const pos = positionOf(source, pair.key as Node)
          warn(`${pos.file}:${pos.line}:${pos.column}: found a duplicate dict key (${String(key)}); using last defined value only`)
        }
        seen.add(key)
      }
    },
  })
}

/** The data of a vars or inventory file: JSON if it parses as JSON, else YAML (null when empty). */
export function loadDataFile(text: string, file: string, warn?: (msg: string) => void): unknown {
  try {
    return JSON.parse(text)
  } catch {
    // not JSON: read it as YAML below
  }
  const source = parseYaml(text, file)
  if (warn) warnDuplicateKeys(source, warn)
  return source.doc.toJS()
}
