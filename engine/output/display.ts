// Ansible's Display: where a message goes (screen, log, stdout or stderr), banners
// padded with '*' to the width, wrapped and de-duplicated warnings, -v messages.
import type { DeprecationInfo } from './events.js'
import { Colors, type ColorName } from './colors.js'
import { wrapText } from './textwrap.js'

export interface MessageOptions {
  color?: ColorName
  /** Ansible writes warnings, deprecations and (optionally) failures to stderr. */
  stderr?: boolean
  /** Not written to the log file (e.g. the coloured recap). */
  screenOnly?: boolean
  /** Only written to the log file (e.g. the plain recap). */
  logOnly?: boolean
}

/** A destination of displayed messages: the terminal, or the log file. */
export interface DisplaySink {
  readonly kind: 'screen' | 'log'
  /** Ansible's column width: max(79, terminal width - 1). */
  readonly columns: number
  /** Whether coloured text is wanted (a log file never is). */
  readonly color: boolean
  write(msg: string, opts: { color?: ColorName; stderr?: boolean }): void
}

export interface DisplaySettings {
  verbosity: number
  /** deprecation_warnings (true by default). */
  deprecationWarnings?: boolean
}

export class Display {
  private readonly warningsShown = new Set<string>()
  private readonly deprecationsShown = new Set<string>()

  constructor(private readonly sink: DisplaySink, private readonly settings: DisplaySettings) {}

  get verbosity(): number {
    return this.settings.verbosity
  }

  get color(): boolean {
    return this.sink.color
  }

  display(msg: string, opts: MessageOptions = {}): void {
    if (opts.logOnly && this.sink.kind === 'screen') return
    if (opts.screenOnly && this.sink.kind === 'log') return
    this.sink.write(msg, { color: opts.color, stderr: opts.stderr })
  }

  /** "\nTASK [name] ****…" padded to the width (at least 3 stars). */
  banner(msg: string, color?: ColorName): void {
    const text = msg.trim()
    const stars = Math.max(this.sink.columns - textWidth(text), 3)
    this.display(`\n${text} ${'*'.repeat(stars)}`, { color })
  }

  warning(msg: string): void {
    const text = wrapText(`[WARNING]: ${msg}`, this.sink.columns).join('\n') + '\n'
    if (this.warningsShown.has(text)) return
    this.warningsShown.add(text)
    this.display(text, { color: Colors.warn, stderr: true })
  }

  deprecated(msg: string, info: DeprecationInfo = {}): void {
    if (this.settings.deprecationWarnings === false) return
    const text = wrapText(deprecationMessage(msg, info), this.sink.columns, { dropWhitespace: false }).join('\n') + '\n'
    if (this.deprecationsShown.has(text)) return
    this.deprecationsShown.add(text)
    this.display(text.trim(), { color: Colors.deprecate, stderr: true })
  }

  /** A -v message: shown when the run's verbosity reaches `level`; "<host> msg" when about a host. */
  verbose(msg: string, level: number, host?: string): void {
    if (this.settings.verbosity < level) return
    this.display(host === undefined ? msg : `<${host}> ${msg}`, { color: Colors.verbose })
  }
}

export function deprecationMessage(msg: string, info: DeprecationInfo): string {
  let text = msg.trim()
  if (text && !'!?.'.includes(text[text.length - 1])) text += '.'
  const collection = info.collectionName === 'ansible.builtin' ? 'ansible-core' : info.collectionName
  const when = info.date
    ? `in a release after ${info.date}.`
    : info.version ? `in version ${info.version}.` : 'in a future release.'
  return [
    `[DEPRECATION WARNING]: ${text}`,
    'This feature will be removed',
    collection ? `from ${collection}` : '',
    when,
    'Deprecation warnings can be disabled by setting deprecation_warnings=False in ansible.cfg.',
  ].filter(Boolean).join(' ')
}

/** Columns a string takes on a terminal: wide East Asian characters count 2, combining marks 0. */
export function textWidth(text: string): number {
  let width = 0
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(ch)) continue
    width += isWide(cp) ? 2 : 1
  }
  return width
}

function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3)
    || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
    || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd)
}
