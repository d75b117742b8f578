// Ansible's math filters: log, pow, root, human_readable, human_to_bytes, random, shuffle.
import { TemplateError } from '../../errors.js'
import { isUndefined } from '../undefined.js'
import type { FilterFn } from '../types.js'
import { percentFormat } from './python-format.js'
import { pyRound } from './python-number.js'
import { PyRandom, type RandomSource, randrange, shuffleInPlace, systemRandom } from './python-random.js'
import { pythonStr } from './python-repr.js'
import { isFloat, isInt, numberOf, PyFloat, toFloat } from './python-float.js'
import { isNumeric, isString, pyList, truthy, tuple, typeName } from './python-types.js'
import { REQUIRED, defineFilter, intArg, optional, strArg } from './signature.js'

function realNumber(value: unknown, filter: string): number {
  if (isUndefined(value)) throw value.error()
  if (isNumeric(value)) return numberOf(value)
  throw new TemplateError(`${filter}() can only be used on numbers: must be real number, not ${typeName(value)}`)
}

/** The float a math-module function returns; nan from real input is Python's ValueError. */
function domainChecked(result: number): number | PyFloat {
  if (Number.isNaN(result)) throw new TemplateError('math domain error')
  return toFloat(result)
}

function logarithm(x: number, base: number): number | PyFloat {
  if (x <= 0 || base <= 0 || base === 1) throw new TemplateError(base === 1 ? 'float division by zero' : 'math domain error')
  return toFloat(base === 10 ? Math.log10(x) : Math.log(x) / Math.log(base))
}

// Size suffixes of ansible.module_utils.common.text.formatters, largest first.
const SIZE_RANGES: [string, number][] = [
  ['Y', 2 ** 80], ['Z', 2 ** 70], ['E', 2 ** 60], ['P', 2 ** 50], ['T', 2 ** 40],
  ['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10], ['B', 1],
]

function humanReadable(size: unknown, isbits: boolean, unit: string | undefined): string {
  if (!isNumeric(size)) {
    throw new TemplateError(`human_readable() failed on bad input: '>=' not supported between instances of '${typeName(size)}' and 'int'`)
  }
  const n = Number(size)
  const base = isbits ? 'bits' : 'Bytes'
  let [suffix, limit] = SIZE_RANGES[SIZE_RANGES.length - 1]
  for (const [s, l] of SIZE_RANGES) {
    if ((unit === undefined && n >= l) || (unit !== undefined && unit.toUpperCase() === s)) {
      ;[suffix, limit] = [s, l]
      break
    }
  }
  const label = limit !== 1 ? suffix + base[0] : base
  return percentFormat('%.2f %s', tuple(n / limit, label))
}

function humanToBytes(size: unknown, defaultUnit: string | undefined, isbits: boolean): number {
  const text = pythonStr(size)
  const fail = () => new TemplateError(`human_to_bytes() can't interpret following string: ${text}`)
  const match = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/.exec(text)
  if (!match || match[1] === '' || match[1] === '.') throw fail()
  const num = Number(match[1])
  const unit = match[2] ?? defaultUnit
  if (unit === undefined) return pyRound(num)
  const rangeKey = unit[0].toUpperCase()
  const limit = SIZE_RANGES.find(([s]) => s === rangeKey)?.[1]
  if (limit === undefined) throw fail()
  const unitClass = isbits ? 'b' : 'B'
  const unitClassName = isbits ? 'bit' : 'byte'
  if (unit.length > 1 && !unit.toLowerCase().includes(unitClassName) && unit[1] !== unitClass) throw fail()
  return pyRound(num * limit)
}

function randomSource(seed: unknown): RandomSource {
  if (seed === null || seed === undefined) return systemRandom
  if (typeof seed === 'boolean') return new PyRandom(seed ? 1 : 0)
  if (seed instanceof PyFloat) return new PyRandom(floatSeed(seed.value))
  if (isInt(seed)) return new PyRandom(seed)
  if (isString(seed)) return new PyRandom(String(seed))
  throw new TemplateError(`random seed must be an integer or a string, got ${typeName(seed)}`)
}

/**
 * CPython seeds with a float's hash taken as an unsigned machine word. The hash of an
 * integral float is its int value (-1 hashes to -2), so 1.0 seeds as 1 and -3.0 as 2**64 - 3.
 */
function floatSeed(n: number): number | bigint {
  if (n >= 0) return n
  return 2n ** 64n + BigInt(n === -1 ? -2 : n)
}

/** randrange() still takes an integral float for start and step (deprecated in Python 3.10+). */
function rangeArg(value: unknown, name: string): number {
  if (value instanceof PyFloat) return value.value
  if (isFloat(value)) throw new TemplateError(name === 'start' ? 'non-integer arg 1 for randrange()' : 'non-integer step for randrange()')
  return intArg(value, name)
}

/** Ansible's random: a number from range(start, end, step), or one element of a sequence. */
function random(end: unknown, start: unknown, step: unknown, seed: unknown): unknown {
  if (isUndefined(end)) throw end.error()
  const source = randomSource(seed)
  if (typeof end === 'boolean' || isInt(end)) {
    const from = truthy(start ?? 0) ? rangeArg(start, 'start') : 0
    const by = truthy(step ?? 0) ? rangeArg(step, 'step') : 1
    return randrange(source, from, Number(end), by)
  }
  if (Array.isArray(end) || isString(end)) {
    if (truthy(start ?? 0) || truthy(step ?? 0)) throw new TemplateError('start and step can only be used with integer values')
    const items = pyList(end)
    return items[source.below(items.length)]
  }
  throw new TemplateError('random can only be used on sequences and integers')
}

/** Ansible's shuffle: a shuffled copy; with a (truthy) seed, the same order every time. */
function shuffle(value: unknown, seed: unknown): unknown {
  let items: unknown[]
  try {
    items = pyList(value)
  } catch {
    return value
  }
  return shuffleInPlace(truthy(seed ?? null) ? randomSource(seed) : systemRandom, items)
}

export const ansibleMathFilters: Record<string, FilterFn> = {
  log: defineFilter('log', { base: Math.E }, (v, p) => logarithm(realNumber(v, 'log'), realNumber(p.base, 'log'))),
  pow: defineFilter('pow', { y: REQUIRED }, (v, p) => domainChecked(Math.pow(realNumber(v, 'pow'), realNumber(p.y, 'pow')))),
  root: defineFilter('root', { base: 2 }, (v, p) => {
    const x = realNumber(v, 'root')
    const base = realNumber(p.base, 'root')
    return domainChecked(base === 2 ? Math.sqrt(x) : Math.pow(x, 1 / base))
  }),
  human_readable: defineFilter('human_readable', { isbits: false, unit: null }, (v, p) =>
    humanReadable(v, truthy(p.isbits), optional(p.unit, strArg)),
  ),
  human_to_bytes: defineFilter('human_to_bytes', { default_unit: null, isbits: false }, (v, p) =>
    humanToBytes(v, optional(p.default_unit, strArg), truthy(p.isbits)),
  ),
  random: defineFilter('random', { start: null, step: null, seed: null }, (v, p) => random(v, p.start, p.step, p.seed)),
  shuffle: defineFilter('shuffle', { seed: null }, (v, p) => shuffle(v, p.seed)),
}
