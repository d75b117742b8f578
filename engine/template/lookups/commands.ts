// Lookups that run a shell command on the controller: pipe (its output) and lines (its
// output, line by line). Like Ansible they run in the playbook's folder, synchronously,
// and fail when the command exits non-zero.
import { spawnSync } from 'node:child_process'
import { constants } from 'node:os'
import { TemplateError } from '../../errors.js'
import type { LookupContext, LookupFn } from '../types.js'
import { pySplitlines, pyStrip } from '../filters/python-strings.js'
import { pythonStr } from '../filters/python-repr.js'
import { baseDir, lookupOptions } from './options.js'

function run(lookup: string, command: string, ctx: LookupContext): string {
  const result = spawnSync('/bin/sh', ['-c', command], {
    cwd: baseDir(ctx),
    stdio: ['pipe', 'pipe', 'inherit'], // stderr reaches the terminal, as with Ansible
    maxBuffer: 256 * 1024 * 1024,
  })
  if (result.error) throw new TemplateError(`lookup_plugin.${lookup}(${command}) failed: ${result.error.message}`)
  // Python reports a command killed by a signal as a negative return code.
  const rc = result.status ?? -(result.signal ? constants.signals[result.signal] : 0)
  if (rc !== 0) throw new TemplateError(`lookup_plugin.${lookup}(${command}) returned ${rc}`)
  return result.stdout.toString('utf8')
}

const pipe: LookupFn = (terms, kwargs, ctx) => {
  lookupOptions('pipe', kwargs, {})
  return terms.map((term) => pyStrip(run('pipe', pythonStr(term), ctx), null, 'right'))
}

const lines: LookupFn = (terms, kwargs, ctx) => {
  lookupOptions('lines', kwargs, {})
  return terms.flatMap((term) => pySplitlines(run('lines', pythonStr(term), ctx)))
}

export const commandLookups: Record<string, LookupFn> = { pipe, lines }
