// The parsed form of a Jinja2 template. Every node keeps `at`, its offset in the
// prepared source, so runtime errors can name a line and column.

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**'
export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in'

/** Arguments as written at a call site: f(a, b, k=v, *rest, **more). */
export interface CallArgs {
  args: Expr[]
  kwargs: [string, Expr][]
  starArgs?: Expr
  starKwargs?: Expr
}

export type Expr =
  | { kind: 'const'; value: unknown; at: number }
  | { kind: 'name'; name: string; at: number }
  | { kind: 'tuple'; items: Expr[]; at: number }
  | { kind: 'list'; items: Expr[]; at: number }
  | { kind: 'dict'; items: [Expr, Expr][]; at: number }
  | { kind: 'getattr'; obj: Expr; attr: string; at: number }
  | { kind: 'getitem'; obj: Expr; key: Expr; at: number }
  | { kind: 'slice'; start?: Expr; stop?: Expr; step?: Expr; at: number }
  | { kind: 'call'; fn: Expr; call: CallArgs; at: number }
  /** `node` is null for the body of a {% filter %} block or {% set x | f %}. */
  | { kind: 'filter'; node: Expr | null; name: string; call: CallArgs; at: number }
  | { kind: 'test'; node: Expr; name: string; call: CallArgs; at: number }
  | { kind: 'condexpr'; test: Expr; then: Expr; otherwise?: Expr; at: number }
  | { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr; at: number }
  | { kind: 'concat'; items: Expr[]; at: number }
  | { kind: 'and' | 'or'; left: Expr; right: Expr; at: number }
  | { kind: 'not' | 'neg' | 'pos'; operand: Expr; at: number }
  | { kind: 'compare'; first: Expr; ops: { op: CompareOperator; expr: Expr }[]; at: number }

/** What `set`, `for` and `with` may assign to. */
export type Target =
  | { kind: 'name'; name: string; at: number }
  | { kind: 'tuple'; items: Target[]; at: number }
  | { kind: 'nsref'; name: string; attr: string; at: number }

export interface Param {
  name: string
  default?: Expr
}

export type Stmt =
  | { kind: 'text'; text: string; at: number }
  | { kind: 'print'; expr: Expr; at: number }
  | { kind: 'if'; test: Expr; body: Stmt[]; otherwise: Stmt[]; at: number }
  | {
      kind: 'for'
      target: Target
      iter: Expr
      body: Stmt[]
      otherwise: Stmt[]
      filter?: Expr
      recursive: boolean
      at: number
    }
  | { kind: 'set'; target: Target; value: Expr; at: number }
  | { kind: 'setblock'; target: Target; body: Stmt[]; filter: Expr | null; at: number }
  | { kind: 'macro'; name: string; params: Param[]; body: Stmt[]; at: number }
  | { kind: 'callblock'; call: Expr & { kind: 'call' }; params: Param[]; body: Stmt[]; at: number }
  | { kind: 'filterblock'; filter: Expr; body: Stmt[]; at: number }
  | { kind: 'with'; targets: Target[]; values: Expr[]; body: Stmt[]; at: number }
  | { kind: 'include'; template: Expr; ignoreMissing: boolean; withContext: boolean; at: number }
  | { kind: 'import'; template: Expr; target: string; withContext: boolean; at: number }
  | { kind: 'fromimport'; template: Expr; names: [string, string][]; withContext: boolean; at: number }
  | { kind: 'block'; name: string; body: Stmt[]; at: number }

export interface TemplateAst {
  body: Stmt[]
  /** The prepared source the offsets refer to. */
  source: string
}
