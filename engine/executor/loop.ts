// Loops: `loop:` (a templated list) or `with_<lookup>:` (a lookup's result), and the
// variables each item sees (loop_var, index_var, ansible_loop with extended).
import { TsplayError } from '../errors.js'
import type { Task } from '../load/model.js'
import type { RunContext } from './context.js'
import { makeFindFile } from './module-call.js'
import { lookups } from '../template/lookups/index.js'
import { copyFloatMark } from '../load/float-marks.js'

export interface LoopControl {
  loopVar: string
  indexVar?: string
  label?: unknown
  pause: number
  extended: boolean
  extendedAllitems: boolean
}

export function loopKeyword(task: Task): { kind: 'loop' | 'with'; lookup?: string; value: unknown } | undefined {
  if (task.keywords.loop !== undefined) return { kind: 'loop', value: task.keywords.loop }
  for (const [key, value] of Object.entries(task.keywords)) {
    if (key.startsWith('with_')) return { kind: 'with', lookup: key.slice(5), value }
  }
  return undefined
}

export function loopControl(ctx: RunContext, task: Task, vars: Record<string, unknown>): LoopControl {
  const raw = (task.keywords.loop_control ?? {}) as Record<string, unknown>
  const t = (v: unknown) => ctx.templar.template(v, vars, { pos: task.pos })
  return {
    loopVar: String(t(raw.loop_var ?? 'item')),
    indexVar: raw.index_var === undefined ? undefined : String(t(raw.index_var)),
    label: raw.label,
    pause: Number(t(raw.pause ?? 0)) || 0,
    extended: Boolean(t(raw.extended ?? false)),
    extendedAllitems: t(raw.extended_allitems ?? true) !== false,
  }
}

/** The list of items, or an error worded as Ansible words it. */
export function resolveItems(ctx: RunContext, task: Task, vars: Record<string, unknown>, searchPaths: string[]): unknown[] {
  const spec = loopKeyword(task)
  if (!spec) return []
  const renderCtx = { pos: task.pos, searchPaths, findFile: makeFindFile(searchPaths) }
  if (spec.kind === 'loop') {
    const items = ctx.templar.template(spec.value, vars, renderCtx)
    if (!Array.isArray(items)) {
      throw new TsplayError(`Invalid data passed to 'loop', it requires a list, got this instead: ${pyish(items)}. Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.`, { pos: task.pos })
    }
    return items
  }
  // with_<lookup>: the templated terms, as a list, go straight to the lookup (wantlist).
  const terms = ctx.templar.template(spec.value, vars, renderCtx)
  const lookup = lookups[spec.lookup!]
  if (!lookup) throw new TsplayError(`lookup plugin '${spec.lookup}' not found (used by with_${spec.lookup})`, { pos: task.pos })
  const items = lookup(Array.isArray(terms) ? terms : [terms], {}, {
    searchPaths, findFile: renderCtx.findFile, vars,
    render: (source, extra) => ctx.templar.renderString(source, extra ? { ...extra, __proto__: vars } as Record<string, unknown> : vars, renderCtx),
  })
  if (!Array.isArray(items)) throw new TsplayError(`with_${spec.lookup} did not return a list`, { pos: task.pos })
  return items
}

function pyish(value: unknown): string {
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

/** Variables for item `index` of `items`. */
export function itemVars(items: unknown[], index: number, lc: LoopControl): Record<string, unknown> {
  const vars: Record<string, unknown> = { [lc.loopVar]: items[index], ansible_loop_var: lc.loopVar }
  copyFloatMark(items, index, vars, lc.loopVar)
  if (lc.indexVar) {
    vars[lc.indexVar] = index
    vars.ansible_index_var = lc.indexVar
  }
  if (lc.extended) vars.ansible_loop = extendedLoop(items, index, lc)
  return vars
}

function extendedLoop(items: unknown[], index: number, lc: LoopControl): Record<string, unknown> {
  const length = items.length
  const loop: Record<string, unknown> = {
    index: index + 1, index0: index, first: index === 0, last: index === length - 1, length,
    revindex: length - index, revindex0: length - index - 1,
  }
  if (lc.extendedAllitems) loop.allitems = items
  if (index > 0) loop.previtem = items[index - 1]
  if (index < length - 1) loop.nextitem = items[index + 1]
  return loop
}
