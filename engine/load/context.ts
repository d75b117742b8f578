// What the loaders need from the rest of the engine, passed in so loading stays
// independent of templating and execution.
export interface LoadContext {
  /** Role search path (roles_path), after the playbook's own roles/ folder. */
  rolesPath: string[]
  /** Is `name` (FQCN already stripped) a module or action this run knows? */
  isModule(name: string): boolean | string
  /** Every module name this run knows (for "did you mean" on a misspelt module). */
  moduleNames: string[]
  /** Template a value at load time (static import file names) with the given variables. */
  templateStatic(value: unknown, vars: Record<string, unknown>): unknown
  /** -e variables: static imports can use them. */
  extraVars: Record<string, unknown>
  warn(msg: string): void
}
