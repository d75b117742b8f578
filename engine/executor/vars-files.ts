// A play's vars_files, loaded once per host (file names may use host variables).
// An entry that is a list means "the first of these that exists".
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { TsplayError } from '../errors.js'
import { getPos } from '../load/position.js'
import { loadYamlFileSync } from '../load/yaml.js'
import { collectVars } from '../vars/collect.js'
import { lazyVars } from '../vars/lazy.js'
import type { PlayState, RunContext } from './context.js'
import { hostState } from './task-vars.js'

export function loadVarsFilesFor(ctx: RunContext, ps: PlayState, host: string): Record<string, unknown> {
  const cached = ps.varsFiles.get(host)
  if (cached) return cached
  const loaded: Record<string, unknown> = {}
  ps.varsFiles.set(host, loaded)
  if (ps.play.varsFiles.length === 0) return loaded
  const merged = collectVars({ inventoryVars: ctx.inventory.hostVars(host), state: hostState(ctx, host), play: ps.play, extraVars: ctx.extraVars, hashMerge: ctx.settings.hashBehaviour === 'merge' })
  const vars = lazyVars(merged, (value, v) => ctx.templar.template(value, v, { pos: ps.play.pos }), {
    inventory_hostname: host, playbook_dir: ctx.playbookDir, groups: ctx.inventory.groupsVar(),
  })
  for (const entry of ps.play.varsFiles) {
    const choices = (Array.isArray(entry) ? entry : [entry]).map((name) => String(ctx.templar.template(name, vars, { pos: ps.play.pos })))
    const file = choices.map((name) => resolve(ps.play.basedir, name)).find((path) => existsSync(path))
    if (!file) {
      throw new TsplayError(`vars file ${choices.join(' or ')} was not found (relative to ${ps.play.basedir})`, { pos: getPos(ps.play.varsFiles) ?? ps.play.pos })
    }
    const data = loadYamlFileSync(file)
    if (data === null || data === undefined) continue
    if (typeof data !== 'object' || Array.isArray(data)) {
      throw new TsplayError(`vars file ${file} must hold a mapping of variable names to values`, { pos: { file, line: 1, column: 1 } })
    }
    Object.assign(loaded, data)
  }
  return loaded
}
