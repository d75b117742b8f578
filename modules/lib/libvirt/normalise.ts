// Comparing a libvirt definition with the one a task asks for. libvirt stores more than
// it was given (uuid, generated MACs and bridge names, PCI addresses, default devices
// and attributes) and in its own order, so both sides are reduced to what the task
// decides before they are compared, and the diff shows those reduced forms.
import picomatch from 'picomatch'
import { cloneXml, renderXml, type XmlElement } from './xml-tree.js'

/**
 * What to leave out of a comparison. Paths are slash-separated element names from the
 * root ('network/bridge'); picomatch globs are allowed, so one rule can cover the
 * same child of every device. 'path@attr' names an attribute.
 */
export interface XmlRules {
  /** Elements libvirt generates that never decide anything (uuid, addresses). */
  ignore: string[]
  /** Attributes libvirt generates that never decide anything. */
  ignoreAttributes?: string[]
  /** 'path@attr' → the value libvirt writes when the attribute is left out. */
  defaults?: Record<string, string>
  /** Elements and attributes libvirt fills in when a definition leaves them out: compared only when the wanted side has them. */
  filledIn?: string[]
  /** Rewrites equivalent spellings to one (netmask → prefix); applied to both sides. */
  canonical?: (root: XmlElement) => void
  /** Adjusts the current side to the wanted one where libvirt expands a value ('q35' → 'pc-q35-7.2'). */
  align?: (current: XmlElement, wanted: XmlElement) => void
}

export interface Comparison {
  same: boolean
  /** Normalised current definition ('' when there is none). */
  before: string
  /** Normalised wanted definition. */
  after: string
}

interface CompiledRules {
  ignore: (path: string) => boolean
  ignoreAttribute: (path: string) => boolean
  filledIn: (path: string) => boolean
  defaults: Map<string, string>
  source: XmlRules
}

const compiled = new WeakMap<XmlRules, CompiledRules>()

function compile(rules: XmlRules): CompiledRules {
  let c = compiled.get(rules)
  if (!c) {
    const matcher = (globs: string[] = []) => (globs.length ? picomatch(globs, { dot: true }) : () => false)
    c = {
      ignore: matcher(rules.ignore),
      ignoreAttribute: matcher(rules.ignoreAttributes),
      filledIn: matcher(rules.filledIn),
      defaults: new Map(Object.entries(rules.defaults ?? {})),
      source: rules,
    }
    compiled.set(rules, c)
  }
  return c
}

/** Compare the definition libvirt has (if any) with the wanted one. */
export function compareDefinitions(current: XmlElement | undefined, wanted: XmlElement, rules: XmlRules): Comparison {
  const shape = shapeOf(wanted, rules)
  const after = renderXml(normaliseXml(wanted, rules, shape))
  if (!current) return { same: false, before: '', after }
  const aligned = cloneXml(current)
  rules.align?.(aligned, wanted)
  const before = renderXml(normaliseXml(aligned, rules, shape, true))
  return { same: before === after, before, after }
}

/** A definition on its own, as a removal's diff shows it: normalised, and without what libvirt fills in. */
export function normaliseAlone(root: XmlElement, rules: XmlRules): string {
  const shape = shapeOf(root, rules)
  return renderXml(normaliseXml(root, rules, { ...shape, paths: new Set() }, true))
}

/** Where things are in the wanted definition: its paths, and the order of names at each. */
export interface Shape {
  /** Every element path and 'path@attr'. */
  paths: Set<string>
  /** Element path → child names in order of first appearance. */
  childOrder: Map<string, string[]>
  /** Element path → attribute names in order of first appearance. */
  attrOrder: Map<string, string[]>
}

/**
 * The comparable form of a definition: ignored parts and default-valued attributes
 * removed; children grouped by name and attributes listed in the order `shape` (by default
 * the definition itself) first shows them, others after in alphabetical order. Within a
 * name, children keep their order: libvirt groups devices by kind and keeps the order
 * within a kind, which is the order that matters. With `project`, parts libvirt fills in
 * are dropped where `shape` lacks them.
 */
export function normaliseXml(root: XmlElement, rules: XmlRules, shape?: Shape, project = false): XmlElement {
  const c = compile(rules)
  const copy = cloneXml(root)
  rules.canonical?.(copy)
  return reduce(copy, copy.name, c, shape ?? collectShape(copy), project)
}

function reduce(e: XmlElement, path: string, c: CompiledRules, shape: Shape, project: boolean): XmlElement {
  const dropFilled = (p: string) => project && c.filledIn(p) && !shape.paths.has(p)
  const attrs: Record<string, string> = {}
  for (const key of ordered(Object.keys(e.attrs), shape.attrOrder.get(path))) {
    const attrPath = `${path}@${key}`
    const value = e.attrs[key]!
    if (c.ignoreAttribute(attrPath) || c.defaults.get(attrPath) === value || dropFilled(attrPath)) continue
    attrs[key] = value
  }
  const kept = e.children.filter((child) => !c.ignore(`${path}/${child.name}`) && !dropFilled(`${path}/${child.name}`))
  const rank = rankOf(ordered([...new Set(kept.map((child) => child.name))], shape.childOrder.get(path)))
  // Array.prototype.sort is stable: children of one name keep their order.
  const children = kept.map((child) => reduce(child, `${path}/${child.name}`, c, shape, project)).sort((a, b) => rank(a.name) - rank(b.name))
  return { ...e, attrs, children }
}

/** `names` in the order of `preferred`, the rest alphabetically after them. */
function ordered(names: string[], preferred: string[] = []): string[] {
  const known = preferred.filter((n) => names.includes(n))
  return [...known, ...names.filter((n) => !preferred.includes(n)).sort()]
}

function rankOf(order: string[]): (name: string) => number {
  const index = new Map(order.map((name, i) => [name, i]))
  return (name) => index.get(name)!
}

/** The shape of the wanted definition after canonical rewriting. */
export function shapeOf(wanted: XmlElement, rules: XmlRules): Shape {
  const copy = cloneXml(wanted)
  rules.canonical?.(copy)
  return collectShape(copy)
}

function collectShape(root: XmlElement): Shape {
  const shape: Shape = { paths: new Set(), childOrder: new Map(), attrOrder: new Map() }
  const remember = (map: Map<string, string[]>, path: string, name: string) => {
    const list = map.get(path) ?? []
    if (!list.includes(name)) list.push(name)
    map.set(path, list)
  }
  const visit = (e: XmlElement, path: string) => {
    shape.paths.add(path)
    for (const key of Object.keys(e.attrs)) {
      shape.paths.add(`${path}@${key}`)
      remember(shape.attrOrder, path, key)
    }
    for (const child of e.children) {
      remember(shape.childOrder, path, child.name)
      visit(child, `${path}/${child.name}`)
    }
  }
  visit(root, root.name)
  return shape
}
