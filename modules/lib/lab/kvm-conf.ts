// The `nested` option of a KVM vendor module in modprobe.d files ("options kvm_intel
// nested=1 enable_apicv=0"). Other options on the same line, other modules' lines and
// comments are kept; only the nested=… word of this module changes.

/** Kernel boolean parameter text (Y/N from kvm_intel, 1/0 from kvm_amd) as a boolean. */
export function parseNestedFlag(text: string): boolean | undefined {
  const word = text.trim().toLowerCase()
  if (['y', '1', 'yes', 'true', 'on'].includes(word)) return true
  if (['n', '0', 'no', 'false', 'off'].includes(word)) return false
  return undefined
}

interface OptionsLine {
  index: number
  words: string[]
}

function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/** "options MODULE a=1 b=2" lines of the module (dashes and underscores match, as modprobe does). */
function optionsLines(lines: string[], module: string): OptionsLine[] {
  const wanted = module.replaceAll('-', '_')
  return lines.flatMap((line, index) => {
    // kmod has no trailing comments: only a line that starts with '#' is one.
    const words = line.trim().split(/\s+/)
    return words[0] === 'options' && words[1]?.replaceAll('-', '_') === wanted ? [{ index, words }] : []
  })
}

const isNestedWord = (word: string) => word.startsWith('nested=')

/** What the file sets nested to for the module (the last setting wins), or undefined. */
export function nestedSetting(text: string, module: string): boolean | undefined {
  const words = optionsLines(splitLines(text), module).flatMap((l) => l.words.slice(2))
  const last = words.filter(isNestedWord).at(-1)
  return last === undefined ? undefined : parseNestedFlag(last.slice('nested='.length))
}

/**
 * The file with nested=1 (or 0) for the module: the first options line of the module
 * carries it, nested= words elsewhere are removed (a line left with no option goes),
 * and without any options line one is appended.
 */
export function withNested(text: string, module: string, enabled: boolean): string {
  const lines = splitLines(text)
  const own = optionsLines(lines, module)
  const setting = `nested=${enabled ? 1 : 0}`
  if (own.length === 0) return [...lines, `options ${module} ${setting}`].join('\n') + '\n'
  const replaced = new Map<number, string | undefined>()
  own.forEach((line, i) => {
    const rest = line.words.slice(2).filter((w) => !isNestedWord(w))
    const head = line.words.slice(0, 2)
    if (i === 0) replaced.set(line.index, [...head, setting, ...rest].join(' '))
    else replaced.set(line.index, rest.length ? [...head, ...rest].join(' ') : undefined)
  })
  const out = lines.flatMap((line, i) => (replaced.has(i) ? (replaced.get(i) ?? []) : [line]))
  return `${out.join('\n')}\n`
}
