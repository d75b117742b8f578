// The csvfile lookup: the `col`-th field of the row whose first field is the key, from a
// tab- (default) or otherwise-delimited file read as Python's csv module reads it.
import { readFileSync } from 'node:fs'
import { TemplateError } from '../../errors.js'
import { parseKv } from '../../load/kv.js'
import type { LookupFn } from '../types.js'
import { pythonStr } from '../filters/python-repr.js'
import { findLookupFile, lookupOptions, termText } from './options.js'

/** csv.reader with the excel dialect: "quoted" fields, "" for a quote, newlines inside quotes. */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let atFieldStart = true
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
      continue
    }
    if (ch === '"' && atFieldStart) {
      quoted = true
      atFieldStart = false
    } else if (ch === delimiter) {
      row.push(field)
      field = ''
      atFieldStart = true
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      atFieldStart = true
    } else {
      field += ch
      atFieldStart = false
    }
  }
  if (field !== '' || row.length > 0 || quoted) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

const csvfile: LookupFn = (terms, kwargs, ctx) => {
  const defaults = lookupOptions('csvfile', kwargs, { col: '1' as unknown, default: null as unknown, delimiter: 'TAB' as unknown, file: 'ansible.csv' as unknown, encoding: 'utf-8' as unknown })
  const found: unknown[] = []
  for (const term of terms) {
    const { _raw_params: key, ...inline } = parseKv(termText('csvfile', term))
    if (key === undefined) throw new TemplateError('Search key is required but was not found')
    const params = lookupOptions('csvfile', inline, defaults)
    const delimiter = params.delimiter === 'TAB' ? '\t' : pythonStr(params.delimiter)
    const fileName = pythonStr(params.file)
    const path = findLookupFile(ctx, fileName, 'files')
    if (!path) throw new TemplateError(`csvfile: [Errno 2] No such file or directory: '${fileName}'`)
    const row = parseCsv(readFileSync(path, 'utf8'), delimiter).find((r) => r.length > 0 && r[0] === key)
    if (!row) {
      if (params.default !== null && params.default !== undefined) found.push(params.default)
      continue
    }
    const col = Number(pythonStr(params.col))
    if (!Number.isInteger(col) || row[col < 0 ? row.length + col : col] === undefined) throw new TemplateError('csvfile: list index out of range')
    found.push(row[col < 0 ? row.length + col : col])
  }
  return found
}

export const csvLookups: Record<string, LookupFn> = { csvfile }
