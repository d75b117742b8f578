// File modes as Ansible's `mode` parameter takes them: an int is the mode itself (YAML
// turned 0644 into 420), a string is octal when it reads as octal ("0644", "644"),
// otherwise chmod-style symbolic ("u=rw,g=r,o=r", "u+x", "a-w", "g=u").
import { FileModuleFailure } from './failure.js'

export type ModeParam = string | number

/** The permission bits a mode may hold (rwx for all, setuid, setgid, sticky). */
const PERM_BITS = 0o7777
const EXEC_BITS = 0o111
/** What a process creating files usually has; the target's real umask is not asked for. */
export const ASSUMED_UMASK = 0o022

/** What a symbolic mode is applied to: the current (or, for a new path, the default) mode. */
export interface ModeBase {
  mode: number
  isdir: boolean
}

/** Ansible's `'0%03o' % mode`: "0644", "0755", "04755". */
export function formatMode(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`
}

/** The stat module's `'%04o' % mode`: "0644", "4755". */
export function formatStatMode(mode: number): string {
  return mode.toString(8).padStart(4, '0')
}

/** The mode a new file or folder gets without a `mode` parameter. */
export function defaultMode(isdir: boolean, umask = ASSUMED_UMASK): number {
  return (isdir ? 0o777 : 0o666) & ~umask
}

/** Python's int(text, 8): "0644", "644", "0o644", with optional sign and spaces. */
function parseOctal(text: string): number | undefined {
  const m = /^\s*([+-]?)(?:0[oO])?([0-7](?:_?[0-7])*)\s*$/.exec(text)
  if (!m) return undefined
  const value = parseInt(m[2]!.replaceAll('_', ''), 8)
  return m[1] === '-' ? -value : value
}

/** The numeric mode `param` asks for, given what it applies to (needed by symbolic modes). */
export function resolveMode(param: ModeParam, base: ModeBase, umask = ASSUMED_UMASK): number {
  if (typeof param === 'number') return param
  const octal = parseOctal(param)
  if (octal !== undefined) return octal
  let mode: number
  try {
    mode = applySymbolicMode(param, base, umask)
  } catch (err) {
    throw new FileModuleFailure('mode must be in octal or symbolic form', { details: (err as Error).message })
  }
  if ((mode & PERM_BITS) !== mode) throw new FileModuleFailure('Invalid mode supplied, only permission info is allowed', { details: mode })
  return mode
}

/** True when `param` can be resolved without knowing the current mode. */
export function isAbsoluteMode(param: ModeParam): boolean {
  return typeof param === 'number' || parseOctal(param) !== undefined
}

const CLAUSE = /^([ugoa]*)((?:[-+=][rwxXstugo]*)+)$/

/** chmod's symbolic clauses, comma separated, each applied in turn to `base.mode`. */
export function applySymbolicMode(symbolic: string, base: ModeBase, umask = ASSUMED_UMASK): number {
  let mode = base.mode & PERM_BITS
  for (const clause of symbolic.split(',')) {
    const m = CLAUSE.exec(clause)
    if (!m) throw new Error(`bad symbolic permission for mode: ${clause}`)
    const who = m[1]!
    const useUmask = who === ''
    const users = who === '' || who.includes('a') ? 'ugo' : who
    for (const action of m[2]!.match(/[-+=][^-+=]*/g)!) {
      const operator = action[0]!
      const perms = action.slice(1)
      for (const user of users) {
        const bits = permBits(user as Who, perms, base, useUmask ? umask : 0)
        mode = applyOperator(user as Who, operator, bits, mode)
      }
    }
  }
  return mode
}

type Who = 'u' | 'g' | 'o'

/** Each class's rwx bits, and the special bit `=` resets with them. */
const CLASS_MASK: Record<Who, number> = { u: 0o4700, g: 0o2070, o: 0o1007 }
const SHIFT: Record<Who, number> = { u: 6, g: 3, o: 0 }

function applyOperator(who: Who, operator: string, bits: number, mode: number): number {
  if (operator === '+') return mode | bits
  if (operator === '-') return mode & ~bits
  return (mode & ~CLASS_MASK[who]) | bits
}

/**
 * The bits `perms` means for class `who`. Copies (u, g, o) and X look at the mode the
 * path had before this parameter, as Ansible does; a clause with no class honours umask.
 */
function permBits(who: Who, perms: string, base: ModeBase, umask: number): number {
  const previous = base.mode & PERM_BITS
  const shift = SHIFT[who]
  let bits = 0
  for (const p of perms) {
    if (p === 'r' || p === 'w' || p === 'x') {
      const bit = (p === 'r' ? 4 : p === 'w' ? 2 : 1) << shift
      bits |= bit & ~umask
    } else if (p === 'X') {
      if (base.isdir || (previous & EXEC_BITS) !== 0) bits |= 1 << shift
    } else if (p === 's') {
      bits |= who === 'u' ? 0o4000 : who === 'g' ? 0o2000 : 0
    } else if (p === 't') {
      bits |= who === 'o' ? 0o1000 : 0
    } else {
      const source = (previous >> SHIFT[p as Who]) & 0o7
      bits |= source << shift
    }
  }
  return bits
}
