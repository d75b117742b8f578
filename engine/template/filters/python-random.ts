// Python's random.Random: the Mersenne Twister with Python's seeding, so that
// `random(seed=inventory_hostname)` and `shuffle(seed=...)` pick the same values as
// Ansible does (playbooks rely on this for stable per-host cron minutes and the like).
import { createHash, randomInt } from 'node:crypto'
import { TemplateError } from '../../errors.js'

const N = 624
const M = 397

export interface RandomSource {
  /** An integer in [0, n). */
  below(n: number): number
}

/** Python's Random(seed) for an int or str seed. */
export class PyRandom implements RandomSource {
  private readonly state = new Uint32Array(N)
  private index = N + 1

  constructor(seed: number | bigint | string) {
    this.initByArray(seedWords(seed))
  }

  /** Python's _randbelow: rejection sampling over getrandbits(n.bit_length()). */
  below(n: number): number {
    if (n <= 0) throw new TemplateError('Cannot choose from an empty sequence')
    const bits = n.toString(2).length
    let r = this.getrandbits(bits)
    while (r >= n) r = this.getrandbits(bits)
    return r
  }

  /** Python's getrandbits(k) for k up to 53 (enough for template ranges). */
  getrandbits(k: number): number {
    if (k <= 32) return this.next32() >>> (32 - k)
    const low = this.next32()
    const high = this.next32() >>> (64 - k)
    return high * 2 ** 32 + low
  }

  private initGenrand(seed: number): void {
    const mt = this.state
    mt[0] = seed >>> 0
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30)
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0
    }
    this.index = N
  }

  private initByArray(key: number[]): void {
    const mt = this.state
    this.initGenrand(19650218)
    let i = 1
    let j = 0
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30)
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0
      i++
      j++
      if (i >= N) {
        mt[0] = mt[N - 1]
        i = 1
      }
      if (j >= key.length) j = 0
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30)
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0
      i++
      if (i >= N) {
        mt[0] = mt[N - 1]
        i = 1
      }
    }
    mt[0] = 0x80000000
  }

  private next32(): number {
    if (this.index >= N) this.twist()
    let y = this.state[this.index++]
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    y ^= y >>> 18
    return y >>> 0
  }

  private twist(): void {
    const mt = this.state
    for (let k = 0; k < N; k++) {
      const y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff)
      mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)
    }
    this.index = 0
  }
}

/** Python's seed → key words: abs(int), or str bytes followed by their SHA-512. */
function seedWords(seed: number | bigint | string): number[] {
  let n: bigint
  if (typeof seed === 'string') {
    const bytes = Buffer.from(seed, 'utf8')
    const all = Buffer.concat([bytes, createHash('sha512').update(bytes).digest()])
    n = BigInt(`0x${all.toString('hex')}`)
  } else {
    n = BigInt(seed)
    if (n < 0n) n = -n
  }
  const words: number[] = []
  while (n > 0n) {
    words.push(Number(n & 0xffffffffn))
    n >>= 32n
  }
  return words.length > 0 ? words : [0]
}

/** Unseeded randomness (Python's SystemRandom). */
export const systemRandom: RandomSource = {
  below: (n) => {
    if (n <= 0) throw new TemplateError('Cannot choose from an empty sequence')
    return randomInt(n)
  },
}

/** Python's randrange(start, stop, step). */
export function randrange(source: RandomSource, start: number, stop: number, step: number): number {
  const width = stop - start
  if (step === 1) {
    if (width > 0) return start + source.below(width)
    throw new TemplateError(`empty range for randrange(${start}, ${stop}, ${step})`)
  }
  if (step === 0) throw new TemplateError('zero step for randrange()')
  const n = step > 0 ? Math.floor((width + step - 1) / step) : Math.floor((width + step + 1) / step)
  if (n <= 0) throw new TemplateError('empty range for randrange()')
  return start + step * source.below(n)
}

/** Python's shuffle: Fisher-Yates from the end, in place. */
export function shuffleInPlace<T>(source: RandomSource, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = source.below(i + 1)
    ;[items[i], items[j]] = [items[j], items[i]]
  }
  return items
}
