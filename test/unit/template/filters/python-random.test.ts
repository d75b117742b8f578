import { expect } from 'chai'
import { PyRandom, randrange, shuffleInPlace } from '../../../../engine/template/filters/python-random.js'

// Values printed by Python 3.11's random.Random with the same seeds.
describe('python-random: Mersenne Twister with Python seeding', () => {
  it('getrandbits matches Random(42)', () => {
    const r = new PyRandom(42)
    expect([r.getrandbits(32), r.getrandbits(32), r.getrandbits(32), r.getrandbits(40)]).to.deep.equal([2746317213, 478163327, 107420369, 303832645883])
  })

  it('seeds from a string as Python does (text + its SHA-512)', () => {
    const r = new PyRandom('web01')
    expect(Array.from({ length: 5 }, () => randrange(r, 0, 100, 1))).to.deep.equal([45, 49, 1, 23, 81])
  })

  it('shuffles and seeds from large integers like Python', () => {
    expect(shuffleInPlace(new PyRandom(0), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).to.deep.equal([7, 8, 1, 5, 3, 4, 2, 0, 9, 6])
    expect(randrange(new PyRandom(2 ** 40 + 5), 0, 1000, 1)).to.equal(516)
  })

  it('rejects empty ranges', () => {
    expect(() => randrange(new PyRandom(1), 5, 5, 1)).to.throw('empty range for randrange(5, 5, 1)')
    expect(() => randrange(new PyRandom(1), 0, 5, 0)).to.throw('zero step for randrange()')
  })
})
