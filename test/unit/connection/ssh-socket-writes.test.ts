import { expect } from 'chai'
import { once } from 'node:events'
import { createServer, connect, type Socket } from 'node:net'
import { coalesceWrites } from '../../../engine/connection/ssh-socket-writes.js'

describe('coalesceWrites', () => {
  it('corks the first write of a turn and uncorks once, after the turn', async () => {
    const calls: string[] = []
    const fake = {
      destroyed: false,
      cork: () => calls.push('cork'),
      uncork: () => calls.push('uncork'),
      write: (chunk: string) => (calls.push(`write ${chunk}`), true),
    } as unknown as Socket
    coalesceWrites(fake)
    fake.write('a')
    fake.write('b')
    await Promise.resolve()
    fake.write('c')
    expect(calls).to.deep.equal(['cork', 'write a', 'write b', 'write c'])
    await new Promise((r) => setImmediate(r))
    expect(calls).to.deep.equal(['cork', 'write a', 'write b', 'write c', 'uncork'])
    fake.write('d')
    await new Promise((r) => setImmediate(r))
    expect(calls.slice(5)).to.deep.equal(['cork', 'write d', 'uncork'])
  })

  it('delivers every byte in order over a real socket', async () => {
    const server = createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const port = (server.address() as { port: number }).port
    const received: Buffer[] = []
    const ended = new Promise<void>((resolve) => server.on('connection', (s) => s.on('data', (d: Buffer) => received.push(d)).on('end', resolve)))
    const sock = coalesceWrites(connect(port, '127.0.0.1'))
    await once(sock, 'connect')
    const parts = Array.from({ length: 200 }, (_, i) => `${i},`)
    for (const [i, p] of parts.entries()) {
      sock.write(p)
      if (i % 50 === 0) await new Promise((r) => setImmediate(r))
    }
    sock.end()
    await ended
    server.close()
    expect(Buffer.concat(received).toString()).to.equal(parts.join(''))
  })
})
