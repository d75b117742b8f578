// Python's configparser.ConfigParser, as the ini lookup uses it: `key = value` or
// `key: value`, # and ; full-line comments, indented continuation lines, [DEFAULT]
// values seen by every section, keys lower-cased unless case-sensitive, and
// %(name)s interpolation when a value is read (so ironic.conf-style files behave alike).
import { TemplateError } from '../../errors.js'
import { pythonRepr } from '../filters/python-repr.js'

export interface IniOptions {
  caseSensitive: boolean
  allowNoValue: boolean
}

type Section = Map<string, string | null>

const DEFAULT_SECTION = 'DEFAULT'
const MAX_INTERPOLATION_DEPTH = 10

export class IniFile {
  private readonly defaults: Section = new Map()
  private readonly sections = new Map<string, Section>()

  constructor(
    text: string,
    private readonly opts: IniOptions,
  ) {
    new IniReader(this.defaults, this.sections, opts).read(text)
  }

  hasSection(name: string): boolean {
    return this.sections.has(name)
  }

  private optionName(name: string): string {
    return this.opts.caseSensitive ? name : name.toLowerCase()
  }

  /** The section's options merged over DEFAULT (DEFAULT keys first, as Python orders them). */
  private view(section: string): Section {
    const own = this.sections.get(section)
    if (!own && section !== DEFAULT_SECTION) throw new TemplateError(`No section: ${pythonRepr(section)}`)
    return new Map([...this.defaults, ...(own ?? [])])
  }

  /** ConfigParser.get: the interpolated value, or undefined when the option is absent. */
  get(section: string, option: string): string | null | undefined {
    const view = this.view(section)
    const name = this.optionName(option)
    if (!view.has(name)) return undefined
    return this.interpolate(view, section, name, view.get(name) ?? null)
  }

  /** ConfigParser.items(section): every option (DEFAULT's included) with its interpolated value. */
  items(section: string): [string, string | null][] {
    const view = this.view(section)
    return [...view.entries()].map(([name, value]) => [name, this.interpolate(view, section, name, value)])
  }

  /** BasicInterpolation: %(name)s is another option's value, %% a percent sign. */
  private interpolate(view: Section, section: string, option: string, raw: string | null, depth = 1): string | null {
    if (raw === null) return null
    if (depth > MAX_INTERPOLATION_DEPTH) {
      throw new TemplateError(`Recursion limit exceeded in value substitution: option ${pythonRepr(option)} in section ${pythonRepr(section)}`)
    }
    let out = ''
    let rest = raw
    while (rest) {
      const at = rest.indexOf('%')
      if (at < 0) return out + rest
      out += rest.slice(0, at)
      rest = rest.slice(at)
      if (rest[1] === '%') {
        out += '%'
        rest = rest.slice(2)
        continue
      }
      const ref = rest[1] === '(' ? /^%\(([^)]+)\)s/.exec(rest) : null
      if (!ref) {
        const problem = rest[1] === '(' ? `bad interpolation variable reference ${pythonRepr(rest)}` : `'%' must be followed by '%' or '(', found: ${pythonRepr(rest)}`
        throw new TemplateError(problem)
      }
      const name = this.optionName(ref[1])
      if (!view.has(name)) {
        throw new TemplateError(
          `Bad value substitution: option ${pythonRepr(option)} in section ${pythonRepr(section)} contains an interpolation key ${pythonRepr(name)} which is not a valid option name. Raw value: ${pythonRepr(raw)}`,
        )
      }
      out += this.interpolate(view, section, option, view.get(name) ?? '', depth + 1) ?? ''
      rest = rest.slice(ref[0].length)
    }
    return out
  }
}

/** ConfigParser._read: one pass over the lines, building sections of multi-line values. */
class IniReader {
  private current: Map<string, string[] | null> | undefined
  private sectionName = ''
  private option: string | undefined
  private indentLevel = 0
  private readonly raw = new Map<Section, Map<string, string[] | null>>()
  private readonly seen = new Set<string>()

  constructor(
    private readonly defaults: Section,
    private readonly sections: Map<string, Section>,
    private readonly opts: IniOptions,
  ) {}

  read(text: string): void {
    const lines = text.split(/\r\n|\n|\r/)
    if (lines[lines.length - 1] === '') lines.pop()
    lines.forEach((line, i) => this.line(line, i + 1))
    for (const [section, values] of this.raw) {
      for (const [name, parts] of values) section.set(name, parts === null ? null : parts.join('\n').trimEnd())
    }
  }

  private line(line: string, lineno: number): void {
    const stripped = line.trim()
    const isComment = stripped.startsWith('#') || stripped.startsWith(';')
    if (!stripped || isComment) {
      // Blank lines may belong to a multi-line value; comment lines never do.
      const values = this.current && this.option !== undefined ? this.current.get(this.option) : null
      if (!isComment && values) values.push('')
      return
    }
    const indent = line.search(/\S/)
    const continuation = this.current !== undefined && this.option !== undefined && indent > this.indentLevel
    if (continuation) {
      this.current!.get(this.option!)?.push(stripped)
      return
    }
    this.indentLevel = indent
    const header = /^\[(.+)\]/.exec(stripped)
    if (header) return this.startSection(header[1], lineno)
    if (!this.current) throw new TemplateError(`File contains no section headers. line: ${lineno} ${pythonRepr(line)}`)
    this.optionLine(stripped, line, lineno)
  }

  private startSection(name: string, lineno: number): void {
    if (this.seen.has(`[${name}`)) throw new TemplateError(`While reading from '<string>' [line ${lineno}]: section ${pythonRepr(name)} already exists`)
    this.seen.add(`[${name}`)
    const target = name === DEFAULT_SECTION ? this.defaults : (this.sections.get(name) ?? new Map())
    if (name !== DEFAULT_SECTION) this.sections.set(name, target)
    if (!this.raw.has(target)) this.raw.set(target, new Map())
    this.current = this.raw.get(target)
    this.sectionName = name
    this.option = undefined
  }

  private optionLine(value: string, line: string, lineno: number): void {
    const match = this.opts.allowNoValue ? /^(.*?)\s*(?:([=:])\s*(.*))?$/.exec(value) : /^(.*?)\s*([=:])\s*(.*)$/.exec(value)
    if (!match || !match[1]) throw new TemplateError(`Source contains parsing errors: [line ${lineno}]: ${pythonRepr(line)}`)
    const name = this.opts.caseSensitive ? match[1].trimEnd() : match[1].trimEnd().toLowerCase()
    const key = `${this.sectionName}\u0000${name}`
    if (this.seen.has(key)) {
      throw new TemplateError(`While reading from '<string>' [line ${lineno}]: option ${pythonRepr(name)} in section ${pythonRepr(this.sectionName)} already exists`)
    }
    this.seen.add(key)
    this.option = name
    this.current!.set(name, match[2] === undefined ? null : [match[3].trim()])
  }
}
