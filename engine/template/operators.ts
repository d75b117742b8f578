// Python's operators on template values. JavaScript's would be silently wrong: '1' == 1,
// [] is true, [1] + [2] is "12", -7 % 3 is -1, 7 * 3 // 2 has no integer division.
// Arithmetic on numbers, with Python's int/float rules, is in number-ops.ts.
import { TemplateError } from '../errors.js'
import { pyCompare, pyContains, pyEquals } from './filters/python-compare.js'
import { percentFormat } from './filters/python-format.js'
import { pythonStr } from './filters/python-repr.js'
import { isInt } from './filters/python-float.js'
import { isMapping, isNumber, isNumeric, isString, isTuple, numericKeyText, truthy, tuple, typeName } from './filters/python-types.js'
import type { BinaryOperator, CompareOperator } from './ast.js'
import { hasKey } from './has-key.js'
import { markOwned } from './collection-methods.js'
import { negateNumber, numericOp, plusNumber } from './number-ops.js'
import { isUndefined, SilentUndefined } from './undefined.js'

/** Python's bool(value); Jinja2's lenient Undefined (from `x if c`) is false. */
export function truth(value: unknown): boolean {
  if (value instanceof SilentUndefined) return false
  return truthy(value)
}

function defined(value: unknown): unknown {
  if (isUndefined(value)) throw value.error()
  return value
}

export function binaryOp(op: BinaryOperator, left: unknown, right: unknown): unknown {
  const a = defined(left)
  const b = defined(right)
  const hook = operatorHook(a, op)
  if (hook) return hook.call(a, b)
  if (op === '%' && isString(a)) return percentFormat(String(a), b)
  if (isNumeric(a) && isNumeric(b)) return numericOp(op, a, b)
  if (op === '+') return addSequences(a, b)
  if (op === '*') return repeatSequence(a, b)
  throw unsupported(op, a, b)
}

const DUNDERS: Partial<Record<BinaryOperator, string>> = { '+': '__add__', '-': '__sub__' }

/** Library objects that mirror Python classes (datetime - datetime) bring their own operators. */
function operatorHook(value: unknown, op: BinaryOperator): ((other: unknown) => unknown) | undefined {
  const name = DUNDERS[op]
  if (!name || typeof value !== 'object' || value === null) return undefined
  const hook = (value as Record<string, unknown>)[name]
  return typeof hook === 'function' ? (hook as (other: unknown) => unknown) : undefined
}

/** Two instances of one library class ordered by their numeric valueOf (datetimes, timedeltas). */
function orderedPair(a: unknown, b: unknown): [number, number] | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return undefined
  if (Array.isArray(a) || a.constructor !== b.constructor || a.constructor === Object) return undefined
  const [x, y] = [a.valueOf(), b.valueOf()]
  return typeof x === 'number' && typeof y === 'number' ? [x, y] : undefined
}

function unsupported(op: string, a: unknown, b: unknown): TemplateError {
  const name = op === '**' ? '** or pow()' : op
  return new TemplateError(`unsupported operand type(s) for ${name}: '${typeName(a)}' and '${typeName(b)}'`)
}

function addSequences(a: unknown, b: unknown): unknown {
  if (isString(a) && isString(b)) return String(a) + String(b)
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    return isTuple(a) ? tuple(...a, ...b) : markOwned([...a, ...b])
  }
  if (isString(a)) return fail(`can only concatenate str (not "${typeName(b)}") to str`)
  if (Array.isArray(a)) return fail(`can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`)
  throw unsupported('+', a, b)
}

function repeatSequence(a: unknown, b: unknown): unknown {
  const [seq, times] = isNumeric(a) ? [b, a] : [a, b]
  if (!isString(seq) && !Array.isArray(seq)) throw unsupported('*', a, b)
  if (typeof times !== 'boolean' && !isInt(times)) {
    return fail(`can't multiply sequence by non-int of type '${typeName(times)}'`)
  }
  const count = Math.max(0, Number(times))
  if (isString(seq)) return String(seq).repeat(count)
  const items = Array.from({ length: count }, () => seq).flat()
  return isTuple(seq) ? tuple(...items) : markOwned(items)
}

function fail(message: string): never {
  throw new TemplateError(message)
}

export function negate(value: unknown): unknown {
  const v = defined(value)
  if (!isNumeric(v)) return fail(`bad operand type for unary -: '${typeName(v)}'`)
  return negateNumber(v)
}

export function positive(value: unknown): unknown {
  const v = defined(value)
  if (!isNumeric(v)) return fail(`bad operand type for unary +: '${typeName(v)}'`)
  return plusNumber(v)
}

/** `a ~ b ~ c`: Python's str() of each, joined. */
export function concatText(values: unknown[]): string {
  return values.map((v) => (v instanceof SilentUndefined ? '' : pythonStr(defined(v)))).join('')
}

export function compareOp(op: CompareOperator, left: unknown, right: unknown): boolean {
  const a = defined(left)
  const b = defined(right)
  const ordered = orderedPair(a, b)
  if (ordered && op !== 'in' && op !== 'not in') return compareNumbers(op, ordered[0], ordered[1])
  switch (op) {
    case '==':
      return pyEquals(a, b)
    case '!=':
      return !pyEquals(a, b)
    case 'in':
      return contains(b, a)
    case 'not in':
      return !contains(b, a)
    case '<':
      return pyCompare(a, b, op) < 0
    case '<=':
      return pyCompare(a, b, op) <= 0
    case '>':
      return pyCompare(a, b, op) > 0
    default:
      return pyCompare(a, b, op) >= 0
  }
}

function compareNumbers(op: CompareOperator, a: number, b: number): boolean {
  switch (op) {
    case '==':
      return a === b
    case '!=':
      return a !== b
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    default:
      return a >= b
  }
}

/**
 * Python's `item in container`; dict keys must be hashable, as in Python. A dict is asked
 * for the key directly, never enumerated: it may be a lazy variable object or hostvars.
 */
function contains(container: unknown, item: unknown): boolean {
  if (!Array.isArray(container) && !isString(container) && typeof container === 'object' && container !== null) {
    if (Array.isArray(item) && !isTuple(item)) return fail("unhashable type: 'list'")
    if (typeof item === 'object' && item !== null && !isTuple(item) && !(item instanceof String) && !isNumber(item)) {
      return fail(`unhashable type: '${typeName(item)}'`)
    }
    const key = numericKeyText(item)
    if (isMapping(container) && !(container instanceof Map) && key !== undefined) return hasKey(container, key)
  }
  return pyContains(container, item)
}
