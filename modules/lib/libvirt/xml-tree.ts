// A small element tree for libvirt XML: parsed with fast-xml-parser (a maintained
// parser, so nothing here reads XML with regular expressions), built by the modules,
// and printed the way virsh prints it (two-space indent, single-quoted attributes).
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { TsplayError } from '../../../engine/errors.js'

export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  /** Text content (trimmed); libvirt elements hold either text or child elements. */
  text?: string
}

/** The parser's ordered form: `{ tag: [children], ':@': {attrs} }` or `{ '#text': value }`. */
type OrderedNode = Record<string, unknown>

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
})

/** An element; `children` may hold undefined/false for parts that do not apply. */
export function el(name: string, attrs: Record<string, string | number | undefined> = {}, children: (XmlElement | undefined | false)[] = [], text?: string): XmlElement {
  const kept: Record<string, string> = {}
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) kept[key] = String(value)
  const element: XmlElement = { name, attrs: kept, children: children.filter((c): c is XmlElement => Boolean(c)) }
  if (text !== undefined) element.text = text
  return element
}

/** Parse a document; `what` names it in errors ("network 'x' XML"). */
export function parseXml(source: string, what: string): XmlElement {
  const valid = XMLValidator.validate(source)
  if (valid !== true) {
    throw new TsplayError(`${what} is not well-formed XML (line ${valid.err.line}, column ${valid.err.col}): ${valid.err.msg}`)
  }
  const roots = (parser.parse(source) as OrderedNode[]).map(toElement).filter((e): e is XmlElement => e !== undefined)
  if (roots.length !== 1) throw new TsplayError(`${what} must have exactly one root element, found ${roots.length}`)
  return roots[0]!
}

function toElement(node: OrderedNode): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ':@')
  // Processing instructions (<?xml ?>) and bare text at the top level are not elements.
  if (name === undefined || name === '#text' || name.startsWith('?')) return undefined
  const attrs = { ...((node[':@'] as Record<string, string> | undefined) ?? {}) }
  const children: XmlElement[] = []
  const texts: string[] = []
  for (const inner of node[name] as OrderedNode[]) {
    if ('#text' in inner) texts.push(String(inner['#text']))
    else {
      const child = toElement(inner)
      if (child) children.push(child)
    }
  }
  const element: XmlElement = { name, attrs, children }
  const text = texts.join('').trim()
  if (text !== '') element.text = text
  return element
}

/** The XML text, indented like virsh's output, ending with a newline. */
export function renderXml(root: XmlElement): string {
  const lines: string[] = []
  const visit = (e: XmlElement, depth: number) => {
    const pad = '  '.repeat(depth)
    const attrs = Object.entries(e.attrs).map(([k, v]) => ` ${k}='${escapeAttr(v)}'`).join('')
    if (e.children.length === 0 && e.text === undefined) lines.push(`${pad}<${e.name}${attrs}/>`)
    else if (e.children.length === 0) lines.push(`${pad}<${e.name}${attrs}>${escapeText(e.text!)}</${e.name}>`)
    else {
      lines.push(`${pad}<${e.name}${attrs}>${e.text !== undefined ? escapeText(e.text) : ''}`)
      for (const child of e.children) visit(child, depth + 1)
      lines.push(`${pad}</${e.name}>`)
    }
  }
  visit(root, 0)
  return `${lines.join('\n')}\n`
}

function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

function escapeAttr(value: string): string {
  return escapeText(value).replaceAll("'", '&apos;').replaceAll('"', '&quot;')
}

/** The first child named `name`. */
export function childOf(e: XmlElement | undefined, name: string): XmlElement | undefined {
  return e?.children.find((c) => c.name === name)
}

/** All children named `name`. */
export function childrenOf(e: XmlElement | undefined, name: string): XmlElement[] {
  return e ? e.children.filter((c) => c.name === name) : []
}

/** The element at a slash path below `e` ('os/type'), first match at each step. */
export function findPath(e: XmlElement | undefined, path: string): XmlElement | undefined {
  return path.split('/').reduce<XmlElement | undefined>((at, step) => childOf(at, step), e)
}

export function cloneXml(e: XmlElement): XmlElement {
  return { ...e, attrs: { ...e.attrs }, children: e.children.map(cloneXml) }
}
