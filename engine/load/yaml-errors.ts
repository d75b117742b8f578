// YAML syntax errors as the user should see them: where (file:line:column), the
// offending line with a caret under the spot, and — for the mistakes people make most
// often in playbooks — what to write instead.
import { ParseError, type SourcePos } from '../errors.js'

interface Snippet {
  /** The line shown as the offending one (the last written line when the error is past the end). */
  line: string
  previous?: string
  next?: string
  /** The previous line, the offending line and a caret line. */
  text: string
}

/** The offending line of `text` with the one before it and a caret under `column`. */
export function sourceSnippet(text: string, line: number, column: number): Snippet {
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, ''))
  let index = Math.min(line - 1, lines.length - 1)
  let caret = column
  // Errors found at the end of input (an unclosed quote) point past the last written line.
  if (index !== line - 1 || lines[index] === '') {
    while (index > 0 && lines[index] === '') index -= 1
    caret = lines[index]!.length + 1
  }
  const shown = lines[index]!
  const previous = index > 0 ? lines[index - 1] : undefined
  const caretLine = `${' '.repeat(Math.max(0, caret - 1))}^ here`
  const next = lines.slice(index + 1).find((l) => l.trim() !== '')
  return { line: shown, previous, next, text: [previous, shown, caretLine].filter((l) => l !== undefined).join('\n') }
}

const HINTS = {
  tab: 'YAML does not allow tabs for indentation: replace the tab characters with spaces.',
  unquotedTemplate:
    'A template expression that starts a value must be quoted: write `msg: "{{ foo }}"`, not `msg: {{ foo }}`.',
  partialQuote:
    'A value that starts with a quote must end with the same quote; quote the whole value instead, e.g. `when: \'"ok" in result.stdout\'`.',
  extraColon:
    "There is more than one unquoted ': ' in this line; quote the value that contains the colon, e.g. `line: 'key: value'`.",
  shorthandAndYaml:
    "This task mixes 'k=v' shorthand with YAML mapping syntax; use only one of them for the module's arguments.",
}

/** What follows the `key:` or `- ` at the start of a line (the value as written). */
function valueAfterKey(line: string): string | undefined {
  const m = /^\s*(?:-\s+)?(?:[^\s'"#:][^:#]*?:\s+|-\s+)(.*)$/.exec(line)
  return m?.[1]
}

function countUnquotedColons(line: string): number {
  let quote: string | undefined
  let count = 0
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (quote) {
      if (c === quote) quote = undefined
    } else if (c === '"' || c === "'") {
      quote = c
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      break
    } else if (c === ':' && (i + 1 === line.length || line[i + 1] === ' ')) {
      count += 1
    }
  }
  return count
}

const KV_VALUE = /:\s+\w+\s*=\s*[\w/{"'-]/
const KEY_LINE = /^\s*\w+:/

/** A remedy for the common mistakes, judged from the offending line and its neighbours. */
export function syntaxHint(line: string, previousLine?: string, nextLine?: string): string | undefined {
  if (/^\s*\t/.test(line)) return HINTS.tab
  const value = valueAfterKey(line)?.trim()
  if (value?.startsWith('{{') || /^\s*-\s+\{\{/.test(line)) return HINTS.unquotedTemplate
  if (value && (value[0] === '"' || value[0] === "'") && !value.replace(/\s+#.*$/, '').endsWith(value[0])) {
    return HINTS.partialQuote
  }
  if (countUnquotedColons(line) > 1) return HINTS.extraColon
  const shorthandThenYaml = (kv?: string, yaml?: string) => kv !== undefined && yaml !== undefined && KV_VALUE.test(kv) && KEY_LINE.test(yaml)
  if (shorthandThenYaml(previousLine, line) || shorthandThenYaml(line, nextLine)) return HINTS.shorthandAndYaml
  if (line.includes('\t')) return HINTS.tab
  return undefined
}

/** A ParseError for a YAML problem at `pos`, with the snippet and a hint where one applies. */
export function yamlSyntaxError(problem: string, text: string, pos: SourcePos): ParseError {
  const snippet = sourceSnippet(text, pos.line, pos.column)
  return new ParseError(`Syntax error while loading YAML: ${problem}\n\n${snippet.text}`, {
    pos,
    hint: syntaxHint(snippet.line, snippet.previous, snippet.next),
  })
}
