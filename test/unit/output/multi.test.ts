import { expect } from 'chai'
import type { RunReporter } from '../../../engine/output/events.js'
import { MultiReporter } from '../../../engine/output/multi.js'

function recorder(log: string[], name: string, failOn?: string): RunReporter {
  return new Proxy({} as RunReporter, {
    get: (_t, method: string) => (...args: unknown[]) => {
      log.push(`${name}.${method}(${args.map((a) => JSON.stringify(a)).join(',')})`)
      if (method === failOn) throw new Error(`${name} broke`)
      return method === 'close' ? Promise.resolve() : undefined
    },
  })
}

describe('MultiReporter', () => {
  it('sends every event to each reporter in order', async () => {
    const log: string[] = []
    const multi = new MultiReporter([recorder(log, 'a'), recorder(log, 'b')])
    multi.warning('w')
    multi.verbose('v', 2, 'h')
    multi.handlerNotified('restart', 'h')
    await multi.close()
    expect(log).to.deep.equal(['a.warning("w")', 'b.warning("w")', 'a.verbose("v",2,"h")', 'b.verbose("v",2,"h")',
      'a.handlerNotified("restart","h")', 'b.handlerNotified("restart","h")', 'a.close()', 'b.close()'])
  })

  it('still feeds the others when one throws, then reports the error', () => {
    const log: string[] = []
    const multi = new MultiReporter([recorder(log, 'a', 'warning'), recorder(log, 'b')])
    expect(() => multi.warning('w')).to.throw('a broke')
    expect(log).to.deep.equal(['a.warning("w")', 'b.warning("w")'])
  })
})
