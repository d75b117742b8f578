// Ansible's colour names and the SGR codes it uses, and the helpers the default
// callback builds its coloured lines with (utils/color.py semantics).

export type ColorName =
  | 'black' | 'bright gray' | 'blue' | 'white' | 'green' | 'bright blue' | 'cyan' | 'bright green'
  | 'red' | 'bright cyan' | 'purple' | 'bright red' | 'yellow' | 'bright purple' | 'dark gray'
  | 'bright yellow' | 'magenta' | 'bright magenta' | 'normal'

const SGR: Record<ColorName, string> = {
  'black': '0;30', 'bright gray': '0;37', 'blue': '0;34', 'white': '1;37',
  'green': '0;32', 'bright blue': '1;34', 'cyan': '0;36', 'bright green': '1;32',
  'red': '0;31', 'bright cyan': '1;36', 'purple': '0;35', 'bright red': '1;31',
  'yellow': '0;33', 'bright purple': '1;35', 'dark gray': '1;30', 'bright yellow': '1;33',
  'magenta': '0;35', 'bright magenta': '1;35', 'normal': '0',
}

/** What each kind of message is shown in (Ansible's COLOR_* defaults). */
export const Colors = {
  ok: 'green',
  changed: 'yellow',
  error: 'red',
  unreachable: 'bright red',
  skip: 'cyan',
  warn: 'bright purple',
  deprecate: 'purple',
  debug: 'dark gray',
  verbose: 'blue',
  diffAdd: 'green',
  diffRemove: 'red',
  diffLines: 'cyan',
} as const satisfies Record<string, ColorName>

export function isColorName(name: string): name is ColorName {
  return Object.hasOwn(SGR, name)
}

/** Colour every line separately, as Ansible does, so a terminal pager keeps the colour per line. */
export function stringc(text: string, color: ColorName, enabled: boolean): string {
  if (!enabled) return text
  return text.split('\n').map((line) => `\x1b[${SGR[color]}m${line}\x1b[0m`).join('\n')
}

/** "ok=1   " — a recap counter padded to 4 columns, coloured only when not zero. */
export function colorizeCount(label: string, count: number, color: ColorName | undefined, enabled: boolean): string {
  const text = `${label}=${String(count).padEnd(4)}`
  return count !== 0 && color ? stringc(text, color, enabled) : text
}

export interface RecapCounts {
  failed: number
  unreachable: number
  changed: number
}

/** The recap's host column: red on failures, yellow on changes, else green; padded like Ansible. */
export function recapHost(host: string, counts: RecapCounts, enabled: boolean): string {
  if (!enabled) return host.padEnd(26)
  const color: ColorName = counts.failed !== 0 || counts.unreachable !== 0
    ? Colors.error
    : counts.changed !== 0 ? Colors.changed : Colors.ok
  // 37 = 26 visible columns + the 11 bytes of the colour escape sequences.
  return stringc(host, color, true).padEnd(37)
}
