// Jinja2's HTML-oriented filters: escape/e, forceescape, safe, urlencode, urlize,
// xmlattr. Ansible renders with autoescape off, so escaped text is plain text here.
import { TemplateError } from '../../errors.js'
import { isUndefined } from '../undefined.js'
import type { FilterFn } from '../types.js'
import { escapeHtml, urlQuote } from './html.js'
import { pythonRepr, pythonStr } from './python-repr.js'
import { isMapping, isString, mappingEntries, typeName } from './python-types.js'
import { defineFilter, intArg, optional, strArg } from './signature.js'

function urlencode(value: unknown): string {
  if (isString(value) || !(Array.isArray(value) || isMapping(value))) return urlQuote(pythonStr(value))
  const pairs = isMapping(value) ? mappingEntries(value) : value.map((pair) => pairOf(pair))
  return pairs.map(([k, v]) => `${queryQuote(k)}=${queryQuote(v)}`).join('&')
}

function pairOf(pair: unknown): [unknown, unknown] {
  if (Array.isArray(pair) && pair.length === 2) return [pair[0], pair[1]]
  throw new TemplateError(`urlencode expects (key, value) pairs, got ${pythonRepr(pair)}`)
}

function queryQuote(value: unknown): string {
  return urlQuote(pythonStr(value), '').replaceAll('%20', '+')
}

function xmlattr(value: unknown, autospace: boolean): string {
  if (!isMapping(value)) throw new TemplateError(`xmlattr expects a dict, got ${typeName(value)}`)
  const items: string[] = []
  for (const [key, item] of mappingEntries(value)) {
    if (item === null || item === undefined || isUndefined(item)) continue
    const name = pythonStr(key)
    if (/[\s/>=]/.test(name)) throw new TemplateError(`Invalid character in attribute name: ${pythonRepr(name)}`)
    items.push(`${escapeHtml(name)}="${escapeHtml(pythonStr(item))}"`)
  }
  const joined = items.join(' ')
  return autospace && joined ? ` ${joined}` : joined
}

// jinja2.utils._http_re: what urlize accepts as a web address. W is Python's \w.
const W = '\\p{L}\\p{N}_'
const HTTP_RE = new RegExp(
  '^(' +
    `(https?://|www\\.)(([${W}%-]+\\.)+)?([a-z]{2,63}|xn--[${W}%]{2,59})` +
    `|([${W}%-]{2,63}\\.)+(com|net|int|edu|gov|org|info|mil)` +
    '|(https?://)((([\\d]{1,3})(\\.[\\d]{1,3}){3})|(\\[([\\da-f]{0,4}:){2}([\\da-f]{0,4}:?){1,6}\\]))' +
    ')(?::[\\d]{1,5})?(?:[/?#]\\S*)?$',
  'iu',
)
const EMAIL_RE = new RegExp(`^\\S+@[${W}][${W}.-]*\\.[${W}]+$`, 'u')
const SCHEME_RE = new RegExp(`^([${W}.+-]{2,}:(/){0,2})$`, 'u')

interface UrlizeOptions {
  trimLimit?: number
  rel: string
  target?: string
  extraSchemes: string[]
}

function urlize(value: string, opts: UrlizeOptions): string {
  const trim = (url: string) => (opts.trimLimit !== undefined && url.length > opts.trimLimit ? `${url.slice(0, opts.trimLimit)}...` : url)
  const relAttr = opts.rel ? ` rel="${escapeHtml(opts.rel)}"` : ''
  const targetAttr = opts.target ? ` target="${escapeHtml(opts.target)}"` : ''
  const words = escapeHtml(value).split(/(\s+)/u)
  return words
    .map((word) => {
      const { head, middle, tail } = splitPunctuation(word)
      let link = middle
      if (HTTP_RE.test(middle)) {
        const href = /^https?:\/\//.test(middle) ? middle : `https://${middle}`
        link = `<a href="${href}"${relAttr}${targetAttr}>${trim(middle)}</a>`
      } else if (middle.startsWith('mailto:') && EMAIL_RE.test(middle.slice(7))) {
        link = `<a href="${middle}">${middle.slice(7)}</a>`
      } else if (middle.includes('@') && !middle.startsWith('www.') && !middle.includes(':') && EMAIL_RE.test(middle)) {
        link = `<a href="mailto:${middle}">${middle}</a>`
      } else {
        for (const scheme of opts.extraSchemes) {
          if (link !== scheme && link.startsWith(scheme)) link = `<a href="${link}"${relAttr}${targetAttr}>${link}</a>`
        }
      }
      return head + link + tail
    })
    .join('')
}

/** Leading ( < and trailing ) > . , punctuation is not part of a link, unless it balances. */
function splitPunctuation(word: string): { head: string; middle: string; tail: string } {
  let head = ''
  let middle = word
  let tail = ''
  const lead = /^([(<]|&lt;)+/.exec(middle)
  if (lead) {
    head = lead[0]
    middle = middle.slice(lead[0].length)
  }
  if (/([)>.,\n]|&gt;)$/.test(middle)) {
    const trail = /([)>.,\n]|&gt;)+$/.exec(middle)
    if (trail) {
      tail = trail[0]
      middle = middle.slice(0, trail.index)
    }
  }
  for (const [open, close] of [['(', ')'], ['<', '>'], ['&lt;', '&gt;']]) {
    const opens = middle.split(open).length - 1
    if (opens <= middle.split(close).length - 1) continue
    const moves = Math.min(opens, tail.split(close).length - 1)
    for (let i = 0; i < moves; i++) {
      const end = tail.indexOf(close) + close.length
      middle += tail.slice(0, end)
      tail = tail.slice(end)
    }
  }
  return { head, middle, tail }
}

function urlizeOptions(p: Record<string, unknown>): UrlizeOptions {
  const relParts = new Set((optional(p.rel, strArg) ?? '').split(/\s+/).filter(Boolean))
  if (p.nofollow === true) relParts.add('nofollow')
  relParts.add('noopener') // Jinja2's default policy "urlize.rel"
  const extraSchemes = Array.isArray(p.extra_schemes) ? p.extra_schemes.map(strArg) : []
  for (const scheme of extraSchemes) {
    if (!SCHEME_RE.test(scheme)) throw new TemplateError(`${pythonRepr(scheme)} is not a valid URI scheme prefix.`)
  }
  return {
    trimLimit: optional(p.trim_url_limit, (v) => intArg(v, 'trim_url_limit')),
    rel: [...relParts].sort().join(' '),
    target: optional(p.target, strArg),
    extraSchemes,
  }
}

const escapeFilter = defineFilter('escape', {}, (v) => escapeHtml(pythonStr(v)))

export const jinjaHtmlFilters: Record<string, FilterFn> = {
  escape: escapeFilter,
  e: escapeFilter,
  forceescape: defineFilter('forceescape', {}, (v) => escapeHtml(pythonStr(v))),
  safe: defineFilter('safe', {}, (v) => pythonStr(v)),
  urlencode: defineFilter('urlencode', {}, (v) => urlencode(v)),
  urlize: defineFilter(
    'urlize',
    { trim_url_limit: null, nofollow: false, target: null, rel: null, extra_schemes: null },
    (v, p) => urlize(pythonStr(v), urlizeOptions(p)),
  ),
  xmlattr: defineFilter('xmlattr', { autospace: true }, (v, p) => xmlattr(v, p.autospace !== false)),
}
