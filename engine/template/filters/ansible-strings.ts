// Ansible's text filters: comment (decorate text as a config-file comment) and split.
import { TemplateError } from '../../errors.js'
import type { FilterFn, Kwargs } from '../types.js'
import { pythonRepr, pythonStr } from './python-repr.js'
import { pySplit } from './python-strings.js'
import { isString, typeName } from './python-types.js'
import { defineFilter, intArg, optional, strArg } from './signature.js'

interface CommentStyle {
  beginning?: string
  decoration: string
  end?: string
}

const COMMENT_STYLES: Record<string, CommentStyle> = {
  plain: { decoration: '# ' },
  erlang: { decoration: '% ' },
  c: { decoration: '// ' },
  cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
  xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
}

const COMMENT_OPTIONS = ['newline', 'beginning', 'prefix', 'prefix_count', 'decoration', 'postfix', 'postfix_count', 'end']

function comment(text: string, style: string, kw: Kwargs): string {
  const styleParams = COMMENT_STYLES[style]
  if (!styleParams) throw new TemplateError(`KeyError: ${pythonRepr(style)} (comment styles are ${Object.keys(COMMENT_STYLES).join(', ')})`)
  const unknown = Object.keys(kw).find((k) => !COMMENT_OPTIONS.includes(k))
  if (unknown !== undefined) throw new TemplateError(`filter 'comment' got an unexpected keyword argument '${unknown}'`)
  const prepostfix = kw.decoration !== undefined ? strArg(kw.decoration) : styleParams.decoration
  const p: Record<string, unknown> = {
    newline: '\n',
    beginning: '',
    prefix: prepostfix.trimEnd(),
    prefix_count: 1,
    postfix: prepostfix.trimEnd(),
    postfix_count: 1,
    end: '',
    ...styleParams,
    ...kw,
  }
  const newline = strArg(p.newline)
  const decoration = strArg(p.decoration)
  const beginning = p.beginning ? `${strArg(p.beginning)}${newline}` : ''
  let prefix = ''
  if (p.prefix) {
    const line = p.prefix !== newline ? `${strArg(p.prefix)}${newline}` : newline
    prefix = line.repeat(intArg(p.prefix_count, 'prefix_count'))
  }
  const body = `${decoration}${text.replaceAll(newline, `${newline}${decoration}`)}`.replaceAll(
    `${decoration}${newline}`,
    `${decoration.trimEnd()}${newline}`,
  )
  const postfix = ['', ...Array<string>(intArg(p.postfix_count, 'postfix_count')).fill(strArg(p.postfix))].join(newline)
  const end = p.end ? `${newline}${strArg(p.end)}` : ''
  return beginning + prefix + body + postfix + end
}

export const ansibleStringFilters: Record<string, FilterFn> = {
  comment: (value, args, kwargs) => {
    if (args.length > 1) throw new TemplateError(`filter 'comment' takes at most 1 positional argument (${args.length} given)`)
    const { style = args[0] ?? 'plain', ...kw } = kwargs
    return comment(pythonStr(value), strArg(style), kw)
  },
  split: defineFilter('split', { sep: null, maxsplit: -1 }, (v, p) => {
    if (!isString(v)) throw new TemplateError(`descriptor 'split' for 'str' objects doesn't apply to a '${typeName(v)}' object`)
    return pySplit(String(v), optional(p.sep, strArg), intArg(p.maxsplit, 'maxsplit'))
  }),
}
