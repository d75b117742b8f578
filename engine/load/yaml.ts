// YAML files read the way Ansible reads them (PyYAML, YAML 1.1 scalars, merge keys,
// duplicate keys warned about and the later one kept), into plain JS values whose
// mappings and sequences — and each mapping key — have their source position recorded
// in position.ts. A float with an integral value (`1.0`) is a plain number marked as a
// float in float-marks.ts, so templates print it as Python does.
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import {
  Composer,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node as YamlNode,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml'
import { ParseError, TsplayError, type SourcePos } from '../errors.js'
import { assignKey } from './assign-key.js'
import { isFloatSlot, markFloat, noteChild } from './float-marks.js'
import { getKeyPos, setKeyPos, setPos } from './position.js'
import { markUnsafe, unsafeText } from './unsafe.js'
import { decryptedText, inlineVaultValue } from '../vault/keyring.js'
import type { LockedVaultValue } from '../vault/vault.js'
import { yamlSyntaxError } from './yaml-errors.js'
import { lenientTokens } from './yaml-tokens.js'
import {
  constructFloat,
  constructInt,
  constructTimestamp,
  isFloatText,
  pythonKeyString,
  resolvePlainScalar,
} from './yaml-scalars.js'

export type YamlWarningHandler = (message: string, pos: SourcePos) => void

export interface YamlLoadOptions {
  /** Receives non-fatal findings (duplicate keys). Default: print `[WARNING]: …` on stderr. */
  onWarning?: YamlWarningHandler
}

const printWarning: YamlWarningHandler = (message) => {
  process.stderr.write(`[WARNING]: ${message}\n`)
}

const TAG = 'tag:yaml.org,2002:'

/** Parse one YAML document from `text` (read from `file`). Empty input yields null. */
export function parseYaml(text: string, file: string, opts: YamlLoadOptions = {}): unknown {
  return parseYamlDocument(text, file, opts).value
}

/**
 * parseYaml, also telling whether the document is a lone float with an integral value
 * (`1.0`), which no container can mark (from_yaml needs to know).
 */
export function parseYamlDocument(text: string, file: string, opts: YamlLoadOptions = {}): { value: unknown; rootIsFloat: boolean } {
  // A whole file encrypted with ansible-vault: its positions are those of the decrypted text.
  text = decryptedText(text, file)
  const lineCounter = new LineCounter()
  const composer = new Composer({
    version: '1.1',
    schema: 'failsafe', // scalars are resolved by yaml-scalars.ts, PyYAML's way
    uniqueKeys: false, // duplicates are a warning, as in Ansible
    merge: false, // `<<` is handled below, with PyYAML's precedence
  })
  const documents = [...composer.compose(lenientTokens(text, lineCounter.addNewLine))]
  const pos = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset)
    return { file, line, column: col }
  }
  for (const doc of documents) {
    const error = doc.errors[0]
    if (error) throw yamlSyntaxError(error.message, text, pos(error.pos[0]))
  }
  if (documents.length > 1) {
    throw yamlSyntaxError('expected a single document in the stream, but found another document', text, pos(documents[1]!.range[0]))
  }
  const contents = documents[0]?.contents
  if (!contents) return { value: null, rootIsFloat: false }
  const [value, rootIsFloat] = new ValueBuilder(text, pos, opts.onWarning ?? printWarning).buildItem(contents)
  return { value, rootIsFloat }
}

/** Read and parse a YAML file. */
export async function loadYamlFile(path: string, opts: YamlLoadOptions = {}): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw unreadable(path, err)
  }
  return parseYaml(text, path, opts)
}

/** Read and parse a YAML file, synchronously (for loaders that cannot await). */
export function loadYamlFileSync(path: string, opts: YamlLoadOptions = {}): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw unreadable(path, err)
  }
  return parseYaml(text, path, opts)
}

function unreadable(path: string, err: unknown): TsplayError {
  const code = (err as NodeJS.ErrnoException).code
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String((err as Error).message)
  return new TsplayError(`Could not find or access '${path}': ${why}`, { cause: err })
}

/** Turns the yaml package's node tree into plain values, recording positions on the way. */
class ValueBuilder {
  /** Values of anchored nodes, by anchor name; a later anchor of the same name replaces it, as in YAML. */
  private readonly anchors = new Map<string, unknown>()
  /** Anchors whose value is a float JS would show as an int. */
  private readonly floatAnchors = new Set<string>()

  constructor(
    private readonly text: string,
    private readonly pos: (offset: number) => SourcePos,
    private readonly warn: YamlWarningHandler,
  ) {}

  build(node: unknown): unknown {
    if (node === null || node === undefined) return null
    if (isAlias(node)) {
      if (!this.anchors.has(node.source)) throw this.error(`found undefined alias '${node.source}'`, node as YamlNode)
      return this.anchors.get(node.source)
    }
    if (isScalar(node)) return this.remember(node, this.scalar(node))
    if (isMap(node)) return this.withCollectionTag(node, this.mapping(node as YAMLMap<unknown, unknown>))
    if (isSeq(node)) return this.withCollectionTag(node, this.sequence(node as YAMLSeq<unknown>))
    throw this.error('unexpected YAML node', node as YamlNode)
  }

  private remember<T>(node: YamlNode, value: T): T {
    if (!node.anchor) return value
    this.anchors.set(node.anchor, value)
    if (isScalar(node) && isFloatScalar(node)) this.floatAnchors.add(node.anchor)
    else this.floatAnchors.delete(node.anchor)
    return value
  }

  /** A node's value, and whether it is a float with an integral value (`1.0`, `!!float 5`). */
  buildItem(node: unknown): [unknown, boolean] {
    const value = this.build(node)
    if (typeof value !== 'number') return [value, false]
    return [value, isAlias(node) ? this.floatAnchors.has(node.source) : isScalar(node) && isFloatScalar(node)]
  }

  private startOf(node: YamlNode): SourcePos {
    return this.pos(node.range?.[0] ?? 0)
  }

  private error(problem: string, node: YamlNode, offset = node.range?.[0] ?? 0): ParseError {
    return yamlSyntaxError(problem, this.text, this.pos(offset))
  }

  /** Where a tagged node's tag was written (the node's range starts after its properties). */
  private tagOffset(node: YamlNode): number {
    let at = node.range?.[0] ?? 0
    for (let property = 0; property < 2; property++) {
      let end = at
      while (end > 0 && /[ \t]/.test(this.text[end - 1]!)) end--
      let start = end
      while (start > 0 && !/\s/.test(this.text[start - 1]!)) start--
      const word = this.text.slice(start, end)
      if (word.startsWith('!')) return start
      if (!word.startsWith('&')) break
      at = start // an anchor may stand between the tag and the value
    }
    return node.range?.[0] ?? 0
  }

  private scalar(node: Scalar): unknown {
    const text = this.atEndOfInputFix(node, String(node.value ?? ''))
    const tag = node.tag
    if (tag === undefined) return node.type === 'PLAIN' ? resolvePlainScalar(text) : text
    const explicit = tag.startsWith(TAG) ? tag.slice(TAG.length) : tag
    switch (explicit) {
      case '!': // the non-specific tag: a string
      case 'str':
        return text
      case 'null':
        return null
      case 'bool':
        return this.explicitBool(text, node)
      case 'int':
        return this.explicitNumber(constructInt(text), 'int', text, node)
      case 'float':
        return this.explicitNumber(constructFloat(text) ?? constructInt(text), 'float', text, node)
      case 'timestamp':
        return constructTimestamp(text) ?? this.badScalar('timestamp', text, node)
      case '!unsafe':
        return unsafeText(text)
      case '!vault':
      case '!vault-encrypted':
        return this.vaulted(text, node)
      default:
        throw this.unsupportedTag(tag, node)
    }
  }

  /**
   * A block scalar (`|`, `>`) that runs to the end of a file without a final newline has
   * no line break to keep: PyYAML adds none, the `yaml` package adds one.
   */
  private atEndOfInputFix(node: Scalar, value: string): string {
    const isBlock = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED'
    const atEnd = (node.range?.[1] ?? 0) >= this.text.length && !this.text.endsWith('\n')
    return isBlock && atEnd && value.endsWith('\n') ? value.slice(0, -1) : value
  }

  private explicitBool(text: string, node: Scalar): boolean {
    const lower = text.toLowerCase()
    if (['yes', 'true', 'on'].includes(lower)) return true
    if (['no', 'false', 'off'].includes(lower)) return false
    return this.badScalar('bool', text, node)
  }

  private explicitNumber(value: number | undefined, type: string, text: string, node: Scalar): number {
    return value ?? this.badScalar(type, text, node)
  }

  private badScalar(type: string, text: string, node: YamlNode): never {
    throw this.error(`'${text}' is not a valid !!${type} value`, node, this.tagOffset(node))
  }

  /** An inline `!vault |` value, decrypted with the run's vault secrets; locked (failing where used) when none fits. */
  private vaulted(text: string, node: Scalar): string | LockedVaultValue {
    return inlineVaultValue(text, { pos: this.pos(this.tagOffset(node)) })
  }

  private unsupportedTag(tag: string, node: YamlNode): ParseError {
    return this.error(`could not determine a constructor for the tag '${tag}'`, node, this.tagOffset(node))
  }

  private withCollectionTag(node: YamlNode, value: unknown): unknown {
    const tag = node.tag
    if (tag === undefined || tag === '!' || tag === `${TAG}map` || tag === `${TAG}seq`) return value
    if (tag === '!unsafe') return markUnsafe(value)
    throw this.unsupportedTag(tag, node)
  }

  private sequence(node: YAMLSeq<unknown>): unknown[] {
    const out: unknown[] = []
    setPos(out, this.startOf(node))
    this.remember(node, out) // before the items: an item may refer back to its sequence
    for (const item of node.items) {
      const [value, isFloat] = this.buildItem(item)
      out.push(value)
      recordFloat(out, out.length - 1, value, isFloat)
    }
    return out
  }

  private mapping(node: YAMLMap<unknown, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    const where = this.startOf(node)
    setPos(out, where)
    this.remember(node, out)
    const merged: Entry[] = []
    const written: Entry[] = []
    const seen = new Set<string>()
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        merged.push(...this.mergeEntries(pair.value, pair.key as YamlNode))
        continue
      }
      const key = this.key(pair.key)
      const keyPos = pair.key ? this.startOf(pair.key as YamlNode) : where
      if (seen.has(key)) this.warnDuplicate(key, where, keyPos)
      seen.add(key)
      written.push([key, ...this.buildItem(pair.value), keyPos])
    }
    // As in PyYAML, merged entries come first so that the mapping's own keys override them.
    for (const [key, value, isFloat, keyPos] of [...merged, ...written]) {
      assignKey(out, key, value)
      recordFloat(out, key, value, isFloat)
      if (keyPos) setKeyPos(out, key, keyPos)
    }
    return out
  }

  private key(keyNode: unknown): string {
    if (keyNode === null || keyNode === undefined) return 'None'
    const value = isMap(keyNode) || isSeq(keyNode) ? keyNode : this.build(keyNode)
    if (value !== null && typeof value === 'object') {
      const what = isSeq(keyNode) || Array.isArray(value) ? 'a sequence' : 'a mapping'
      throw this.error(`found unacceptable key (${what} cannot be used as a key)`, keyNode as YamlNode)
    }
    return pythonKeyString(value)
  }

  /** The entries a `<<` key brings in, in PyYAML's order (the first listed mapping wins). */
  private mergeEntries(valueNode: unknown, keyNode: YamlNode): Entry[] {
    const value = this.build(valueNode)
    const sources = Array.isArray(value) ? [...value].reverse() : [value]
    const entries: Entry[] = []
    for (const source of sources) {
      if (source === null || typeof source !== 'object' || Array.isArray(source)) {
        const found = Array.isArray(value) ? 'a list containing a non-mapping' : describeNode(value)
        throw this.error(`expected a mapping or list of mappings for merging, but found ${found}`, keyNode)
      }
      for (const [k, v] of Object.entries(source)) entries.push([k, v, isFloatSlot(source, k, v), getKeyPos(source, k)])
    }
    return entries
  }

  private warnDuplicate(key: string, mapPos: SourcePos, keyPos: SourcePos): void {
    this.warn(
      `While constructing a mapping from ${mapPos.file}, line ${mapPos.line}, column ${mapPos.column}, ` +
        `found a duplicate dict key (${key}). Using last defined value only.`,
      keyPos,
    )
  }
}

/** A mapping entry: key, value, whether the value is an integral float, where the key was written. */
type Entry = [string, unknown, boolean, SourcePos | undefined]

function isFloatScalar(node: Scalar): boolean {
  const tag = node.tag
  if (tag === undefined) return node.type === 'PLAIN' && isFloatText(String(node.value ?? ''))
  return tag === 'float' || tag === `${TAG}float`
}

function recordFloat(container: object, key: string | number, value: unknown, isFloat: boolean): void {
  if (isFloat) markFloat(container, key, value as number)
  else noteChild(container, value)
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.value === '<<' && key.type === 'PLAIN' && (key.tag === undefined || key.tag === `${TAG}merge`)
}

function describeNode(value: unknown): string {
  if (value === null) return 'null'
  return typeof value === 'object' ? 'a sequence' : 'a scalar'
}
