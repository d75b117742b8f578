// The ssh(1) command-line arguments playbooks pass through ansible_ssh_common_args,
// ansible_ssh_extra_args and ssh_args: `-o Key=Value` (any spelling ssh accepts),
// `-F file`, `-J jumps`, `-p port`, `-i identity`, `-l user`. Other flags (-C, -q,
// -A, …) do not change where or how we connect and are skipped.
import { ParseError } from '../errors.js'

/** Options in the order given, keys lowercased (ssh_config keywords are case-insensitive). */
export interface SshArgOptions {
  options: [key: string, value: string][]
  configFile?: string
}

// Flags of ssh(1) that take a value we have no use for (-L 8080:…, -c cipher, …).
const FLAGS_WITH_VALUE = new Set('BbcDEeIJLlmOoPpQRSWwFi'.split(''))
const FLAG_TO_OPTION: Record<string, string> = { J: 'proxyjump', p: 'port', i: 'identityfile', l: 'user' }

export function parseSshArgs(text: string, where: string): SshArgOptions {
  const words = splitShellWords(text, where)
  const result: SshArgOptions = { options: [] }
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!
    if (!word.startsWith('-') || word === '-') continue
    // Flags may be bundled (-Cq) and a value may follow directly (-p2222) or as the next word.
    for (let j = 1; j < word.length; j++) {
      const flag = word[j]!
      if (!FLAGS_WITH_VALUE.has(flag)) continue
      const attached = word.slice(j + 1)
      const value = attached || words[++i]
      if (value === undefined) throw new ParseError(`${where}: ssh option -${flag} needs a value`)
      if (flag === 'o') result.options.push(parseOption(value, where))
      else if (flag === 'F') result.configFile = value
      else if (FLAG_TO_OPTION[flag]) result.options.push([FLAG_TO_OPTION[flag], value])
      break
    }
  }
  return result
}

/** `Key=Value`, `Key Value` or `Key = Value`, as ssh -o accepts them. */
function parseOption(text: string, where: string): [string, string] {
  const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(text)
  if (!m) throw new ParseError(`${where}: cannot read the ssh option '-o ${text}'`, { hint: 'write it as -o Key=Value, e.g. -o ProxyJump=user@jumphost' })
  return [m[1]!.toLowerCase(), unquote(m[2]!)]
}

function unquote(value: string): string {
  const m = /^"(.*)"$/.exec(value)
  return m ? m[1]! : value
}

/** Splits like Python's shlex.split (what Ansible uses on these settings). */
export function splitShellWords(text: string, where: string): string[] {
  const words: string[] = []
  let current = ''
  let inWord = false
  let quote: '"' | "'" | undefined
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quote === "'") {
      if (ch === "'") quote = undefined
      else current += ch
    } else if (quote === '"') {
      if (ch === '"') quote = undefined
      else if (ch === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1]!)) current += text[++i]
      else current += ch
    } else if (ch === "'" || ch === '"') {
      quote = ch
      inWord = true
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i]
      inWord = true
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current)
      current = ''
      inWord = false
    } else {
      current += ch
      inWord = true
    }
  }
  if (quote) throw new ParseError(`${where}: unbalanced ${quote} quote in '${text}'`)
  if (inWord) words.push(current)
  return words
}
