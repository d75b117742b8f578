// What ansible-core 2.14 (jinja2_native off) makes of a rendered playbook value: the
// text, except that text which looks like a list, dict or bool ('[', '{', 'True',
// 'False') is parsed back as a Python literal. Numbers stay text: "{{ 1 + 1 }}" is "2".
import type { OutputBuffer } from './output.js'
import { literalEval } from './python-literal.js'

export function convertRendered(out: OutputBuffer): unknown {
  const text = out.text()
  if (out.singlePieceIsText) return text
  if (text.startsWith('{') || text.startsWith('[') || text === 'True' || text === 'False') {
    const literal = literalEval(text)
    if (literal) return literal.value
  }
  return text
}

/** Ansible keeps as many trailing newlines as the source had (Jinja2 drops one). */
export function restoreTrailingNewlines(result: string, source: string, newline: string): string {
  const wanted = trailingNewlines(source)
  const have = trailingNewlines(result)
  return wanted > have ? result + newline.repeat(wanted - have) : result
}

function trailingNewlines(text: string): number {
  let i = text.length
  while (i > 0 && text[i - 1] === '\n') i--
  return text.length - i
}
