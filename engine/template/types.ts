// Shapes shared by the template engine (engine/template/*.ts) and its libraries of
// filters, tests and lookups (engine/template/{filters,tests,lookups}/).

/** Keyword arguments as written in the template: `join(attribute='name')` → { attribute: 'name' }. */
export type Kwargs = Record<string, unknown>

/** A filter: `value | name(args..., kw=...)`. Throw TemplateError for bad input. */
export type FilterFn = (value: unknown, args: unknown[], kwargs: Kwargs) => unknown

/** A test: `value is name(args...)`. */
export type TestFn = (value: unknown, args: unknown[], kwargs: Kwargs) => boolean

/** What a lookup plugin may use on the controller. */
export interface LookupContext {
  /** Controller folders to search for relative paths, most specific first (role dir, playbook dir). */
  searchPaths: string[]
  /** Find `name` in the `kind` subfolder ('files', 'templates', 'vars') of each search path, then in the path itself. */
  findFile(name: string, kind?: string): string | undefined
  /** All variables in scope (lazy object; read by name). */
  vars: Record<string, unknown>
  /** Render template text with the current variables (plus extras). */
  render(template: string, extraVars?: Record<string, unknown>): string
}

/** A lookup: `lookup('name', *terms, **kwargs)` / `query(...)`. Always returns a list; `lookup` joins it unless wantlist. */
export type LookupFn = (terms: unknown[], kwargs: Kwargs, ctx: LookupContext) => unknown[]
