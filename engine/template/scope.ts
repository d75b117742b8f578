// Name resolution as Jinja2 does it: template-local assignments (each for-loop
// iteration, macro call and with-block gets its own child scope, so a {% set %} inside a
// loop never leaks out), then the variables given to the render (their integral floats
// lifted into the engine's form, float-boundary.ts), then the globals.
// Variables are read one name at a time and never enumerated: they may be a lazy object
// whose getters template each value on first use.
import { liftSlot } from './float-boundary.js'
import { hasKey } from './has-key.js'
import { Undefined, UndefinedError } from './undefined.js'

export type VarSource = Record<string, unknown> | Map<string, unknown>

/** Finds a global by name; undefined when there is none. */
export type GlobalResolver = (name: string) => unknown

/** The variables and globals under every scope of one render. */
export class RootScope {
  constructor(
    private readonly sources: VarSource[],
    private readonly globals: GlobalResolver,
  ) {}

  resolve(name: string): unknown {
    for (const source of this.sources) {
      try {
        if (source instanceof Map ? source.has(name) : hasKey(source, name)) {
          return liftSlot(source, name, source instanceof Map ? source.get(name) : source[name])
        }
      } catch (err) {
        // A lazy variable whose own template uses an undefined name is itself undefined,
        // as in Ansible: `x is defined` answers false instead of failing.
        if (err instanceof UndefinedError) return new Undefined(name, err.message)
        throw err
      }
    }
    return this.globals(name) ?? new Undefined(name)
  }

  /** The same globals without the variables, for an import without context. */
  withoutVariables(): RootScope {
    return new RootScope([], this.globals)
  }
}

export class Scope {
  private readonly locals = new Map<string, unknown>()

  constructor(
    readonly root: RootScope,
    private readonly parent?: Scope,
  ) {}

  child(): Scope {
    return new Scope(this.root, this)
  }

  set(name: string, value: unknown): void {
    this.locals.set(name, value)
  }

  resolve(name: string): unknown {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      if (scope.locals.has(name)) return scope.locals.get(name)
    }
    return this.root.resolve(name)
  }

  /** Names assigned directly in this scope: what an imported template exports. */
  ownEntries(): [string, unknown][] {
    return [...this.locals.entries()]
  }
}
