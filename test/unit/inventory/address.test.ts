import { expect } from 'chai'
import { expandHostPattern, parseAddress } from '../../../engine/inventory/address.js'

describe('inventory host addresses', () => {
  const addresses: Array<[string, string, number | undefined]> = [
    ['web01', 'web01', undefined],
    ['web01:2222', 'web01', 2222],
    ['db.example.com:22', 'db.example.com', 22],
    ['192.168.1.10:8022', '192.168.1.10', 8022],
    ['[::1]:23', '::1', 23],
    ['fe80::1', 'fe80::1', undefined],
    ['[web01]:22', 'web01', 22],
    ['web[1:3]', 'web[1:3]', undefined],
  ]
  for (const [text, host, port] of addresses) {
    it(`parses ${text}`, () => {
      expect(parseAddress(text, true)).to.deep.equal({ host, port })
    })
  }

  it('refuses what is not a host name, and ranges when they are not allowed', () => {
    expect(() => parseAddress('bad_', true)).to.throw('Not a valid network hostname')
    expect(() => parseAddress('a b', true)).to.throw('Not a valid network hostname')
    expect(() => parseAddress('web[1:3]', false)).to.throw('Detected range')
  })

  const ranges: Array<[string, string[], number?]> = [
    ['web[01:03]', ['web01', 'web02', 'web03']],
    ['web[1:10:4]', ['web1', 'web5', 'web9']],
    ['db-[a:c]', ['db-a', 'db-b', 'db-c']],
    ['x[y:B]', ['xy', 'xz', 'xA', 'xB']],
    ['n[:2]', ['n0', 'n1', 'n2']],
    ['r[1:2]-[a:b]', ['r1-a', 'r1-b', 'r2-a', 'r2-b']],
    ['10.0.0.[1:2]', ['10.0.0.1', '10.0.0.2']],
    ['web[1:2]:2222', ['web1', 'web2'], 2222],
    ['h-[08:10]', ['h-08', 'h-09', 'h-10']],
  ]
  for (const [pattern, hosts, port] of ranges) {
    it(`expands ${pattern}`, () => {
      expect(expandHostPattern(pattern)).to.deep.equal({ hosts, port })
    })
  }

  it('reports bad ranges', () => {
    expect(() => expandHostPattern('web[1:x]')).to.throw("invalid number in host range: 'x'")
    expect(() => expandHostPattern('web[01:100]')).to.throw('equal-length')
    expect(() => expandHostPattern('web[1:]')).to.throw('must specify end value')
    expect(() => expandHostPattern('web[c:a]')).to.throw('begin <= end')
    expect(() => expandHostPattern('web[1]')).to.throw('begin:end')
  })
})
