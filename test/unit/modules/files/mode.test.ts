import { expect } from 'chai'
import { applySymbolicMode, formatMode, formatStatMode, resolveMode } from '../../../../modules/lib/files/mode.js'
import { FileModuleFailure } from '../../../../modules/lib/files/failure.js'

describe('file modes', () => {
  const file = (mode: number) => ({ mode, isdir: false })
  const dir = (mode: number) => ({ mode, isdir: true })

  const cases: [string | number, { mode: number; isdir: boolean }, number][] = [
    ['0644', file(0o600), 0o644],
    ['644', file(0o600), 0o644],
    ['0o750', file(0o600), 0o750],
    [420, file(0o600), 0o644], // YAML 1.1 read 0644 as 420
    [0o4755, file(0), 0o4755],
    ['u=rw,g=r,o=r', file(0o777), 0o644],
    ['u+x', file(0o644), 0o744],
    ['a-w', file(0o664), 0o444],
    ['go-rwx', file(0o755), 0o700],
    ['+x', file(0o644), 0o755], // no class: the umask (022) applies
    ['+w', file(0o444), 0o644],
    ['u+rwX,g-w', file(0o664), 0o644], // X only for folders or already executable files
    ['u+rwX,g-w', dir(0o664), 0o744],
    ['u+X', file(0o610), 0o710],
    ['g=u', file(0o740), 0o770],
    ['o=g', file(0o750), 0o755],
    ['u+s,g+s,o+t', file(0o755), 0o7755],
    ['u=rwx', file(0o4755), 0o755], // = clears setuid with the class
    ['u=rw,u+x', file(0), 0o700],
  ]
  for (const [param, base, expected] of cases) {
    it(`${JSON.stringify(param)} on ${formatMode(base.mode)}${base.isdir ? ' (folder)' : ''} is ${formatMode(expected)}`, () => {
      expect(resolveMode(param, base)).to.equal(expected)
    })
  }

  for (const bad of ['u=rwz', 'x+r', 'u', 'rw', '0999']) {
    it(`rejects ${bad} like Ansible`, () => {
      expect(() => resolveMode(bad, file(0o644))).to.throw(FileModuleFailure, 'mode must be in octal or symbolic form')
    })
  }

  it('formats modes the way file results and stat results differ', () => {
    expect(formatMode(0o644)).to.equal('0644')
    expect(formatMode(0o4755)).to.equal('04755')
    expect(formatMode(0o7)).to.equal('0007')
    expect(formatStatMode(0o644)).to.equal('0644')
    expect(formatStatMode(0o4755)).to.equal('4755')
  })

  it('applies clauses in order, each seeing the result of the previous', () => {
    expect(applySymbolicMode('a=,u+r', file(0o777))).to.equal(0o400)
  })
})
