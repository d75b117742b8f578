import { expect } from 'chai'
import { didYouMean, suggestionSuffix } from '../../../engine/load/did-you-mean.js'

const KEYWORDS = ['name', 'notify', 'when', 'loop', 'become', 'become_user', 'delegate_to', 'register', 'tags', 'vars']

describe('didYouMean', () => {
  const cases: Array<[string, readonly string[], string | undefined]> = [
    ['notfy', KEYWORDS, 'notify'],
    ['nmae', KEYWORDS, 'name'],
    ['becom', KEYWORDS, 'become'],
    ['become_usr', KEYWORDS, 'become_user'],
    ['delegate_too', KEYWORDS, 'delegate_to'],
    ['Name', KEYWORDS, 'name'],
    ['brige', ['bridge', 'name', 'state'], 'bridge'],
    ['foo', KEYWORDS, undefined],
    ['x', KEYWORDS, undefined],
    ['completely_unrelated', KEYWORDS, undefined],
    ['name', KEYWORDS, undefined],
    ['anything', [], undefined],
  ]
  for (const [word, candidates, expected] of cases) {
    it(`${word} → ${expected ?? '(none)'}`, () => expect(didYouMean(word, candidates)).to.equal(expected))
  }

  it('takes any iterable', () => {
    expect(didYouMean('lop', new Set(['loop', 'vars']))).to.equal('loop')
  })

  it('suggestionSuffix is ready to append', () => {
    expect(suggestionSuffix('notfy', KEYWORDS)).to.equal("; did you mean 'notify'?")
    expect(suggestionSuffix('zzz', KEYWORDS)).to.equal('')
  })
})
