// Kernel parameter names and values as sysctl(8) understands them.
//
// Names come in two spellings: dotted (net.ipv4.ip_forward) and slashed
// (net/ipv4/ip_forward). In the dotted one a '/' stands for a literal dot inside a
// component (net.ipv4.conf.eth0/100.forwarding is interface "eth0.100"); in the slashed
// one the dots are literal. Keys are compared in the dotted spelling.

/** The dotted spelling of a name given in either spelling. */
export function canonicalKey(name: string): string {
  const key = name.trim()
  const slash = key.indexOf('/')
  const dot = key.indexOf('.')
  const slashed = slash !== -1 && (dot === -1 || slash < dot)
  return slashed ? swapSeparators(key) : key
}

/** Where the parameter lives below /proc/sys (relative, no leading slash). */
export function procRelativePath(name: string): string {
  return swapSeparators(canonicalKey(name))
}

function swapSeparators(text: string): string {
  return text.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'))
}

const TRUE_WORDS = new Set(['y', 'yes', 'on', '1', 'true', 't'])
const FALSE_WORDS = new Set(['n', 'no', 'off', '0', 'false', 'f'])

/** The value to write: boolean words become 1/0 (as ansible.posix.sysctl does), the rest is trimmed. */
export function sysctlValue(value: string): string {
  const word = value.trim().toLowerCase()
  if (TRUE_WORDS.has(word)) return '1'
  if (FALSE_WORDS.has(word)) return '0'
  return value.trim()
}

/** Values are equal when their whitespace-separated words are ("4096  87380" equals "4096 87380"). */
export function sameValue(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false
  const wordsA = a.trim().split(/\s+/)
  const wordsB = b.trim().split(/\s+/)
  return wordsA.length === wordsB.length && wordsA.every((word, i) => word === wordsB[i])
}

/** A value as one line for messages: words separated by single spaces. */
export function showValue(value: string | undefined): string {
  return value === undefined ? '(missing)' : value.trim().split(/\s+/).join(' ')
}
