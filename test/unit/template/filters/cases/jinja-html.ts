import type { FilterCase } from './case.js'

export const jinjaHtmlCases: FilterCase[] = [
  { f: 'escape', v: `<a href="x">'&'</a>`, repr: "'&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;'", differs: 'Markup is plain text in tsplay (same printed output)' },
  { f: 'e', v: 'a < b', repr: "'a &lt; b'", differs: 'Markup is plain text in tsplay (same printed output)' },
  { f: 'escape', v: 5, repr: "'5'", differs: 'Markup is plain text in tsplay (same printed output)' },
  { f: 'forceescape', v: '<b>', repr: "'&lt;b&gt;'", differs: 'Markup is plain text in tsplay (same printed output)' },
  { f: 'safe', v: '<b>', repr: "'<b>'", differs: 'Markup is plain text in tsplay (same printed output)' },
  { f: 'safe', v: [1], repr: "'[1]'", differs: 'Markup is plain text in tsplay (same printed output)' },
  { f: 'urlencode', v: 'a b/c?d=é&', repr: "'a%20b/c%3Fd%3D%C3%A9%26'" },
  { f: 'urlencode', v: { a: 'b c', 'd/e': 1 }, repr: "'a=b+c&d%2Fe=1'" },
  { f: 'urlencode', v: [['k', 'v w'], ['x', '&']], repr: "'k=v+w&x=%26'" },
  { f: 'urlencode', v: 42, repr: "'42'" },
  { f: 'urlize', v: 'see http://example.com/x, or www.example.org.', repr: "'see <a href=\"http://example.com/x\" rel=\"noopener\">http://example.com/x</a>, or <a href=\"https://www.example.org\" rel=\"noopener\">www.example.org</a>.'" },
  { f: 'urlize', v: 'mail foo@example.com now', repr: "'mail <a href=\"mailto:foo@example.com\">foo@example.com</a> now'" },
  { f: 'urlize', v: 'go https://example.com/a/very/long/path', a: [15, true], repr: "'go <a href=\"https://example.com/a/very/long/path\" rel=\"nofollow noopener\">https://example...</a>'" },
  { f: 'urlize', v: 'go example.com (http://x.org/a)', kw: { target: '_blank' }, repr: "'go <a href=\"https://example.com\" rel=\"noopener\" target=\"_blank\">example.com</a> (<a href=\"http://x.org/a\" rel=\"noopener\" target=\"_blank\">http://x.org/a</a>)'" },
  { f: 'urlize', v: 'ftp://host/file', kw: { extra_schemes: ['ftp://'] }, repr: "'<a href=\"ftp://host/file\" rel=\"noopener\">ftp://host/file</a>'" },
  { f: 'xmlattr', v: { class: 'my list', missing: null, id: 'x"y', n: 3 }, repr: "' class=\"my list\" id=\"x&#34;y\" n=\"3\"'" },
  { f: 'xmlattr', v: { a: 1 }, a: [false], repr: "'a=\"1\"'" },
  { f: 'xmlattr', v: { 'a b': 1 }, error: 'Invalid character in attribute name' },
]
