// The `yaml` package's CST tokens, lexed with PyYAML's leniency. The YAML spec wants the
// continuation lines of a quoted scalar and of a flow collection indented deeper than
// the enclosing block; PyYAML (and so Ansible) does not check that, and playbooks rely
// on it:
//
//     he_host_ip: "{{
//     (hostname_output.stdout.split() | ipaddr)[0]
//     }}"
//
// The package's lexer enforces that indentation only through its `indentNext` field, so
// lexing those two constructs with `indentNext` at 0 accepts them exactly as PyYAML
// does (document markers still end them). The package keeps these members private, so
// this file is the one place that reaches into them.
import { Lexer, Parser, type CST } from 'yaml'

/** The members of Lexer this file relies on (private in the package's typings). */
interface LexerInternals {
  indentNext: number
  parseQuotedScalar(): Generator<string, string>
  parseFlowCollection(): Generator<string, string>
}

/** Run `method` of the lexer with no indentation required of continuation lines. */
function withoutIndentCheck(lexer: LexerInternals, name: 'parseQuotedScalar' | 'parseFlowCollection'): void {
  const original = lexer[name]
  if (typeof original !== 'function') throw new Error(`yaml package changed: Lexer.${name} is missing`)
  lexer[name] = function* (this: LexerInternals) {
    const saved = this.indentNext
    this.indentNext = 0
    try {
      return yield* original.call(this)
    } finally {
      this.indentNext = saved
    }
  }
}

function lenientLexer(): Lexer {
  const lexer = new Lexer()
  const internals = lexer as unknown as LexerInternals
  if (typeof internals.indentNext !== 'number') throw new Error('yaml package changed: Lexer.indentNext is missing')
  withoutIndentCheck(internals, 'parseQuotedScalar')
  withoutIndentCheck(internals, 'parseFlowCollection')
  return lexer
}

/** CST tokens of `source`, reporting the start of each line to `onNewLine` (a LineCounter). */
export function* lenientTokens(source: string, onNewLine: (offset: number) => void): Generator<CST.Token> {
  const parser = new Parser(onNewLine)
  onNewLine(0)
  for (const lexeme of lenientLexer().lex(source)) yield* parser.next(lexeme)
  yield* parser.end()
}
