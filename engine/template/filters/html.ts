// HTML and URL escaping as markupsafe and urllib.parse do it (JS's encodeURIComponent
// leaves !'()* alone, Python's quote does not).

/** markupsafe.escape: & < > " ' become entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch])
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' }

// The named entities that turn up in text; html.unescape knows all of HTML5's.
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™',
  laquo: '«', raquo: '»', ndash: '–', mdash: '—', hellip: '…', euro: '€', pound: '£', yen: '¥',
  cent: '¢', deg: '°', middot: '·', bull: '•', times: '×', divide: '÷', sect: '§', para: '¶',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', shy: '\u00ad', plusmn: '±', micro: 'µ',
}

/** html.unescape for numeric references and the common named entities. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || code === 0) return '\ufffd'
      return String.fromCodePoint(code)
    }
    return NAMED_ENTITIES[ref] ?? whole
  })
}

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/

/** urllib.parse.quote(text, safe): UTF-8 bytes as %XX except letters, digits, _.-~ and `safe`. */
export function urlQuote(text: string, safe = '/'): string {
  let out = ''
  for (const ch of text) {
    if (ALWAYS_SAFE.test(ch) || safe.includes(ch)) {
      out += ch
      continue
    }
    for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** urllib.parse.unquote_plus: + is a space, %XX are UTF-8 bytes (bad sequences become U+FFFD). */
export function urlUnquotePlus(text: string): string {
  const spaced = text.replaceAll('+', ' ')
  const bytes: number[] = []
  let out = ''
  const flush = () => {
    if (bytes.length > 0) out += Buffer.from(bytes).toString('utf8')
    bytes.length = 0
  }
  for (let i = 0; i < spaced.length; i++) {
    const hex = spaced.slice(i + 1, i + 3)
    if (spaced[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      flush()
      out += spaced[i]
    }
  }
  flush()
  return out
}
