// yaml.dump(value, Dumper=AnsibleDumper, allow_unicode=True, ...) rewritten for template
// values: PyYAML's representer (sorted keys, collections of plain scalars in flow style
// unless told otherwise, YAML 1.1 look-alikes quoted) and libyaml's emitter layout, which
// AnsibleDumper (a CSafeDumper) uses: indentless sequences under keys, 80-column folding.
import { TemplateError } from '../../errors.js'
import { isUndefined } from '../undefined.js'
import { pyCompare } from './python-compare.js'
import { floatRepr, isInt, PyFloat } from './python-float.js'
import { isMapping, isPyPrintable, isString, mappingEntries, typeName } from './python-types.js'
import {
  analyzeScalar,
  chooseScalarStyle,
  writeDoubleQuoted,
  writePlain,
  writeSingleQuoted,
  type YamlSink,
} from './yaml-scalar.js'

/**
 * plainImplicit: written plain, the text reads back as the same type (false for a string
 * like "yes"); quotedImplicit: written quoted, it does too (false for non-strings).
 */
type ScalarNode = { kind: 'scalar'; text: string; plainImplicit: boolean; quotedImplicit: boolean }

type YamlNode =
  | ScalarNode
  | { kind: 'seq'; items: YamlNode[]; flow: boolean }
  | { kind: 'map'; pairs: [YamlNode, YamlNode][]; flow: boolean }

export interface YamlDumpOptions {
  /** Spaces per level (PyYAML accepts 2–9). */
  indent?: number
  /** true: all flow; false: all block; null: flow for collections of scalars only. */
  defaultFlowStyle: boolean | null
  width?: number
  /** Start with '---' (yaml.dump's explicit_start). */
  explicitStart?: boolean
  /** Sort mapping keys (PyYAML's default). */
  sortKeys?: boolean
}

// PyYAML's implicit resolvers: a plain scalar matching one of these is not read back as
// a string, so strings that look like them must be quoted.
const IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
]

const scalar = (text: string, plainImplicit = true, quotedImplicit = false): YamlNode => ({ kind: 'scalar', text, plainImplicit, quotedImplicit })

interface RepresentOptions {
  defaultFlow: boolean | null
  sortKeys: boolean
}

function represent(value: unknown, opts: RepresentOptions): YamlNode {
  if (isUndefined(value)) throw value.error()
  if (value === null || value === undefined) return scalar('null')
  if (typeof value === 'boolean') return scalar(value ? 'true' : 'false')
  if (typeof value === 'bigint') return scalar(value.toString())
  if (typeof value === 'number') return scalar(isInt(value) ? String(value) : yamlFloat(value))
  if (value instanceof PyFloat) return scalar(yamlFloat(value.value))
  if (isString(value)) {
    const text = String(value)
    return scalar(text, !IMPLICIT.some((re) => re.test(text)), true)
  }
  if (Array.isArray(value)) return collection('seq', value.map((v) => represent(v, opts)), opts.defaultFlow)
  const iso = isPyPrintable(value) ? (value as { isoformat?: (sep?: string) => string }).isoformat : undefined
  if (iso) return scalar(iso.call(value, ' '))
  if (isMapping(value)) {
    const entries = opts.sortKeys ? sortedPairs(mappingEntries(value)) : mappingEntries(value)
    const pairs = entries.map(([k, v]) => [represent(k, opts), represent(v, opts)] as [YamlNode, YamlNode])
    return collection('map', pairs, opts.defaultFlow)
  }
  throw new TemplateError(`cannot represent an object: ${typeName(value)}`)
}

function collection(kind: 'seq' | 'map', children: YamlNode[] | [YamlNode, YamlNode][], defaultFlow: boolean | null): YamlNode {
  const flat = (children as (YamlNode | [YamlNode, YamlNode])[]).flat()
  const flow = defaultFlow ?? flat.every((node) => node.kind === 'scalar')
  return kind === 'seq' ? { kind, items: children as YamlNode[], flow } : { kind, pairs: children as [YamlNode, YamlNode][], flow }
}

/** SafeRepresenter.represent_float: 1.0, 1.0e+20, .inf. */
function yamlFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan'
  if (n === Infinity) return '.inf'
  if (n === -Infinity) return '-.inf'
  const text = floatRepr(n).toLowerCase()
  return !text.includes('.') && text.includes('e') ? text.replace('e', '.0e') : text
}

/** Keys sorted as Python sorts them; left as they are when Python could not compare them. */
function sortedPairs(entries: [unknown, unknown][]): [unknown, unknown][] {
  try {
    return [...entries].sort(([a], [b]) => pyCompare(a, b))
  } catch {
    return entries
  }
}

class Emitter implements YamlSink {
  column = 0
  whitespace = true
  indention = true
  private out = ''
  private indent: number | null = null
  private readonly indents: (number | null)[] = []
  private flowLevel = 0

  constructor(
    private readonly bestIndent: number,
    readonly bestWidth: number,
  ) {}

  dump(root: YamlNode, explicitStart: boolean): string {
    if (explicitStart) this.writeIndicator('---', true)
    this.node(root, {})
    this.writeIndent() // implicit document end: libyaml writes no '...'
    return this.out
  }

  write(data: string): void {
    this.out += data
  }

  writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : ` ${indicator}`
    this.whitespace = whitespace
    this.indention = this.indention && indention
    this.column += data.length
    this.out += data
  }

  writeIndent(): void {
    const indent = this.indent ?? 0
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak()
    if (this.column < indent) {
      this.whitespace = true
      this.out += ' '.repeat(indent - this.column)
      this.column = indent
    }
  }

  writeLineBreak(data = '\n'): void {
    this.whitespace = this.indention = true
    this.column = 0
    this.out += data
  }

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent)
    if (this.indent === null) this.indent = flow ? this.bestIndent : 0
    else if (!indentless) this.indent += this.bestIndent
  }

  private popIndent(): void {
    this.indent = this.indents.pop() ?? null
  }

  private node(node: YamlNode, ctx: { mapping?: boolean; simpleKey?: boolean }): void {
    if (node.kind === 'scalar') {
      this.increaseIndent(true)
      this.scalar(node, ctx)
      this.popIndent()
    } else if (node.kind === 'seq') {
      if (this.flowLevel || node.flow || node.items.length === 0) this.flowSequence(node.items)
      else this.blockSequence(node.items, ctx.mapping === true)
    } else if (this.flowLevel || node.flow || node.pairs.length === 0) {
      this.flowMapping(node.pairs)
    } else {
      this.blockMapping(node.pairs)
    }
  }

  private scalar(node: ScalarNode, ctx: { simpleKey?: boolean }): void {
    const analysis = analyzeScalar(node.text)
    const style = chooseScalarStyle(analysis, node.plainImplicit, this.flowLevel > 0, ctx.simpleKey === true)
    const split = !ctx.simpleKey
    // A quoted non-string (a datetime inside flow style) gets libyaml's non-specific tag.
    if (style !== '' && !node.quotedImplicit) this.writeIndicator('!', true)
    if (style === '"') writeDoubleQuoted(this, node.text, split)
    else if (style === "'") writeSingleQuoted(this, node.text, split)
    else writePlain(this, node.text, split)
  }

  private flowSequence(items: YamlNode[]): void {
    this.writeIndicator('[', true, true)
    this.flowLevel++
    this.increaseIndent(true)
    items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false)
      if (this.column > this.bestWidth) this.writeIndent()
      this.node(item, {})
    })
    this.popIndent()
    this.flowLevel--
    this.writeIndicator(']', false)
  }

  private flowMapping(pairs: [YamlNode, YamlNode][]): void {
    this.writeIndicator('{', true, true)
    this.flowLevel++
    this.increaseIndent(true)
    pairs.forEach(([key, value], i) => {
      if (i > 0) this.writeIndicator(',', false)
      if (this.column > this.bestWidth) this.writeIndent()
      if (isSimpleKey(key)) {
        this.node(key, { mapping: true, simpleKey: true })
        this.writeIndicator(':', false)
      } else {
        this.writeIndicator('?', true)
        this.node(key, { mapping: true })
        if (this.column > this.bestWidth) this.writeIndent()
        this.writeIndicator(':', true)
      }
      this.node(value, { mapping: true })
    })
    this.popIndent()
    this.flowLevel--
    this.writeIndicator('}', false)
  }

  private blockSequence(items: YamlNode[], inMapping: boolean): void {
    this.increaseIndent(false, inMapping && !this.indention)
    for (const item of items) {
      this.writeIndent()
      this.writeIndicator('-', true, false, true)
      this.node(item, {})
    }
    this.popIndent()
  }

  private blockMapping(pairs: [YamlNode, YamlNode][]): void {
    this.increaseIndent(false)
    for (const [key, value] of pairs) {
      this.writeIndent()
      if (isSimpleKey(key)) {
        this.node(key, { mapping: true, simpleKey: true })
        this.writeIndicator(':', false)
      } else {
        this.writeIndicator('?', true, false, true)
        this.node(key, { mapping: true })
        this.writeIndent()
        this.writeIndicator(':', true, false, true)
      }
      this.node(value, { mapping: true })
    }
    this.popIndent()
  }
}

/** A key written as `key:` rather than `? key`: single-line scalars of at most 128 bytes, empty collections. */
function isSimpleKey(node: YamlNode): boolean {
  if (node.kind === 'seq') return node.items.length === 0
  if (node.kind === 'map') return node.pairs.length === 0
  return Buffer.byteLength(node.text, 'utf8') <= 128 && !analyzeScalar(node.text).multiline
}

/** yaml.dump(value, Dumper=AnsibleDumper, allow_unicode=True, ...). */
export function pyYamlDump(value: unknown, opts: YamlDumpOptions): string {
  const indent = opts.indent !== undefined && opts.indent > 1 && opts.indent < 10 ? opts.indent : 2
  const width = opts.width !== undefined && opts.width > indent * 2 ? opts.width : 80
  const root = represent(value, { defaultFlow: opts.defaultFlowStyle, sortKeys: opts.sortKeys ?? true })
  return new Emitter(indent, width).dump(root, opts.explicitStart === true)
}
