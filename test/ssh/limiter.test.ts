import { expect } from 'chai'
import { ChannelLimiter } from '../../engine/connection/ssh-channels.js'

describe('ChannelLimiter', () => {
  it('grants up to the limit at once and the rest in arrival order', async () => {
    const limiter = new ChannelLimiter(2)
    const order: number[] = []
    const releases = await Promise.all([limiter.acquire(), limiter.acquire()])
    const waiting = [3, 4, 5].map((n) => limiter.acquire().then((release) => (order.push(n), release)))
    await new Promise((r) => setImmediate(r))
    expect(order).to.deep.equal([])
    releases[0]!()
    releases[0]!() // a second release of the same slot changes nothing
    const third = await waiting[0]!
    await new Promise((r) => setImmediate(r))
    expect(order).to.deep.equal([3])
    releases[1]!()
    third()
    await Promise.all(waiting.slice(1))
    expect(order).to.deep.equal([3, 4, 5])
  })

  it('drops an aborted waiter from the queue', async () => {
    const limiter = new ChannelLimiter(1)
    const held = await limiter.acquire()
    const abort = new AbortController()
    const aborted = limiter.acquire(abort.signal)
    const next = limiter.acquire()
    abort.abort()
    expect(await aborted.then(() => 'granted', (e: Error) => e.name)).to.equal('AbortError')
    held()
    expect(typeof (await next)).to.equal('function')
  })

  it('fails every waiter when the connection goes, and lowers its limit to what the server took', async () => {
    const limiter = new ChannelLimiter(10)
    const held = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()])
    held.forEach(() => limiter.opened())
    expect(limiter.refused()).to.equal('lowered')
    expect(limiter.capacity).to.equal(3)
    const waiter = limiter.acquire()
    limiter.failWaiting(new Error('gone'))
    expect(await waiter.then(() => 'granted', (e: Error) => e.message)).to.equal('gone')
    held.forEach((release) => release())
  })

  it('takes a refusal below what the server allowed before as momentary, not as its limit', () => {
    const limiter = new ChannelLimiter(10)
    // Ten were open at once; nine closed; the server refuses one more for a moment.
    const closes = Array.from({ length: 10 }, () => limiter.opened())
    closes.slice(1).forEach((closed) => closed())
    expect(limiter.refused()).to.equal('transient')
    expect(limiter.capacity).to.equal(10)
    closes[0]!()
    expect(new ChannelLimiter(10).refused()).to.equal('transient')
  })
})
