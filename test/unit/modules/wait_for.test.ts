import { expect } from 'chai'
import { createServer, type Server } from 'node:net'
import waitFor, { type WaitForParams } from '../../../modules/wait_for.js'
import { countActive, procHex } from '../../../modules/lib/proc-net.js'
import { LocalConnection } from '../../../engine/connection/local.js'
import { TaskHost } from '../../../engine/module.js'
import { FakeHost, fakeContext } from './fake-host.js'

const defaults: WaitForParams = {
  host: '127.0.0.1',
  timeout: 2,
  connect_timeout: 1,
  delay: 0,
  active_connection_states: ['ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'SYN_RECV', 'SYN_SENT', 'TIME_WAIT'],
  state: 'started',
  sleep: 0,
}
const params = (p: Partial<WaitForParams>): WaitForParams => ({ ...defaults, ...p })

describe('wait_for module', () => {
  it('waits for a file to appear', async () => {
    const host = new FakeHost()
    let checks = 0
    const stat = host.stat.bind(host)
    host.stat = async (path, opts) => {
      if (++checks === 3) host.withFile('/run/ready', 'ok')
      return stat(path, opts)
    }
    const out = await waitFor.run(host, params({ path: '/run/ready' }), fakeContext())
    expect(out.kind).to.equal('ok')
    expect(out.result).to.include({ state: 'started', path: '/run/ready', port: null, search_regex: null, elapsed: 0 })
    expect(checks).to.equal(3)
  })

  it('finds a multiline regex in the file and returns its groups', async () => {
    const host = new FakeHost().withFile('/var/log/install.log', 'step 1\nThe Undercloud has been installed in 42 minutes\n')
    const regex = '^The (?P<what>\\w+) has been installed in (\\d+)'
    const out = await waitFor.run(host, params({ path: '/var/log/install.log', search_regex: regex }), fakeContext())
    expect(out.result).to.include({ search_regex: regex })
    expect(out.result.match_groups).to.deep.equal(['Undercloud', '42'])
    expect(out.result.match_groupdict).to.deep.equal({ what: 'Undercloud' })
  })

  const timeouts: [string, Partial<WaitForParams>, string][] = [
    ['a file', { path: '/nope', timeout: 1 }, 'Timeout when waiting for file /nope'],
    ['a string in a file', { path: '/etc/motd', search_regex: 'never', timeout: 1 }, 'Timeout when waiting for search string never in /etc/motd'],
    ['a file to go', { path: '/etc/motd', state: 'absent', timeout: 1 }, 'Timeout when waiting for /etc/motd to be absent.'],
    ['a port', { port: 22, timeout: 1 }, 'Timeout when waiting for 127.0.0.1:22'],
    ['a custom message', { port: 22, timeout: 1, msg: 'BMC is down' }, 'BMC is down'],
  ]
  for (const [title, p, msg] of timeouts) {
    it(`fails after the timeout for ${title}`, async () => {
      const host = new FakeHost().withFile('/etc/motd', 'hello').onExec('timeout', { rc: 1 })
      const out = await waitFor.run(host, params(p), fakeContext())
      expect(out.kind).to.equal('fail')
      expect(out.result).to.include({ msg })
      expect(out.result.elapsed).to.be.a('number')
    })
  }

  it('probes a port on the target with bash under timeout, passing host and port as arguments', async () => {
    const host = new FakeHost().onExec('timeout', { rc: 1 }, 2).onExec('timeout', { rc: 0 })
    const out = await waitFor.run(host, params({ host: '10.0.0.5', port: 6230 }), fakeContext())
    expect(out.kind).to.equal('ok')
    expect(host.execs).to.have.length(3)
    const argv = host.execs[0] as string[]
    expect(argv.slice(0, 3)).to.deep.equal(['timeout', '1', 'bash'])
    expect(argv.slice(-2)).to.deep.equal(['10.0.0.5', '6230'])
  })

  it('waits for a port to stop', async () => {
    const host = new FakeHost().onExec('timeout', { rc: 0 }, 1).onExec('timeout', { rc: 124 })
    const out = await waitFor.run(host, params({ port: 80, state: 'stopped' }), fakeContext())
    expect(out.kind).to.equal('ok')
    expect(host.execs).to.have.length(2)
  })

  it('says what is missing when the target has no bash or timeout', async () => {
    const host = new FakeHost().onExec('timeout', { rc: 127, stderr: 'timeout: not found' })
    const out = await waitFor.run(host, params({ port: 80 }), fakeContext())
    expect(out.kind).to.equal('fail')
    expect(String(out.result.msg)).to.match(/needs bash and timeout/)
  })

  const invalid: [Partial<WaitForParams>, string][] = [
    [{ port: 1, path: '/x' }, 'port and path parameter can not both be passed to wait_for'],
    [{ path: '/x', state: 'stopped' }, 'state=stopped should only be used for checking a port in the wait_for module'],
    [{ port: 1, exclude_hosts: ['a'] }, 'exclude_hosts should only be with state=drained'],
  ]
  for (const [p, msg] of invalid) {
    it(`refuses ${JSON.stringify(p)}`, async () => {
      const out = await waitFor.run(new FakeHost(), params(p), fakeContext())
      expect(out).to.deep.equal({ kind: 'fail', result: { msg, elapsed: 0 } })
    })
  }

  it('waits for a port to drain, from /proc/net/tcp', async () => {
    const busy = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1',
    ].join('\n')
    const host = new FakeHost().withFile('/proc/net/tcp', busy)
    setTimeout(() => host.withFile('/proc/net/tcp', busy.split('\n')[0]!), 300)
    const out = await waitFor.run(host, params({ port: 8080, state: 'drained' }), fakeContext())
    expect(out.kind).to.equal('ok')
  })

  describe('against real sockets on this machine', () => {
    let server: Server
    let port: number
    before((done) => {
      server = createServer((socket) => {
        // Probes that only connect hang up at once: that reset is expected.
        socket.on('error', () => {})
        socket.end('SSH-2.0-FakeServer\r\n')
      })
      server.listen(0, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port
        done()
      })
    })
    after((done) => {
      server.close(() => done())
    })

    it('sees an open port and reads a banner', async () => {
      const host = new TaskHost('localhost', new LocalConnection(), {})
      const open = await waitFor.run(host, params({ port }), fakeContext())
      expect(open.kind).to.equal('ok')
      const banner = await waitFor.run(host, params({ port, search_regex: 'SSH-(\\d\\.\\d)' }), fakeContext())
      expect(banner.kind).to.equal('ok')
      expect(banner.result.match_groups).to.deep.equal(['2.0'])
    })
  })
})

describe('/proc/net/tcp parsing', () => {
  const cases: [string, string][] = [
    ['127.0.0.1', '0100007F'],
    ['0.0.0.0', '00000000'],
    ['::1', '00000000000000000000000001000000'],
    ['::ffff:1.2.3.4', '0000000000000000FFFF000004030201'],
  ]
  for (const [ip, hex] of cases) {
    it(`writes ${ip} as ${hex}`, () => expect(procHex(ip).hex).to.equal(hex))
  }

  it('counts active connections on the port, honouring match-all and excluded hosts', () => {
    const table = [
      '  sl  local_address rem_address   st',
      '   0: 0100007F:0050 0200007F:C350 01',
      '   1: 0100007F:0050 0300007F:C351 06',
      '   2: 0100007F:0050 0400007F:C352 0A',
      '   3: 0100007F:0051 0200007F:C353 01',
    ].join('\n')
    const spec = { port: 80, addresses: [procHex('0.0.0.0')], excluded: [procHex('127.0.0.3')], states: ['ESTABLISHED', 'TIME_WAIT'] }
    expect(countActive(table, 4, spec)).to.equal(1)
    expect(countActive(table, 6, spec)).to.equal(0)
  })
})
