// INI inventories, read line by line as ansible's ini plugin does:
//
//   host0                      # before any section: the `ungrouped` group
//   [web]                      # hosts of a group, with vars on the line
//   web[01:03] ansible_user=admin
//   [web:vars]                 # group vars, one key=value a line
//   http_port=8080
//   [site:children]            # child groups, which may be defined further down
//   web

import { closest } from 'fastest-levenshtein'
import { ParseError } from '../errors.js'
import { expandHostPattern, HostRangeError } from './address.js'
import { GraphError, type InventoryGraph } from './graph.js'
import { iniValue } from './python-literal.js'
import { shellSplit, ShellSplitError } from '../util/shlex.js'

const SECTION_RE = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/
const GROUP_NAME_RE = /^([^:\]\s]+)\s*(?:#.*)?$/
const SECTION_KINDS = ['hosts', 'children', 'vars'] as const
type SectionKind = (typeof SECTION_KINDS)[number]
/** Python's str.splitlines() boundaries. */
const LINE_BREAK_RE = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/

/** A group used before it was defined: `[g:vars]` or a `[parent:children]` entry. */
interface Pending {
  kind: 'vars' | 'children'
  line: number
  column: number
  parents: string[]
}

export function parseIniInventory(text: string, file: string, graph: InventoryGraph): void {
  new IniParser(file, graph).parse(text)
}

class IniParser {
  private readonly pending = new Map<string, Pending>()
  private group = 'ungrouped'
  private kind: SectionKind = 'hosts'
  private lineNo = 0
  private column = 1

  constructor(
    private readonly file: string,
    private readonly graph: InventoryGraph,
  ) {}

  parse(text: string): void {
    const lines = text.split(LINE_BREAK_RE)
    if (lines.at(-1) === '') lines.pop()
    for (const raw of lines) {
      this.lineNo++
      this.column = raw.length - raw.trimStart().length + 1
      const line = raw.trim()
      if (!line || line[0] === '#' || line[0] === ';') continue
      try {
        this.parseLine(line)
      } catch (err) {
        throw this.located(err)
      }
    }
    this.reportUndefinedGroups()
  }

  private parseLine(line: string): void {
    const section = SECTION_RE.exec(line)
    if (section) return this.enterSection(section[1], section[2])
    if (line.startsWith('[') && line.endsWith(']')) {
      this.fail(`Invalid section entry: '${line}'`, 'a section is [name], [name:vars] or [name:children], without spaces')
    }
    if (this.kind === 'hosts') this.parseHostLine(line)
    else if (this.kind === 'vars') this.parseVarLine(line)
    else this.parseChildLine(line)
  }

  private enterSection(name: string, kindText: string | undefined): void {
    const kind = (kindText ?? 'hosts') as SectionKind
    if (!SECTION_KINDS.includes(kind)) {
      this.fail(`Section [${name}:${kindText}] has unknown type: ${kindText}`, `did you mean :${closest(kind, [...SECTION_KINDS])}?`)
    }
    this.group = name
    this.kind = kind
    if (!this.graph.groups.has(name)) {
      // [g:vars] alone does not define g; it must be defined elsewhere in the file.
      if (kind === 'vars' && !this.pending.has(name)) this.pending.set(name, this.pendingAt('vars'))
      this.graph.addGroup(name)
    }
    const waiting = this.pending.get(name)
    if (waiting && kind !== 'vars') {
      if (waiting.kind === 'children') this.attachPendingChild(name)
      else this.pending.delete(name)
    }
  }

  /** `name` is now defined: make it a child of every group that listed it early. */
  private attachPendingChild(name: string): void {
    const waiting = this.pending.get(name)!
    for (const parent of waiting.parents) {
      this.graph.addChild(parent, name)
      if (this.pending.get(parent)?.kind === 'children') this.attachPendingChild(parent)
    }
    this.pending.delete(name)
  }

  private parseHostLine(line: string): void {
    let words: string[]
    try {
      words = shellSplit(line, { comments: true })
    } catch (err) {
      if (err instanceof ShellSplitError) this.fail(`Error parsing host definition '${line}': ${err.message}`)
      throw err
    }
    const [pattern, ...assignments] = words
    if (pattern === undefined || pattern === '') this.fail(`Expected a host name, got: ${line}`)
    const { hosts, port } = expandHostPattern(pattern)
    if (pattern.trim().endsWith(':') && port === undefined) {
      this.fail(`Invalid host pattern '${pattern}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`)
    }
    if (hosts.some((h) => h.trim() === '---')) {
      this.fail(`Invalid host pattern '${pattern}' supplied, '---' is normally a sign this is a YAML file.`)
    }
    const vars: [string, unknown][] = []
    for (const assignment of assignments) {
      const eq = assignment.indexOf('=')
      if (eq < 0) {
        const at = line.indexOf(assignment)
        if (at >= 0) this.column += at
        this.fail(`Expected key=value host variable assignment, got: ${assignment}`)
      }
      vars.push([assignment.slice(0, eq), iniValue(assignment.slice(eq + 1))])
    }
    for (const host of hosts) {
      this.graph.addHost(host, this.group, port)
      for (const [key, value] of vars) this.graph.setVariable(host, key, value)
    }
  }

  private parseVarLine(line: string): void {
    const eq = line.indexOf('=')
    if (eq < 0) this.fail(`Expected key=value, got: ${line}`)
    this.graph.setVariable(this.group, line.slice(0, eq).trim(), iniValue(line.slice(eq + 1).trim()))
  }

  private parseChildLine(line: string): void {
    const m = GROUP_NAME_RE.exec(line)
    if (!m) this.fail(`Expected group name, got: ${line}`)
    const child = m[1]
    if (this.graph.groups.has(child)) {
      this.graph.addChild(this.group, child)
      return
    }
    const waiting = this.pending.get(child)
    if (waiting) waiting.parents.push(this.group)
    else this.pending.set(child, { ...this.pendingAt('children'), parents: [this.group] })
  }

  private pendingAt(kind: Pending['kind']): Pending {
    return { kind, line: this.lineNo, column: this.column, parents: [] }
  }

  /** Groups referenced but never defined are errors, reported at their first mention. */
  private reportUndefinedGroups(): void {
    for (const [name, waiting] of this.pending) {
      const pos = { file: this.file, line: waiting.line, column: waiting.column }
      if (waiting.kind === 'vars') {
        throw new ParseError(`Section [${name}:vars] not valid for undefined group: ${name}`, {
          pos,
          hint: `define the group with a [${name}] or [${name}:children] section`,
        })
      }
      throw new ParseError(`Section [${waiting.parents.at(-1)}:children] includes undefined group: ${name}`, {
        pos,
        hint: `define the group with a [${name}] section`,
      })
    }
  }

  private fail(message: string, hint?: string): never {
    throw new ParseError(message, { pos: { file: this.file, line: this.lineNo, column: this.column }, hint })
  }

  /** Errors from the inventory graph and host ranges, placed on the current line. */
  private located(err: unknown): unknown {
    if (err instanceof GraphError || err instanceof HostRangeError) {
      return new ParseError(err.message, { pos: { file: this.file, line: this.lineNo, column: this.column } })
    }
    return err
  }
}
