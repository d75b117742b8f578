// Errors name where the template was written (moved to the failing line inside it) and
// carry the template text, so a user can find and fix it.
import { expect } from 'chai'
import { type SourcePos, TemplateError } from '../../../../engine/errors.js'
import { setKeyPos, setPos } from '../../../../engine/load/position.js'
import { makeTemplar } from './fake-library.js'

function failure(run: () => unknown): TemplateError {
  try {
    run()
  } catch (err) {
    expect(err).to.be.instanceOf(TemplateError)
    return err as TemplateError
  }
  return expect.fail('expected a TemplateError')
}

describe('template core: error positions and messages', () => {
  const { templar } = makeTemplar()
  const pos: SourcePos = { file: 'play.yml', line: 10, column: 12 }

  it('a syntax error points into the value and quotes the template', () => {
    const err = failure(() => templar.template('{{ 1 + }}', {}, { pos }))
    expect(err.message).to.equal("template error while templating string: unexpected 'end of print statement'. String: {{ 1 + }}")
    expect(err.pos).to.deep.equal({ file: 'play.yml', line: 10, column: 19 })
  })

  it('an undefined variable keeps its message and gets the position and template as a hint', () => {
    const err = failure(() => templar.template('{{ vm.disk }}', { vm: {} }, { pos }))
    expect(err.message).to.equal("'dict object' has no attribute 'disk'")
    expect(err.pos).to.deep.equal(pos)
    expect(err.hint).to.equal('while templating: {{ vm.disk }}')
    expect(err.describe()).to.equal("play.yml:10:12: 'dict object' has no attribute 'disk'\n  while templating: {{ vm.disk }}")
  })

  it('a failure on a later line of a template file names that line', () => {
    const file: SourcePos = { file: 'templates/net.xml.j2', line: 1, column: 1 }
    const err = failure(() => templar.renderString('<network>\n  <name>{{ net.name }}</name>\n  {{ net.bridge }}\n', { net: { name: 'n' } }, { pos: file }))
    expect(err.pos).to.deep.equal({ file: 'templates/net.xml.j2', line: 3, column: 3 })
  })

  it('an unknown filter or test is named, with a suggestion', () => {
    const err = failure(() => templar.template('{{ x | uper }}', { x: 'a' }))
    expect(err.message).to.equal("No filter named 'uper'.")
    expect(err.hint).to.equal("did you mean 'upper'?")
    expect(() => templar.template('{{ x is definedd }}', {})).to.throw("No test named 'definedd'.")
  })

  it('refused constructs say what is not supported', () => {
    expect(() => templar.template("{% extends 'base.j2' %}", {})).to.throw('template inheritance')
    expect(() => templar.template('{% autoescape true %}{% endautoescape %}', {})).to.throw('{% autoescape %} is not supported')
    expect(() => templar.template('{% for i in [1] %}{% break %}{% endfor %}', {})).to.throw("Encountered unknown tag 'break'")
  })

  it('nested values report their own position', () => {
    const args = { name: 'ok', value: '{{ missing }}' }
    setPos(args, { file: 'tasks.yml', line: 4, column: 7 })
    setKeyPos(args, 'value', { file: 'tasks.yml', line: 5, column: 14 })
    const err = failure(() => templar.template(args, {}, { pos }))
    expect(err.pos).to.deep.equal({ file: 'tasks.yml', line: 5, column: 14 })
  })

  it('a runaway recursion is reported as a recursive loop', () => {
    const vars = {}
    Object.defineProperty(vars, 'me', { get: () => templar.template('{{ me }}x', vars), enumerable: true })
    expect(() => templar.template('{{ me }}', vars)).to.throw('recursive loop detected in template string')
  })
})
