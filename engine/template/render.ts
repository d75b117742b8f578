// Executes template statements: text and {{ }} output, if, for (with Jinja2's loop
// variable, inline filter, else branch and per-iteration scope), set, macros, call and
// filter blocks, with, include and import.
import { TemplateError } from '../errors.js'
import { pyList } from './filters/python-types.js'
import type { Param, Stmt, Target, TemplateAst } from './ast.js'
import { callValue } from './callable.js'
import { type Library, Evaluator } from './evaluate.js'
import { Namespace } from './globals.js'
import { LoopContext } from './loop.js'
import { Macro, type MacroHost, TemplateModule } from './macro.js'
import { finalize, isStringFilterOutput, OutputBuffer } from './output.js'
import { truth } from './operators.js'
import { Scope } from './scope.js'
import { SilentUndefined, Undefined } from './undefined.js'

/** Finds and parses another template for {% include %} / {% import %}. */
export type TemplateLoader = (name: string) => TemplateAst | undefined

/** Where in the template source an error happened (offset), kept beside the error. */
export const errorOffsets = new WeakMap<object, number>()

export class Renderer extends Evaluator implements MacroHost {
  constructor(
    library: Library,
    private readonly loader: TemplateLoader,
  ) {
    super(library)
  }

  render(ast: TemplateAst, scope: Scope): OutputBuffer {
    const out = new OutputBuffer()
    this.renderBody(ast.body, scope, out)
    return out
  }

  renderToString(body: Stmt[], scope: Scope): string {
    const out = new OutputBuffer()
    this.renderBody(body, scope, out)
    return out.text()
  }

  evaluateDefault(param: Param, scope: Scope): unknown {
    return param.default ? this.evaluate(param.default, scope) : undefined
  }

  private renderBody(body: Stmt[], scope: Scope, out: OutputBuffer): void {
    for (const stmt of body) {
      try {
        this.execute(stmt, scope, out)
      } catch (err) {
        if (typeof err === 'object' && err !== null && !errorOffsets.has(err)) errorOffsets.set(err, stmt.at)
        throw err
      }
    }
  }

  private execute(stmt: Stmt, scope: Scope, out: OutputBuffer): void {
    switch (stmt.kind) {
      case 'text':
        return out.write(stmt.text)
      case 'print':
        return out.write(finalize(this.evaluate(stmt.expr, scope)), isStringFilterOutput(stmt.expr))
      case 'if':
        return this.renderBody(truth(this.evaluate(stmt.test, scope)) ? stmt.body : stmt.otherwise, scope, out)
      case 'for':
        return this.renderFor(stmt, scope, out, this.evaluate(stmt.iter, scope), 0)
      case 'set':
        return this.assign(stmt.target, this.evaluate(stmt.value, scope), scope)
      case 'setblock': {
        const text = this.renderToString(stmt.body, scope)
        return this.assign(stmt.target, stmt.filter ? this.evaluate(stmt.filter, scope, text) : text, scope)
      }
      case 'macro':
        return scope.set(stmt.name, new Macro(stmt.name, stmt.params, stmt.body, scope, this))
      case 'callblock': {
        const callee = this.evaluate(stmt.call.fn, scope)
        const [args, kwargs] = this.evaluateArgs(stmt.call.call, scope)
        kwargs.caller = new Macro('caller', stmt.params, stmt.body, scope, this)
        return out.write(finalize(callValue(callee, args, kwargs, 'call')))
      }
      case 'filterblock':
        return out.write(finalize(this.evaluate(stmt.filter, scope, this.renderToString(stmt.body, scope.child()))))
      case 'with': {
        const inner = scope.child()
        const values = stmt.values.map((v) => this.evaluate(v, scope))
        stmt.targets.forEach((t, i) => this.assign(t, values[i], inner))
        return this.renderBody(stmt.body, inner, out)
      }
      case 'block':
        return this.renderBody(stmt.body, scope.child(), out)
      default:
        return this.executeImport(stmt, scope, out)
    }
  }

  private renderFor(stmt: Stmt & { kind: 'for' }, scope: Scope, out: OutputBuffer, iterable: unknown, depth0: number): void {
    let items = iterable instanceof SilentUndefined ? [] : pyList(iterable)
    if (stmt.filter) {
      const filter = stmt.filter
      items = items.filter((item) => {
        const probe = scope.child()
        this.assign(stmt.target, item, probe)
        return truth(this.evaluate(filter, probe))
      })
    }
    if (items.length === 0) return this.renderBody(stmt.otherwise, scope.child(), out)
    const recurse = stmt.recursive
      ? (more: unknown) => {
          const nested = new OutputBuffer()
          this.renderFor(stmt, scope, nested, more, depth0 + 1)
          return nested.text()
        }
      : undefined
    const loop = new LoopContext(items, depth0, recurse)
    items.forEach((item, index) => {
      loop.index0 = index
      const iteration = scope.child()
      iteration.set('loop', loop)
      this.assign(stmt.target, item, iteration)
      this.renderBody(stmt.body, iteration, out)
    })
  }

  private assign(target: Target, value: unknown, scope: Scope): void {
    if (target.kind === 'name') return scope.set(target.name, value)
    if (target.kind === 'nsref') {
      const ns = scope.resolve(target.name)
      if (!(ns instanceof Namespace)) throw new TemplateError('cannot assign attribute on non-namespace object')
      return ns.set(target.attr, value)
    }
    const values = pyList(value)
    if (values.length < target.items.length) {
      throw new TemplateError(`not enough values to unpack (expected ${target.items.length}, got ${values.length})`)
    }
    if (values.length > target.items.length) throw new TemplateError(`too many values to unpack (expected ${target.items.length})`)
    target.items.forEach((t, i) => this.assign(t, values[i], scope))
  }

  private executeImport(stmt: Stmt, scope: Scope, out: OutputBuffer): void {
    if (stmt.kind !== 'include' && stmt.kind !== 'import' && stmt.kind !== 'fromimport') return
    const name = String(finalize(this.evaluate(stmt.template, scope)))
    const ast = this.loader(name)
    if (!ast) {
      if (stmt.kind === 'include' && stmt.ignoreMissing) return
      throw new TemplateError(`template not found: ${name}`)
    }
    const base = stmt.withContext ? scope.child() : new Scope(scope.root.withoutVariables())
    if (stmt.kind === 'include') return this.renderBody(ast.body, base, out)
    const moduleScope = base.child()
    this.renderBody(ast.body, moduleScope, new OutputBuffer())
    const exports = new Map(moduleScope.ownEntries().filter(([n]) => !n.startsWith('_')))
    const module = new TemplateModule(name, exports)
    if (stmt.kind === 'import') return scope.set(stmt.target, module)
    for (const [from, as] of stmt.names) {
      const value = module.pyGetAttr(from)
      scope.set(as, typeof value === 'symbol' ? undefinedImport(name, from) : value)
    }
  }
}

function undefinedImport(template: string, name: string): Undefined {
  return new Undefined(name, `the template '${template}' does not export the requested name '${name}'`)
}
