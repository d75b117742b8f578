// Python regular expressions (as playbooks write them) turned into JavaScript ones:
// named groups (?P<n>...) and (?P=n), leading inline flags (?ims), \A and \Z.
import { TsplayError } from '../../engine/errors.js'

const INLINE_FLAGS = /^\(\?([aiLmsux]+)\)/

export function pyRegex(pattern: string, flags = ''): RegExp {
  let source = pattern
  let jsFlags = flags
  const inline = INLINE_FLAGS.exec(source)
  if (inline) {
    source = source.slice(inline[0].length)
    for (const f of inline[1]!) if ('ims'.includes(f) && !jsFlags.includes(f)) jsFlags += f
  }
  try {
    return new RegExp(translate(source), jsFlags)
  } catch (err) {
    throw new TsplayError(`invalid regular expression '${pattern}': ${(err as Error).message}`)
  }
}

/** Rewrites the Python-only constructs, leaving escaped characters alone. */
function translate(source: string): string {
  let out = ''
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!
    if (c === '\\') {
      const next = source[i + 1] ?? ''
      // \A and \Z: start and end of the whole text, whatever the flags.
      out += next === 'A' ? '(?<![\\s\\S])' : next === 'Z' ? '(?![\\s\\S])' : c + next
      i++
    } else if (source.startsWith('(?P<', i)) {
      out += '(?<'
      i += 3
    } else if (source.startsWith('(?P=', i)) {
      const end = source.indexOf(')', i)
      out += `\\k<${source.slice(i + 4, end)}>`
      i = end
    } else {
      out += c
    }
  }
  return out
}
