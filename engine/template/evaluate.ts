// Evaluates expressions with Python's semantics, calling filters and tests from the
// libraries with (value, args, kwargs).
import { closest } from 'fastest-levenshtein'
import { TemplateError } from '../errors.js'
import { isMapping, isNumber, isTuple, mappingEntries, pyList, tuple, typeName } from './filters/python-types.js'
import type { CallArgs, Expr } from './ast.js'
import { getAttr, getItem } from './attributes.js'
import { callValue } from './callable.js'
import { markOwned } from './collection-methods.js'
import { setKey } from './globals.js'
import { binaryOp, compareOp, concatText, negate, positive, truth } from './operators.js'
import type { Scope } from './scope.js'
import { SliceValue } from './slice.js'
import type { FilterFn, Kwargs, TestFn } from './types.js'
import { isUndefined, SilentUndefined } from './undefined.js'

/** The filters and tests a template can name. */
export interface Library {
  filters: Record<string, FilterFn>
  tests: Record<string, TestFn>
}

export class Evaluator {
  constructor(protected readonly library: Library) {}

  /** `bodyText` stands in for the null node of a {% filter %} block's filter chain. */
  evaluate(expr: Expr, scope: Scope, bodyText?: string): unknown {
    switch (expr.kind) {
      case 'const':
        return expr.value
      case 'name':
        return scope.resolve(expr.name)
      case 'tuple':
        return tuple(...expr.items.map((e) => this.evaluate(e, scope)))
      case 'list':
        return markOwned(expr.items.map((e) => this.evaluate(e, scope)))
      case 'dict':
        return this.evaluateDict(expr.items, scope)
      case 'getattr':
        return getAttr(this.evaluate(expr.obj, scope), expr.attr)
      case 'getitem':
        return getItem(this.evaluate(expr.obj, scope), this.evaluate(expr.key, scope))
      case 'slice': {
        const part = (e?: Expr) => (e ? this.evaluate(e, scope) : null)
        return new SliceValue(part(expr.start), part(expr.stop), part(expr.step))
      }
      case 'call': {
        const fn = this.evaluate(expr.fn, scope)
        const [args, kwargs] = this.evaluateArgs(expr.call, scope)
        return callValue(fn, args, kwargs, calleeName(expr.fn))
      }
      case 'filter':
        return this.applyFilter(expr, scope, bodyText)
      case 'test':
        return this.applyTest(expr, scope)
      case 'condexpr':
        if (truth(this.evaluate(expr.test, scope))) return this.evaluate(expr.then, scope)
        if (expr.otherwise) return this.evaluate(expr.otherwise, scope)
        return new SilentUndefined('inline if', 'the inline if-expression evaluated to false and no else section was defined.')
      default:
        return this.evaluateOperator(expr, scope)
    }
  }

  private evaluateOperator(expr: Expr, scope: Scope): unknown {
    switch (expr.kind) {
      case 'binary':
        return binaryOp(expr.op, this.evaluate(expr.left, scope), this.evaluate(expr.right, scope))
      case 'concat':
        return concatText(expr.items.map((e) => this.evaluate(e, scope)))
      case 'and': {
        const left = this.evaluate(expr.left, scope)
        return truth(left) ? this.evaluate(expr.right, scope) : left
      }
      case 'or': {
        const left = this.evaluate(expr.left, scope)
        return truth(left) ? left : this.evaluate(expr.right, scope)
      }
      case 'not':
        return !truth(this.evaluate(expr.operand, scope))
      case 'neg':
        return negate(this.evaluate(expr.operand, scope))
      case 'pos':
        return positive(this.evaluate(expr.operand, scope))
      case 'compare': {
        // Chained like Python: a < b < c is a < b and b < c, each operand evaluated once.
        let left = this.evaluate(expr.first, scope)
        for (const { op, expr: next } of expr.ops) {
          const right = this.evaluate(next, scope)
          if (!compareOp(op, left, right)) return false
          left = right
        }
        return true
      }
      default:
        throw new TemplateError(`cannot evaluate '${expr.kind}' here`)
    }
  }

  private evaluateDict(items: [Expr, Expr][], scope: Scope): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const [keyExpr, valueExpr] of items) {
      const key = this.evaluate(keyExpr, scope)
      if (isUndefined(key)) throw key.error()
      if (typeof key === 'object' && key !== null && !isTuple(key) && !isNumber(key)) {
        throw new TemplateError(`unhashable type: '${typeName(key)}'`)
      }
      setKey(out, key, this.evaluate(valueExpr, scope))
    }
    return markOwned(out)
  }

  /** Positional and keyword arguments, with *args and **kwargs expanded. */
  evaluateArgs(call: CallArgs, scope: Scope): [unknown[], Kwargs] {
    const args = call.args.map((e) => this.evaluate(e, scope))
    const kwargs: Kwargs = {}
    for (const [name, e] of call.kwargs) kwargs[name] = this.evaluate(e, scope)
    if (call.starArgs) args.push(...pyList(this.evaluate(call.starArgs, scope)))
    if (call.starKwargs) {
      const more = this.evaluate(call.starKwargs, scope)
      if (!isMapping(more)) throw new TemplateError('argument after ** must be a mapping')
      for (const [k, v] of mappingEntries(more)) kwargs[String(k)] = v
    }
    return [args, kwargs]
  }

  private applyFilter(expr: Expr & { kind: 'filter' }, scope: Scope, bodyText?: string): unknown {
    const filter = lookupPlugin(this.library.filters, expr.name, 'filter')
    const value = expr.node ? this.evaluate(expr.node, scope, bodyText) : bodyText
    const [args, kwargs] = this.evaluateArgs(expr.call, scope)
    return adoptResult(filter(value, args, kwargs), value)
  }

  private applyTest(expr: Expr & { kind: 'test' }, scope: Scope): boolean {
    const test = lookupPlugin(this.library.tests, expr.name, 'test')
    const value = this.evaluate(expr.node, scope)
    const [args, kwargs] = this.evaluateArgs(expr.call, scope)
    return Boolean(test(value, args, kwargs))
  }
}

function lookupPlugin<T>(plugins: Record<string, T>, name: string, kind: 'filter' | 'test'): T {
  if (Object.prototype.hasOwnProperty.call(plugins, name)) return plugins[name]
  const names = Object.keys(plugins)
  const hint = names.length ? `did you mean '${closest(name, names)}'?` : undefined
  throw new TemplateError(`No ${kind} named '${name}'.`, { hint })
}

/**
 * A list or dict a filter built anew belongs to the template (its methods may mutate
 * it); one the filter passed through from its input, or picked out of it, does not.
 */
function adoptResult(result: unknown, input: unknown): unknown {
  if (typeof result !== 'object' || result === null || result === input) return result
  if (Array.isArray(input) && input.includes(result)) return result
  return markOwned(result)
}

/** How a callee reads in messages: `range`, `x.split`. */
function calleeName(expr: Expr): string {
  if (expr.kind === 'name') return expr.name
  if (expr.kind === 'getattr') return expr.attr
  return 'object'
}
