// Jinja2 macros and {% call %} blocks: callables that render their body with their
// arguments bound, defaults evaluated at call time, and the special names `varargs`,
// `kwargs` and `caller` available when the body uses them.
import { TemplateError } from '../errors.js'
import { tuple } from './filters/python-types.js'
import type { Param, Stmt } from './ast.js'
import { MISSING, type PyObject } from './callable.js'
import type { Scope } from './scope.js'
import type { Kwargs } from './types.js'
import { Undefined } from './undefined.js'

/** What a macro needs from the renderer. */
export interface MacroHost {
  evaluateDefault(param: Param, scope: Scope): unknown
  renderToString(body: Stmt[], scope: Scope): string
}

const usedNames = new WeakMap<Stmt[], Set<string>>()

/** Which of varargs / kwargs / caller a body refers to (computed once per body). */
function specialNamesUsed(body: Stmt[]): Set<string> {
  let found = usedNames.get(body)
  if (found) return found
  found = new Set()
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (typeof node !== 'object' || node === null) return
    const n = node as { kind?: string; name?: string }
    if (n.kind === 'name' && (n.name === 'varargs' || n.name === 'kwargs' || n.name === 'caller')) found?.add(n.name)
    Object.values(node).forEach(visit)
  }
  visit(body)
  usedNames.set(body, found)
  return found
}

export class Macro implements PyObject {
  readonly pyTypeName = 'Macro'
  private readonly uses: Set<string>

  constructor(
    readonly name: string,
    private readonly params: Param[],
    private readonly body: Stmt[],
    /** The scope the macro was defined in; calls see its names. */
    private readonly closure: Scope,
    private readonly host: MacroHost,
  ) {
    this.uses = specialNamesUsed(body)
  }

  pyCall(args: unknown[], kwargs: Kwargs): string {
    const scope = this.closure.child()
    const rest = { ...kwargs }
    this.params.forEach((param, i) => scope.set(param.name, this.argument(param, i, args, rest, scope)))
    const extra = args.slice(this.params.length)
    if (extra.length && !this.uses.has('varargs')) {
      throw new TemplateError(`macro '${this.name}' takes not more than ${this.params.length} argument(s)`)
    }
    if (this.uses.has('varargs')) scope.set('varargs', tuple(...extra))
    if ('caller' in rest) {
      if (!this.uses.has('caller')) throw new TemplateError(`macro '${this.name}' takes no keyword argument 'caller'`)
      scope.set('caller', rest.caller)
      delete rest.caller
    }
    const unknown = Object.keys(rest)
    if (unknown.length && !this.uses.has('kwargs')) throw new TemplateError(`macro '${this.name}' takes no keyword argument '${unknown[0]}'`)
    if (this.uses.has('kwargs')) scope.set('kwargs', rest)
    return this.host.renderToString(this.body, scope)
  }

  private argument(param: Param, index: number, args: unknown[], kwargs: Kwargs, scope: Scope): unknown {
    if (index < args.length) {
      if (param.name in kwargs) throw new TemplateError(`macro '${this.name}' got multiple values for argument '${param.name}'`)
      return args[index]
    }
    if (param.name in kwargs) {
      const value = kwargs[param.name]
      delete kwargs[param.name]
      return value
    }
    if (param.default) return this.host.evaluateDefault(param, scope)
    return new Undefined(param.name, `parameter '${param.name}' was not provided`)
  }

  pyGetAttr(name: string): unknown {
    switch (name) {
      case 'name':
        return this.name
      case 'arguments':
        return tuple(...this.params.map((p) => p.name))
      case 'catch_kwargs':
        return this.uses.has('kwargs')
      case 'catch_varargs':
        return this.uses.has('varargs')
      case 'caller':
        return this.uses.has('caller')
    }
    return MISSING
  }

  __repr__(): string {
    return `<Macro '${this.name}'>`
  }
}

/** An imported template: its top-level macros and variables as attributes. */
export class TemplateModule implements PyObject {
  readonly pyTypeName = 'TemplateModule'

  constructor(
    private readonly templateName: string,
    private readonly exports: Map<string, unknown>,
  ) {}

  pyGetAttr(name: string): unknown {
    return this.exports.has(name) ? this.exports.get(name) : MISSING
  }

  __repr__(): string {
    return `<TemplateModule '${this.templateName}'>`
  }
}
